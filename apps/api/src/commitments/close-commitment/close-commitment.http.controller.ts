import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { commitmentDecider, commitmentStreamName, decideWith } from '@hitos/domain';
import { CommandHandling } from '@hitos/event-store';
import { Roles } from '../../auth/auth.decorators';
import { ApiCommandErrors } from '../../http/api-errors.decorator';
import { CommandResponseDto, commandResponse, plain } from '../../http/command-response';
import { IdPipe } from '../../http/id.pipe';
import { CloseCommitmentRequestDto } from './close-commitment.request.dto';

@ApiTags('commitments')
@Controller('commitments')
export class CloseCommitmentHttpController {
  constructor(private readonly commands: CommandHandling) {}

  @Post(':commitmentId/closure')
  @HttpCode(201)
  @Roles('institution')
  @ApiOperation({
    summary: 'Cerrar un compromiso / close a commitment',
    description:
      "OGP's end-of-commitment self-assessment with evidence and the counterpart's co-signature; from Completed, or InImplementation once the period has ended.",
  })
  @ApiCreatedResponse({ type: CommandResponseDto })
  @ApiConflictResponse({
    description:
      'CLOSE_BEFORE_PERIOD_END, CLOSE_COMPLETE_WITH_OPEN_MILESTONES, COMMAND_NOT_ALLOWED_IN_STATUS, COMMITMENT_CLOSED, COMMITMENT_WITHDRAWN (422: DATE_IN_FUTURE; 404: COMMITMENT_NOT_FOUND; 403: FORBIDDEN_NOT_RESPONSIBLE_INSTITUTION)',
  })
  @ApiCommandErrors()
  async close(
    @Param('commitmentId', IdPipe) commitmentId: string,
    @Body() body: CloseCommitmentRequestDto,
    @Res({ passthrough: true }) res: Response,
  ) {
    const result = await this.commands.handle(
      commitmentStreamName(commitmentId),
      commitmentDecider,
      decideWith(commitmentDecider, 'CloseCommitment', plain(body)),
    );
    return commandResponse(commitmentId, result, res);
  }
}
