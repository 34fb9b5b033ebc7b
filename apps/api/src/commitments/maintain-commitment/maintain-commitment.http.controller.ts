import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiConflictResponse, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles } from '../../auth/auth.decorators';
import { ApiCommandErrors } from '../../http/api-errors.decorator';
import { CommandResponseDto, commandResponse, plain } from '../../http/command-response';
import { IdPipe } from '../../http/id.pipe';
import { MaintainCommitmentCommand } from './maintain-commitment.command';
import { MaintainCommitmentRequestDto } from './maintain-commitment.request.dto';

@ApiTags('commitments')
@Controller('commitments')
export class MaintainCommitmentHttpController {
  constructor(private readonly commandBus: CommandBus) {}

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
    const result = await this.commandBus.execute(
      new MaintainCommitmentCommand(commitmentId, plain(body)),
    );
    return commandResponse(commitmentId, result, res);
  }
}
