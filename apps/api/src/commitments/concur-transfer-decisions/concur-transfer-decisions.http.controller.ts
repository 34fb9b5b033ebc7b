import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { CommandHandling } from '@hitos/event-store';
import { Roles } from '../../auth/auth.decorators';
import { plain } from '../../http/command-response';
import { concurTransferDecision } from '../concur-transfer-decision/concur-transfer-decision.http.controller';
import { ApiBulkCommand, BulkCommands } from '../decide-transfers/bulk-commands';
import { ConcurTransferDecisionsRequestDto } from './concur-transfer-decisions.request.dto';
import { TransferChain } from '../transfer-chain';

@ApiTags('commitments')
@Controller('commitments')
export class ConcurTransferDecisionsHttpController {
  constructor(
    private readonly bulk: BulkCommands,
    private readonly commands: CommandHandling,
    private readonly chain: TransferChain,
  ) {}

  /** 200 with per-item statuses, like POST /commitments/transfer-decisions (see there why). */
  @Post('transfer-concurrences')
  @HttpCode(200)
  @Roles('core-group')
  @ApiOperation({
    summary:
      'Concurrir en bloque sobre mantener o trasladar compromisos / concur on several commitments',
    description:
      'A Core Group member concurs on several pending commitments at once, each as POST …/transfer-concurrences would. Each item is its own command; one that fails neither undoes nor stops the others. Results come in request order.',
  })
  @ApiBulkCommand()
  concur(@Body() body: ConcurTransferDecisionsRequestDto, @Req() request: Request) {
    return this.bulk.run(
      'concurrences',
      body.concurrences,
      (item) => {
        const { commitmentId, ...data } = plain(item);
        return concurTransferDecision(this.commands, this.chain, commitmentId, data);
      },
      request,
    );
  }
}
