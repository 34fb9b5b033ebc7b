import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Roles } from '../../auth/auth.decorators';
import { plain } from '../../http/command-response';
import { MaintainCommitmentCommand } from '../maintain-commitment/maintain-commitment.command';
import { TransferCommitmentCommand } from '../transfer-commitment/transfer-commitment.command';
import { ApiBulkCommand, BulkCommands } from './bulk-commands';
import {
  DecideTransfersRequestDto,
  type TransferDecisionItemDto,
} from './decide-transfers.request.dto';

@ApiTags('commitments')
@Controller('commitments')
export class DecideTransfersHttpController {
  constructor(private readonly bulk: BulkCommands) {}

  /**
   * 200, not 207: Multi-Status is WebDAV's, defined with an XML multistatus body, and clients
   * and proxies treat it unevenly. The request itself succeeded (every item was attempted);
   * each item's outcome is its own `status` in the body, as the single endpoint would give it.
   */
  @Post('transfer-decisions')
  @HttpCode(200)
  @Roles('presidency')
  @ApiOperation({
    summary:
      'Decidir en bloque mantener o trasladar compromisos / keep or transfer several commitments',
    description:
      'One redesign often leaves several commitments pending: the Presidency decides each (as POST …/maintenance or POST …/transfer would), in one request. Each item is its own command; one that fails neither undoes nor stops the others. Results come in request order, each with the status and body (or problem+json) of the single request.',
  })
  @ApiBulkCommand()
  decide(@Body() body: DecideTransfersRequestDto, @Req() request: Request) {
    return this.bulk.run('decisions', body.decisions, toCommand, request);
  }
}

function toCommand(item: TransferDecisionItemDto) {
  const { commitmentId, decision, reason, toInstitutionId, receivingUnit, administrator } =
    plain(item);
  if (decision === 'maintain') return new MaintainCommitmentCommand(commitmentId, { reason });
  // Validation made the transfer fields present for a transfer.
  return new TransferCommitmentCommand(commitmentId, {
    toInstitutionId: toInstitutionId!,
    receivingUnit: receivingUnit!,
    administrator: administrator!,
    reason,
  });
}
