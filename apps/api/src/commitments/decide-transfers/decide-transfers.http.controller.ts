import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { CommandHandling } from '@hitos/event-store';
import { Roles } from '../../auth/auth.decorators';
import { plain } from '../../http/command-response';
import { maintainCommitment } from '../maintain-commitment/maintain-commitment.http.controller';
import { transferCommitment } from '../transfer-commitment/transfer-commitment.http.controller';
import { ApiBulkCommand, BulkCommands } from './bulk-commands';
import {
  DecideTransfersRequestDto,
  type TransferDecisionItemDto,
} from './decide-transfers.request.dto';
import { TransferChain } from '../transfer-chain';

@ApiTags('commitments')
@Controller('commitments')
export class DecideTransfersHttpController {
  constructor(
    private readonly bulk: BulkCommands,
    private readonly commands: CommandHandling,
    private readonly chain: TransferChain,
  ) {}

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
    return this.bulk.run('decisions', body.decisions, (item) => this.decideOne(item), request);
  }

  private decideOne(item: TransferDecisionItemDto) {
    const { commitmentId, decision, reason, toInstitutionId, receivingUnit, administrator } =
      plain(item);
    if (decision === 'maintain')
      return maintainCommitment(this.commands, this.chain, commitmentId, { reason });
    // Validation made the transfer fields present for a transfer.
    return transferCommitment(this.commands, this.chain, commitmentId, {
      toInstitutionId: toInstitutionId!,
      receivingUnit: receivingUnit!,
      administrator: administrator!,
      reason,
    });
  }
}
