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
import { PlanMilestoneRequestDto } from './plan-milestone.request.dto';

@ApiTags('commitments')
@Controller('commitments')
export class PlanMilestoneHttpController {
  constructor(private readonly commands: CommandHandling) {}

  @Post(':commitmentId/milestones')
  @HttpCode(201)
  @Roles('institution')
  @ApiOperation({
    summary: 'Planificar un hito / plan a milestone',
    description:
      'The responsible institution plans a milestone (deliverable, weight, start and due dates inside the period). Answers with the milestone id.',
  })
  @ApiCreatedResponse({ type: CommandResponseDto })
  @ApiConflictResponse({
    description:
      'MILESTONE_ID_DUPLICATE, MILESTONE_TOTAL_WEIGHT_EXCEEDED, MILESTONE_OUTSIDE_COMMITMENT_PERIOD, COMMITMENT_CLOSED, COMMITMENT_WITHDRAWN, COMMAND_NOT_ALLOWED_IN_STATUS (422: PERIOD_END_BEFORE_START; 404: COMMITMENT_NOT_FOUND; 403: FORBIDDEN_NOT_RESPONSIBLE_INSTITUTION)',
  })
  @ApiCommandErrors()
  async plan(
    @Param('commitmentId', IdPipe) commitmentId: string,
    @Body() body: PlanMilestoneRequestDto,
    @Res({ passthrough: true }) res: Response,
  ) {
    const milestoneId = body.milestoneId ?? newResourceId('milestone');
    const result = await this.commands.handle(
      commitmentStreamName(commitmentId),
      commitmentDecider,
      decideWith(commitmentDecider, 'PlanMilestone', plain({ ...body, milestoneId })),
    );
    return commandResponse(milestoneId, result, res);
  }
}
