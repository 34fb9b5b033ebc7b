import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { commitmentDecider, commitmentStreamName, decideWith } from '@hitos/domain';
import { CommandHandling } from '@hitos/event-store';
import { Roles } from '../../auth/auth.decorators';
import { ApiCommandErrors } from '../../http/api-errors.decorator';
import { CommandResponseDto, commandResponse, plain } from '../../http/command-response';
import { IdPipe } from '../../http/id.pipe';
import { AnswerObjectionRequestDto } from './answer-objection.request.dto';

@ApiTags('commitments')
@Controller('commitments')
export class AnswerObjectionHttpController {
  constructor(private readonly commands: CommandHandling) {}

  @Post(':commitmentId/progress-reports/:reportId/answers')
  @HttpCode(201)
  @Roles('institution')
  @ApiOperation({
    summary: 'Responder una observación / answer an objection',
    description:
      "The responsible institution answers the counterpart's open objection to a progress report — the last round's, not yet answered; the event names its round. The counterpart then reviews the report again (endorses, or objects in a new round).",
  })
  @ApiCreatedResponse({ type: CommandResponseDto })
  @ApiConflictResponse({
    description:
      'REPORT_NOT_OBJECTED (never objected, or endorsed), OBJECTION_ALREADY_ANSWERED (no open objection: the last round is answered), COMMAND_NOT_ALLOWED_IN_STATUS, COMMITMENT_CLOSED, COMMITMENT_WITHDRAWN (404: PROGRESS_REPORT_NOT_FOUND, COMMITMENT_NOT_FOUND; 403: FORBIDDEN_NOT_RESPONSIBLE_INSTITUTION)',
  })
  @ApiCommandErrors()
  async answer(
    @Param('commitmentId', IdPipe) commitmentId: string,
    @Param('reportId', IdPipe) reportId: string,
    @Body() body: AnswerObjectionRequestDto,
    @Res({ passthrough: true }) res: Response,
  ) {
    const result = await this.commands.handle(
      commitmentStreamName(commitmentId),
      commitmentDecider,
      decideWith(commitmentDecider, 'AnswerObjection', plain({ ...body, reportId })),
    );
    return commandResponse(commitmentId, result, res);
  }
}
