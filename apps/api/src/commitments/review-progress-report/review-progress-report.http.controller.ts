import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { commitmentDecider, commitmentStreamName, decideWith } from '@hitos/domain';
import { CommandHandling } from '@hitos/event-store';
import { Roles } from '../../auth/auth.decorators';
import { ApiCommandErrors } from '../../http/api-errors.decorator';
import { CommandResponseDto, commandResponse, plain } from '../../http/command-response';
import { IdPipe } from '../../http/id.pipe';
import { ReviewProgressReportRequestDto } from './review-progress-report.request.dto';

@ApiTags('commitments')
@Controller('commitments')
export class ReviewProgressReportHttpController {
  constructor(private readonly commands: CommandHandling) {}

  @Post(':commitmentId/progress-reports/:reportId/reviews')
  @HttpCode(201)
  @Roles('counterpart')
  @ApiOperation({
    summary: 'Revisar un reporte de avance / review a progress report',
    description:
      "The commitment's counterpart endorses or objects to a progress claim; an objection needs reasons and stays public beside the claim. Review is a conversation in rounds: once the institution answers an objection, the counterpart reviews the same report again on this route — endorses it, or objects anew with new reasons (the next round). The event names its round (`round`, from 1). Refused while an objection waits for its answer (OBJECTION_AWAITING_ANSWER) and once the report is endorsed (PROGRESS_REPORT_ALREADY_REVIEWED).",
  })
  @ApiCreatedResponse({ type: CommandResponseDto })
  @ApiConflictResponse({
    description:
      'PROGRESS_REPORT_ALREADY_REVIEWED (endorsed), OBJECTION_AWAITING_ANSWER (the last round’s objection is not answered yet), COMMAND_NOT_ALLOWED_IN_STATUS, COMMITMENT_CLOSED, COMMITMENT_WITHDRAWN (422: OBJECTION_REASONS_REQUIRED; 404: PROGRESS_REPORT_NOT_FOUND, COMMITMENT_NOT_FOUND; 403: FORBIDDEN_NOT_COUNTERPART)',
  })
  @ApiCommandErrors()
  async review(
    @Param('commitmentId', IdPipe) commitmentId: string,
    @Param('reportId', IdPipe) reportId: string,
    @Body() body: ReviewProgressReportRequestDto,
    @Res({ passthrough: true }) res: Response,
  ) {
    const result = await this.commands.handle(
      commitmentStreamName(commitmentId),
      commitmentDecider,
      decideWith(commitmentDecider, 'ReviewProgressReport', plain({ ...body, reportId })),
    );
    return commandResponse(commitmentId, result, res);
  }
}
