import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { commitmentDecider, commitmentStreamName, decideWith } from '@hitos/domain';
import { CommandHandling } from '@hitos/event-store';
import { Roles } from '../../auth/auth.decorators';
import { ApiCommandErrors } from '../../http/api-errors.decorator';
import { CommandResponseDto, commandResponse, plain } from '../../http/command-response';
import { IdPipe } from '../../http/id.pipe';
import { planOfCommitment } from '../../http/stream-refs';
import { RescheduleMilestoneRequestDto } from './reschedule-milestone.request.dto';

@ApiTags('commitments')
@Controller('commitments')
export class RescheduleMilestoneHttpController {
  constructor(private readonly commands: CommandHandling) {}

  @Post(':commitmentId/milestones/:milestoneId/reschedules')
  @HttpCode(201)
  @Roles('institution')
  @ApiOperation({
    summary: 'Reprogramar un hito / reschedule a milestone',
    description:
      "The responsible institution moves a milestone's current dates with a Core Group member's concurrence; the baseline stays and slips are counted.",
  })
  @ApiCreatedResponse({ type: CommandResponseDto })
  @ApiConflictResponse({
    description:
      'MILESTONE_ALREADY_COMPLETED, RESCHEDULE_NO_CHANGE, RESCHEDULE_CONCURRENCE_NOT_CORE_GROUP, MILESTONE_OUTSIDE_COMMITMENT_PERIOD, COMMITMENT_CLOSED, COMMITMENT_WITHDRAWN, COMMAND_NOT_ALLOWED_IN_STATUS (422: DATE_IN_FUTURE, PERIOD_END_BEFORE_START; 404: MILESTONE_NOT_FOUND, COMMITMENT_NOT_FOUND; 403: FORBIDDEN_NOT_RESPONSIBLE_INSTITUTION)',
  })
  @ApiCommandErrors()
  async reschedule(
    @Param('commitmentId', IdPipe) commitmentId: string,
    @Param('milestoneId', IdPipe) milestoneId: string,
    @Body() body: RescheduleMilestoneRequestDto,
    @Res({ passthrough: true }) res: Response,
  ) {
    const data = plain({ ...body, milestoneId });
    // The commitment's plan: its Core Group validates the concurrence.
    const plan = await planOfCommitment(this.commands, commitmentId);
    const result = await this.commands.handle(
      commitmentStreamName(commitmentId),
      commitmentDecider,
      decideWith(commitmentDecider, 'RescheduleMilestone', { ...data, context: { plan } }),
    );
    return commandResponse(commitmentId, result, res);
  }
}
