import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiConflictResponse, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles } from '../../auth/auth.decorators';
import { ApiCommandErrors } from '../../http/api-errors.decorator';
import { CommandResponseDto, commandResponse, plain } from '../../http/command-response';
import { IdPipe } from '../../http/id.pipe';
import { ConcurTransferDecisionCommand } from './concur-transfer-decision.command';
import { ConcurTransferDecisionRequestDto } from './concur-transfer-decision.request.dto';

@ApiTags('commitments')
@Controller('commitments')
export class ConcurTransferDecisionHttpController {
  constructor(private readonly commandBus: CommandBus) {}

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
    const result = await this.commandBus.execute(
      new ConcurTransferDecisionCommand(commitmentId, plain(body)),
    );
    return commandResponse(commitmentId, result, res);
  }
}
