import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  commitmentTrafficLights,
  getPlanDashboard,
  overdueMilestones,
  transferQueue,
  upcomingMilestones,
} from '@hitos/read-models';
import { Public } from '../auth/auth.decorators';
import { IdPipe } from '../http/id.pipe';
import { ReadModels } from './read-models.service';
import { ReadQueryDto, UpcomingQueryDto } from './read-query.dto';
import { PastReadQueryDto } from './time-travel.dto';
import { TimeTravel } from './time-travel.service';

/** Plan-wide views, public: they hold no classified content. */
@ApiTags('read models')
@Controller('action-plans/:planId')
export class PlanViewsHttpController {
  constructor(
    private readonly views: ReadModels,
    private readonly timeTravel: TimeTravel,
  ) {}

  @Get('dashboard')
  @Public()
  @ApiOperation({
    summary: 'Tablero del plan / plan dashboard',
    description:
      'Commitments by status, overall, per-pillar and per-institution progress (a transferred commitment counts for its receiving institution once the handover is acknowledged), milestones the engine found overdue, pending transfers, reports per audience, milestones completed per month.\n\n' +
      'With `asOf` or `asOfPosition`, as hitos knew it then; with `asHappenedBy`, as it had happened by that date (docs/time-travel.md): folded from the plan’s, its commitments’ and their institutions’ streams by the model’s own handlers, with an `asOf` block (404 NOT_FOUND_AS_OF before the plan was registered, 422 AS_OF_IN_FUTURE).',
  })
  async dashboard(@Param('planId', IdPipe) planId: string, @Query() query: PastReadQueryDto) {
    const past = await this.timeTravel.requested(query);
    if (past) {
      const { dashboard, scope } = await this.timeTravel.dashboard(planId, past);
      return {
        position: scope.position,
        ...dashboard!,
        asOf: this.timeTravel.describe(past, scope),
      };
    }
    const { db, position } = await this.views.open('plan-dashboard', query.waitFor);
    return { position, ...getPlanDashboard(db, planId) };
  }

  @Get('milestones/overdue')
  @Public()
  @ApiOperation({
    summary: 'Hitos vencidos / overdue milestones',
    description:
      'With their traffic light and the rule that set it, and `overdueSince` when the engine recorded MilestoneOverdue (a milestone past its date that the engine has not reached yet is listed too, with `overdueSince: null`).',
  })
  async overdue(@Param('planId', IdPipe) planId: string, @Query() query: ReadQueryDto) {
    const { db, position } = await this.views.open('deadlines', query.waitFor);
    return { position, ...overdueMilestones(db, { planId, today: this.views.today() }, query) };
  }

  @Get('milestones/upcoming')
  @Public()
  @ApiOperation({ summary: 'Hitos próximos / upcoming milestones' })
  async upcoming(@Param('planId', IdPipe) planId: string, @Query() query: UpcomingQueryDto) {
    const { db, position } = await this.views.open('deadlines', query.waitFor);
    return {
      position,
      ...upcomingMilestones(
        db,
        { planId, today: this.views.today(), days: query.days ?? 30 },
        query,
      ),
    };
  }

  @Get('traffic-lights')
  @Public()
  @ApiOperation({
    summary: 'Semáforos / traffic lights',
    description:
      "Each commitment's colour (the worst of its milestones') with the rule that set it, in Spanish and English.",
  })
  async trafficLights(@Param('planId', IdPipe) planId: string, @Query() query: ReadQueryDto) {
    const { db, position } = await this.views.open('deadlines', query.waitFor);
    const lights = commitmentTrafficLights(db, { planId, today: this.views.today() });
    return {
      position,
      today: this.views.today(),
      items: [...lights].map(([commitmentId, light]) => ({ commitmentId, ...light })),
    };
  }

  @Get('transfer-queue')
  @Public()
  @ApiOperation({
    summary: 'Cola de transferencias / transfer queue',
    description:
      'Commitments awaiting a keep-or-transfer decision (TransferPending) or a handover (AwaitingHandover), oldest pending first: the redesigned institution and the redesign (kind, legal instrument, effective date), pending since and days waiting, the Core Group concurrences, the decision (receiving institution, unit, administrator, reason) once taken, and the decision-overdue and handover-overdue flags the engine recorded.',
  })
  async transfers(@Param('planId', IdPipe) planId: string, @Query() query: ReadQueryDto) {
    const { db, position } = await this.views.open('commitment-detail', query.waitFor);
    return {
      position,
      today: this.views.today(),
      ...transferQueue(db, { planId, today: this.views.today() }, query),
    };
  }
}
