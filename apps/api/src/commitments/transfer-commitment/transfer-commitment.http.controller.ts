import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import {
  commitmentDecider,
  commitmentStreamName,
  decideWith,
  type TransferCommitment,
} from '@hitos/domain';
import { CommandHandling } from '@hitos/event-store';
import { Roles } from '../../auth/auth.decorators';
import { ApiCommandErrors } from '../../http/api-errors.decorator';
import { CommandResponseDto, commandResponse, plain } from '../../http/command-response';
import { IdPipe } from '../../http/id.pipe';
import { TransferChain } from '../transfer-chain';
import { institutionRef } from '../../http/stream-refs';
import { TransferCommitmentRequestDto } from './transfer-commitment.request.dto';

@ApiTags('commitments')
@Controller('commitments')
export class TransferCommitmentHttpController {
  constructor(
    private readonly commands: CommandHandling,
    private readonly chain: TransferChain,
  ) {}

  @Post(':commitmentId/transfer')
  @HttpCode(201)
  @Roles('presidency')
  @ApiOperation({
    summary: 'Trasladar un compromiso a otra institución / transfer a commitment',
    description:
      'After an institutional redesign, the Presidency transfers the commitment to the competent institution, naming the receiving unit and the new administrator and citing the Core Group’s concurrence with this transfer. The commitment then awaits the formal information handover. Only while TransferPending.',
  })
  @ApiCreatedResponse({ type: CommandResponseDto })
  @ApiConflictResponse({
    description:
      'TRANSFER_CONCURRENCE_MISSING, TRANSFER_TO_SAME_INSTITUTION, INSTITUTION_NOT_ACTIVE, COMMAND_NOT_ALLOWED_IN_STATUS, COMMITMENT_CLOSED, COMMITMENT_WITHDRAWN (404: COMMITMENT_NOT_FOUND, INSTITUTION_NOT_FOUND)',
  })
  @ApiCommandErrors()
  async transfer(
    @Param('commitmentId', IdPipe) commitmentId: string,
    @Body() body: TransferCommitmentRequestDto,
    @Res({ passthrough: true }) res: Response,
  ) {
    const result = await transferCommitment(this.commands, this.chain, commitmentId, plain(body));
    return commandResponse(commitmentId, result, res);
  }
}

/**
 * Reads the receiving institution (it must exist and be active), then decides; the bulk
 * POST /commitments/transfer-decisions runs each `transfer` item through here.
 */
export async function transferCommitment(
  commands: CommandHandling,
  chain: TransferChain,
  commitmentId: string,
  data: Omit<TransferCommitment['data'], 'context'>,
) {
  const receivingInstitution = await institutionRef(commands, data.toInstitutionId);
  return chain.continue(commitmentId, 'TransferCommitment', () =>
    commands.handle(
      commitmentStreamName(commitmentId),
      commitmentDecider,
      decideWith(commitmentDecider, 'TransferCommitment', {
        ...data,
        context: { receivingInstitution },
      }),
    ),
  );
}
