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
import { RecordIrmAssessmentRequestDto } from './record-irm-assessment.request.dto';

@ApiTags('commitments')
@Controller('commitments')
export class RecordIrmAssessmentHttpController {
  constructor(private readonly commands: CommandHandling) {}

  @Post(':commitmentId/irm-assessments')
  @HttpCode(201)
  @Roles('auditor')
  @ApiOperation({
    summary: 'Registrar la evaluación del MRI / record the IRM assessment',
    description:
      "The Independent Reporting Mechanism's assessment, kept apart from the parties' self-assessment; allowed after the acta is signed, Closed included. Answers with the assessment id.",
  })
  @ApiCreatedResponse({ type: CommandResponseDto })
  @ApiConflictResponse({
    description:
      'IRM_ASSESSMENT_ID_DUPLICATE, COMMAND_NOT_ALLOWED_IN_STATUS, COMMITMENT_WITHDRAWN (422: IRM_RESULTS_FIELDS_REQUIRED; 404: COMMITMENT_NOT_FOUND)',
  })
  @ApiCommandErrors()
  async record(
    @Param('commitmentId', IdPipe) commitmentId: string,
    @Body() body: RecordIrmAssessmentRequestDto,
    @Res({ passthrough: true }) res: Response,
  ) {
    const assessmentId = body.assessmentId ?? newResourceId('irm-assessment');
    const result = await this.commands.handle(
      commitmentStreamName(commitmentId),
      commitmentDecider,
      decideWith(commitmentDecider, 'RecordIrmAssessment', plain({ ...body, assessmentId })),
    );
    return commandResponse(assessmentId, result, res);
  }
}
