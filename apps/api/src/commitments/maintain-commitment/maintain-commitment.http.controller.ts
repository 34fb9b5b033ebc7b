import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import {
  commitmentDecider,
  commitmentStreamName,
  decideWith,
  type MaintainCommitment,
} from '@hitos/domain';
import { CommandHandling } from '@hitos/event-store';
import { Roles } from '../../auth/auth.decorators';
import { ApiCommandErrors } from '../../http/api-errors.decorator';
import { CommandResponseDto, commandResponse, plain } from '../../http/command-response';
import { IdPipe } from '../../http/id.pipe';
import { TransferChain } from '../transfer-chain';
import { responsibleInstitutionOf } from '../../http/stream-refs';
import { MaintainCommitmentRequestDto } from './maintain-commitment.request.dto';

@ApiTags('commitments')
@Controller('commitments')
export class MaintainCommitmentHttpController {
  constructor(
    private readonly commands: CommandHandling,
    private readonly chain: TransferChain,
  ) {}

  @Post(':commitmentId/maintenance')
  @HttpCode(201)
  @Roles('presidency')
  @ApiOperation({
    summary: 'Mantener un compromiso en su institución / keep a commitment with its institution',
    description:
      'After an institutional redesign, the Presidency keeps the commitment with its responsible institution, citing the Core Group’s concurrence to keep it; the commitment resumes the status it had. Only while TransferPending, and only if the institution still exists.',
  })
  @ApiCreatedResponse({ type: CommandResponseDto })
  @ApiConflictResponse({
    description:
      'TRANSFER_CONCURRENCE_MISSING, MAINTAIN_INSTITUTION_ENDED, COMMAND_NOT_ALLOWED_IN_STATUS, COMMITMENT_CLOSED, COMMITMENT_WITHDRAWN (404: COMMITMENT_NOT_FOUND)',
  })
  @ApiCommandErrors()
  async maintain(
    @Param('commitmentId', IdPipe) commitmentId: string,
    @Body() body: MaintainCommitmentRequestDto,
    @Res({ passthrough: true }) res: Response,
  ) {
    const result = await maintainCommitment(this.commands, this.chain, commitmentId, plain(body));
    return commandResponse(commitmentId, result, res);
  }
}

/**
 * Reads the commitment's responsible institution (it must still exist to keep it), then
 * decides; the bulk POST /commitments/transfer-decisions runs each `maintain` item through here.
 */
export async function maintainCommitment(
  commands: CommandHandling,
  chain: TransferChain,
  commitmentId: string,
  data: Omit<MaintainCommitment['data'], 'context'>,
) {
  const institution = await responsibleInstitutionOf(commands, commitmentId);
  return chain.continue(commitmentId, 'MaintainCommitment', () =>
    commands.handle(
      commitmentStreamName(commitmentId),
      commitmentDecider,
      decideWith(commitmentDecider, 'MaintainCommitment', { ...data, context: { institution } }),
    ),
  );
}
