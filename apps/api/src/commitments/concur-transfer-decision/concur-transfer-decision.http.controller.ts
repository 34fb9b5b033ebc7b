import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import {
  commitmentDecider,
  commitmentStreamName,
  decideWith,
  type ConcurTransferDecision,
} from '@hitos/domain';
import { CommandHandling } from '@hitos/event-store';
import { Roles } from '../../auth/auth.decorators';
import { ApiCommandErrors } from '../../http/api-errors.decorator';
import { CommandResponseDto, commandResponse, plain } from '../../http/command-response';
import { IdPipe } from '../../http/id.pipe';
import { TransferChain } from '../transfer-chain';
import { planOfCommitment } from '../../http/stream-refs';
import { ConcurTransferDecisionRequestDto } from './concur-transfer-decision.request.dto';

@ApiTags('commitments')
@Controller('commitments')
export class ConcurTransferDecisionHttpController {
  constructor(
    private readonly commands: CommandHandling,
    private readonly chain: TransferChain,
  ) {}

  @Post(':commitmentId/transfer-concurrences')
  @HttpCode(201)
  @Roles('core-group')
  @ApiOperation({
    summary: 'Concurrir en mantener o trasladar un compromiso / concur on keeping or transferring',
    description:
      "A member of the plan's Core Group (the token's subject is the member id) concurs with keeping the commitment with its redesigned institution or transferring it to another; the Presidency then decides citing this concurrence. Only while the commitment is TransferPending.",
  })
  @ApiCreatedResponse({ type: CommandResponseDto })
  @ApiConflictResponse({
    description:
      'COMMAND_NOT_ALLOWED_IN_STATUS, COMMITMENT_CLOSED, COMMITMENT_WITHDRAWN (403: TRANSFER_CONCURRENCE_NOT_CORE_GROUP; 404: COMMITMENT_NOT_FOUND)',
  })
  @ApiCommandErrors()
  async concur(
    @Param('commitmentId', IdPipe) commitmentId: string,
    @Body() body: ConcurTransferDecisionRequestDto,
    @Res({ passthrough: true }) res: Response,
  ) {
    const result = await concurTransferDecision(
      this.commands,
      this.chain,
      commitmentId,
      plain(body),
    );
    return commandResponse(commitmentId, result, res);
  }
}

/**
 * Reads the commitment's plan (its Core Group says who may concur), then decides; the bulk
 * POST /commitments/transfer-concurrences runs each item through here.
 */
export async function concurTransferDecision(
  commands: CommandHandling,
  chain: TransferChain,
  commitmentId: string,
  data: Omit<ConcurTransferDecision['data'], 'context'>,
) {
  const plan = await planOfCommitment(commands, commitmentId);
  return chain.continue(commitmentId, 'ConcurTransferDecision', () =>
    commands.handle(
      commitmentStreamName(commitmentId),
      commitmentDecider,
      decideWith(commitmentDecider, 'ConcurTransferDecision', { ...data, context: { plan } }),
    ),
  );
}
