import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { commitmentDecider, commitmentStreamName, decideWith } from '@hitos/domain';
import { CommandHandling } from '@hitos/event-store';
import { Roles } from '../../auth/auth.decorators';
import { ApiCommandErrors } from '../../http/api-errors.decorator';
import { CommandResponseDto, commandResponse, plain } from '../../http/command-response';
import { IdPipe } from '../../http/id.pipe';
import { newResourceId } from '../../http/resource-id';
import { ReportMilestoneProgressRequestDto } from './report-milestone-progress.request.dto';

@ApiTags('commitments')
@Controller('commitments')
export class ReportMilestoneProgressHttpController {
  constructor(private readonly commands: CommandHandling) {}

  @Post(':commitmentId/milestones/:milestoneId/progress-reports')
  @HttpCode(201)
  @Roles('institution')
  @ApiOperation({
    summary: 'Reportar avance de un hito / report milestone progress',
    description:
      'The responsible institution claims progress with evidence (each item hashed and classified); the counterpart reviews it. Answers with the report id.',
  })
  @ApiCreatedResponse({ type: CommandResponseDto })
  @ApiConflictResponse({
    description:
      'PROGRESS_REPORT_ID_DUPLICATE, PROGRESS_BELOW_ENDORSED, PROGRESS_EVIDENCE_REQUIRED, MILESTONE_ALREADY_COMPLETED, COMMAND_NOT_ALLOWED_IN_STATUS, COMMITMENT_CLOSED, COMMITMENT_WITHDRAWN (404: MILESTONE_NOT_FOUND, COMMITMENT_NOT_FOUND; 403: FORBIDDEN_NOT_RESPONSIBLE_INSTITUTION)',
  })
  @ApiCommandErrors()
  async report(
    @Param('commitmentId', IdPipe) commitmentId: string,
    @Param('milestoneId', IdPipe) milestoneId: string,
    @Body() body: ReportMilestoneProgressRequestDto,
    @Res({ passthrough: true }) res: Response,
  ) {
    const reportId = body.reportId ?? newResourceId('progress-report');
    const result = await this.commands.handle(
      commitmentStreamName(commitmentId),
      commitmentDecider,
      decideWith(
        commitmentDecider,
        'ReportMilestoneProgress',
        plain({ ...body, reportId, milestoneId }),
      ),
    );
    return commandResponse(reportId, result, res);
  }
}
