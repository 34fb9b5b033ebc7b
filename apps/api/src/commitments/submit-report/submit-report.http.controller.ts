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
import { SubmitReportRequestDto } from './submit-report.request.dto';

@ApiTags('commitments')
@Controller('commitments')
export class SubmitReportHttpController {
  constructor(private readonly commands: CommandHandling) {}

  @Post(':commitmentId/reports')
  @HttpCode(201)
  @Roles('institution', 'counterpart')
  @ApiOperation({
    summary: 'Presentar un informe / submit a report',
    description:
      'A party informs the Presidency, the IRM, the Core Group or the citizens (acta §4.3). Answers with the report id.',
  })
  @ApiCreatedResponse({ type: CommandResponseDto })
  @ApiConflictResponse({
    description:
      'SUBMITTED_REPORT_ID_DUPLICATE, COMMAND_NOT_ALLOWED_IN_STATUS, COMMITMENT_CLOSED, COMMITMENT_WITHDRAWN (404: COMMITMENT_NOT_FOUND; 403: FORBIDDEN_NOT_RESPONSIBLE_INSTITUTION, FORBIDDEN_NOT_COUNTERPART)',
  })
  @ApiCommandErrors()
  async submit(
    @Param('commitmentId', IdPipe) commitmentId: string,
    @Body() body: SubmitReportRequestDto,
    @Res({ passthrough: true }) res: Response,
  ) {
    const reportId = body.reportId ?? newResourceId('report');
    const result = await this.commands.handle(
      commitmentStreamName(commitmentId),
      commitmentDecider,
      decideWith(commitmentDecider, 'SubmitReport', plain({ ...body, reportId })),
    );
    return commandResponse(reportId, result, res);
  }
}
