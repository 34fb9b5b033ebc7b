/**
 * What the plan page shows, read from the same read models and with the same reader rules as
 * the JSON API: the dashboard's figures, each commitment with its semáforo, overdue and
 * upcoming milestones, transfers under way, and the latest changes of the plan's trail.
 */
import {
  auditTrail,
  commitmentTrafficLights,
  getCommitmentDetail,
  getPlanDashboard,
  listCommitments,
  overdueMilestones,
  transferQueue,
  upcomingMilestones,
  type AuditEntry,
  type CommitmentListItem,
  type DeadlineItem,
  type PlanDashboard,
  type TrafficLight,
  type TransferQueueItem,
} from '@hitos/read-models';
import { listCheckpoints, type CheckpointView } from '@hitos/transparency';
import type { ReadModels } from '../../../read-models/read-models.service';
import type { TransparencyLog } from '../../../transparency/transparency-log.service';
import { PortalNames } from '../../portal-names';
import type { MilestoneIds } from '../../summaries';

export interface PlanPageData {
  planId: string;
  today: string;
  dashboard: PlanDashboard;
  commitments: (CommitmentListItem & { light: TrafficLight | null })[];
  overdue: DeadlineItem[];
  /**
   * Open milestones past their due date, as the list counts them: those the engine found
   * overdue and those past due it has not reached yet (the dashboard counts the former only).
   */
  overdueTotal: number;
  upcoming: DeadlineItem[];
  transfers: TransferQueueItem[];
  /** The plan's latest changes, newest first. */
  recent: AuditEntry[];
  /** The milestones of the commitments the latest changes cite, to name them in those lines. */
  milestonesOf: Map<string, MilestoneIds[]>;
  names: PortalNames;
  /** The transparency log's latest signed checkpoints, newest first, with their witnesses. */
  checkpoints: { total: number; latest: CheckpointView[] };
}

/** How many of the latest checkpoints the page lists. */
export const LATEST_CHECKPOINTS = 5;

/** How many of the latest changes the page lists. */
export const RECENT_CHANGES = 12;

/** The plan `/` shows: the registered plan whose period holds today, else the latest one. */
export async function currentPlanId(views: ReadModels): Promise<string | null> {
  const { db } = await views.open('registry');
  const plans = PortalNames.read(db).planList();
  if (plans.length === 0) return null;
  const today = views.today();
  const { db: dashboards } = await views.open('plan-dashboard');
  const current = plans.find((plan) => {
    const period = getPlanDashboard(dashboards, plan.id).period;
    return period !== null && period.start <= today && today <= period.end;
  });
  return (current ?? plans[plans.length - 1]).id;
}

export async function loadPlanPage(
  views: ReadModels,
  log: TransparencyLog,
  planId: string,
): Promise<PlanPageData | null> {
  const names = PortalNames.read((await views.open('registry')).db);
  if (!names.planList().some((plan) => plan.id === planId)) return null;
  const today = views.today();
  const reader = views.reader();
  const dashboard = getPlanDashboard((await views.open('plan-dashboard')).db, planId);
  const deadlines = (await views.open('deadlines')).db;
  const lights = commitmentTrafficLights(deadlines, { planId, today });
  const details = (await views.open('commitment-detail')).db;
  const commitments = listCommitments(details, { planId }, { limit: 500 }).items.map((c) => ({
    ...c,
    light: lights.get(c.commitmentId) ?? null,
  }));
  const overdue = overdueMilestones(deadlines, { planId, today }, { limit: 50 });
  const trail = (await views.open('audit-trail')).db;
  const total = auditTrail(trail, { planId }, reader, {}, { limit: 1 }).total;
  const recent = auditTrail(
    trail,
    { planId },
    reader,
    {},
    { limit: RECENT_CHANGES, offset: Math.max(0, total - RECENT_CHANGES) },
  ).items.reverse();
  const milestonesOf = new Map<string, MilestoneIds[]>();
  for (const { commitmentId } of recent)
    if (commitmentId && !milestonesOf.has(commitmentId))
      milestonesOf.set(
        commitmentId,
        getCommitmentDetail(details, commitmentId, reader)?.milestones ?? [],
      );
  return {
    planId,
    today,
    dashboard,
    commitments,
    overdue: overdue.items,
    overdueTotal: overdue.total,
    upcoming: upcomingMilestones(deadlines, { planId, today, days: 30 }, { limit: 50 }).items,
    transfers: transferQueue(details, { planId, today }, { limit: 100 }).items,
    recent,
    milestonesOf,
    names,
    checkpoints: latestCheckpoints(log),
  };
}

function latestCheckpoints(log: TransparencyLog): PlanPageData['checkpoints'] {
  const total = listCheckpoints(log.db(), { limit: 1, offset: 0 }).total;
  const latest = listCheckpoints(log.db(), {
    limit: LATEST_CHECKPOINTS,
    offset: Math.max(0, total - LATEST_CHECKPOINTS),
  }).items.reverse();
  return { total, latest };
}
