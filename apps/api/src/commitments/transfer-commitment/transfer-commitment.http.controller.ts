import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiConflictResponse, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles } from '../../auth/auth.decorators';
import { ApiCommandErrors } from '../../http/api-errors.decorator';
import { CommandResponseDto, commandResponse, plain } from '../../http/command-response';
import { IdPipe } from '../../http/id.pipe';
import { TransferCommitmentCommand } from './transfer-commitment.command';
import { TransferCommitmentRequestDto } from './transfer-commitment.request.dto';

@ApiTags('commitments')
@Controller('commitments')
export class TransferCommitmentHttpController {
  constructor(private readonly commandBus: CommandBus) {}

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
    const result = await this.commandBus.execute(
      new TransferCommitmentCommand(commitmentId, plain(body)),
    );
    return commandResponse(commitmentId, result, res);
  }
}
