import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiGoneResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import {
  commitmentDecider,
  commitmentStreamName,
  decideWith,
  type CommitmentEvent,
  type CommitmentState,
  type PlanRef,
} from '@hitos/domain';
import { CommandHandling, type Decision } from '@hitos/event-store';
import { Roles } from '../../auth/auth.decorators';
import { ApiCommandErrors } from '../../http/api-errors.decorator';
import { CommandResponseDto, commandResponse, plain } from '../../http/command-response';
import { IdPipe } from '../../http/id.pipe';
import { newResourceId } from '../../http/resource-id';
import { planOfCommitment } from '../../http/stream-refs';
import { ProblemException } from '../../problem/problem.exception';
import {
  ConcurMilestoneRescheduleRequestDto,
  DeclineMilestoneRescheduleRequestDto,
  RequestMilestoneRescheduleRequestDto,
  WithdrawMilestoneRescheduleRequestDto,
} from './reschedule-requests.request.dto';

const MEMBER_ERRORS =
  'RESCHEDULE_REQUEST_ALREADY_ANSWERED, COMMAND_NOT_ALLOWED_IN_STATUS, COMMITMENT_CLOSED, COMMITMENT_WITHDRAWN (403: RESCHEDULE_CONCURRENCE_NOT_MEMBER, FORBIDDEN_NOT_PLAN_CORE_GROUP; 404: RESCHEDULE_REQUEST_NOT_FOUND, COMMITMENT_NOT_FOUND)';

/**
 * A reschedule is a conversation: the institution requests new dates, a Core Group member of
 * the plan concurs (the dates move) or declines with reasons, under their own grant.
 */
@ApiTags('commitments')
@Controller('commitments')
export class RescheduleRequestsHttpController {
  constructor(private readonly commands: CommandHandling) {}

  @Post(':commitmentId/milestones/:milestoneId/reschedule-requests')
  @HttpCode(201)
  @Roles('institution')
  @ApiOperation({
    summary: 'Solicitar la reprogramación de un hito / request a milestone reschedule',
    description:
      'The responsible institution asks for new dates with its justification; the dates move only when a member of the plan’s Core Group concurs. One open request per milestone. Answers with the request id.',
  })
  @ApiCreatedResponse({ type: CommandResponseDto })
  @ApiConflictResponse({
    description:
      'RESCHEDULE_REQUEST_PENDING, RESCHEDULE_REQUEST_ID_DUPLICATE, RESCHEDULE_NO_CHANGE, MILESTONE_ALREADY_COMPLETED, MILESTONE_OUTSIDE_COMMITMENT_PERIOD, COMMAND_NOT_ALLOWED_IN_STATUS, COMMITMENT_CLOSED, COMMITMENT_WITHDRAWN (422: PERIOD_END_BEFORE_START; 404: MILESTONE_NOT_FOUND, COMMITMENT_NOT_FOUND; 403: FORBIDDEN_NOT_RESPONSIBLE_INSTITUTION)',
  })
  @ApiCommandErrors()
  async request(
    @Param('commitmentId', IdPipe) commitmentId: string,
    @Param('milestoneId', IdPipe) milestoneId: string,
    @Body() body: RequestMilestoneRescheduleRequestDto,
    @Res({ passthrough: true }) res: Response,
  ) {
    const requestId = body.requestId ?? newResourceId('reschedule-request');
    const result = await this.commands.handle(
      commitmentStreamName(commitmentId),
      commitmentDecider,
      decideWith(
        commitmentDecider,
        'RequestMilestoneReschedule',
        plain({ ...body, requestId, milestoneId }),
      ),
    );
    return commandResponse(requestId, result, res);
  }

  @Post(':commitmentId/reschedule-requests/:requestId/concurrence')
  @HttpCode(201)
  @Roles('core-group')
  @ApiOperation({
    summary: 'Dar conformidad a una reprogramación / concur with a reschedule',
    description:
      'A member of the plan’s Core Group (the signed-in person or token subject is the member id) concurs: the milestone’s current dates become the requested ones; the baseline stays and slips are counted.',
  })
  @ApiCreatedResponse({ type: CommandResponseDto })
  @ApiConflictResponse({
    description: `RESCHEDULE_NO_CHANGE, MILESTONE_ALREADY_COMPLETED, MILESTONE_OUTSIDE_COMMITMENT_PERIOD, ${MEMBER_ERRORS}`,
  })
  @ApiCommandErrors()
  async concur(
    @Param('commitmentId', IdPipe) commitmentId: string,
    @Param('requestId', IdPipe) requestId: string,
    @Body() body: ConcurMilestoneRescheduleRequestDto,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.answer(commitmentId, res, (plan) =>
      decideWith(
        commitmentDecider,
        'ConcurMilestoneReschedule',
        plain({ ...body, requestId, context: { plan } }),
      ),
    );
  }

  @Post(':commitmentId/reschedule-requests/:requestId/refusal')
  @HttpCode(201)
  @Roles('core-group')
  @ApiOperation({
    summary: 'No dar conformidad a una reprogramación / decline a reschedule',
    description:
      'A member of the plan’s Core Group declines the request with reasons; the dates stay and the institution may ask again.',
  })
  @ApiCreatedResponse({ type: CommandResponseDto })
  @ApiConflictResponse({ description: MEMBER_ERRORS })
  @ApiCommandErrors()
  async decline(
    @Param('commitmentId', IdPipe) commitmentId: string,
    @Param('requestId', IdPipe) requestId: string,
    @Body() body: DeclineMilestoneRescheduleRequestDto,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.answer(commitmentId, res, (plan) =>
      decideWith(
        commitmentDecider,
        'DeclineMilestoneReschedule',
        plain({ ...body, requestId, context: { plan } }),
      ),
    );
  }

  /** A Core Group member answers: the commitment's plan says who is one. */
  private async answer(
    commitmentId: string,
    res: Response,
    decide: (plan: PlanRef) => Decision<CommitmentState, CommitmentEvent>,
  ) {
    const plan = await planOfCommitment(this.commands, commitmentId);
    const result = await this.commands.handle(
      commitmentStreamName(commitmentId),
      commitmentDecider,
      decide(plan),
    );
    return commandResponse(commitmentId, result, res);
  }

  @Post(':commitmentId/reschedule-requests/:requestId/withdrawal')
  @HttpCode(201)
  @Roles('institution')
  @ApiOperation({
    summary: 'Retirar una solicitud de reprogramación / withdraw a reschedule request',
    description:
      'The responsible institution withdraws its request before the Core Group answers, with a reason.',
  })
  @ApiCreatedResponse({ type: CommandResponseDto })
  @ApiConflictResponse({
    description:
      'RESCHEDULE_REQUEST_ALREADY_ANSWERED, COMMAND_NOT_ALLOWED_IN_STATUS, COMMITMENT_CLOSED, COMMITMENT_WITHDRAWN (404: RESCHEDULE_REQUEST_NOT_FOUND, COMMITMENT_NOT_FOUND; 403: FORBIDDEN_NOT_RESPONSIBLE_INSTITUTION)',
  })
  @ApiCommandErrors()
  async withdraw(
    @Param('commitmentId', IdPipe) commitmentId: string,
    @Param('requestId', IdPipe) requestId: string,
    @Body() body: WithdrawMilestoneRescheduleRequestDto,
    @Res({ passthrough: true }) res: Response,
  ) {
    const result = await this.commands.handle(
      commitmentStreamName(commitmentId),
      commitmentDecider,
      decideWith(
        commitmentDecider,
        'WithdrawMilestoneRescheduleRequest',
        plain({ ...body, requestId }),
      ),
    );
    return commandResponse(commitmentId, result, res);
  }

  /**
   * The route where the institution once moved dates itself, naming the member who concurred.
   * Gone: a member's concurrence is now theirs to give. Answered with the way to do it.
   */
  @Post(':commitmentId/milestones/:milestoneId/reschedules')
  @Roles('institution')
  @ApiOperation({
    summary: 'Retirada: reprogramar sin solicitud / removed: reschedule without a request',
    description:
      'Answers 410 RESCHEDULE_NEEDS_MEMBER_CONCURRENCE: request the reschedule at …/milestones/:milestoneId/reschedule-requests; a Core Group member concurs at …/reschedule-requests/:requestId/concurrence.',
    deprecated: true,
  })
  @ApiGoneResponse({ description: 'RESCHEDULE_NEEDS_MEMBER_CONCURRENCE' })
  gone(
    @Param('commitmentId', IdPipe) commitmentId: string,
    @Param('milestoneId', IdPipe) milestoneId: string,
  ): never {
    const requests = `/api/commitments/${commitmentId}/milestones/${milestoneId}/reschedule-requests`;
    throw new ProblemException(
      410,
      'RESCHEDULE_NEEDS_MEMBER_CONCURRENCE',
      {
        es: `Las fechas de un hito ya no se cambian declarando la conformidad del Grupo Núcleo: solicite la reprogramación en POST ${requests} y un integrante del Grupo Núcleo del plan la aprueba con su propia cuenta.`,
        en: `A milestone's dates are no longer changed by asserting the Core Group's concurrence: request the reschedule at POST ${requests} and a Core Group member of the plan concurs with their own account.`,
      },
      { requests },
    );
  }
}
