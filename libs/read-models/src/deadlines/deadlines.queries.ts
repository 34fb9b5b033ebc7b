import type { Database } from 'better-sqlite3';
import type { DeadlineRow } from './deadlines.projection';
import {
  DEFAULT_TRAFFIC_LIGHT_RULES,
  commitmentTrafficLight,
  milestoneTrafficLight,
  type MilestoneSignals,
  type TrafficLight,
  type TrafficLightRules,
} from '../traffic-light';
import { pageOf, type Page, type PageRequest } from '../reader';
import { prepared } from '@hitos/projections';

export interface DeadlineFilters {
  planId?: string;
  institutionId?: string;
  counterpartId?: string;
  commitmentId?: string;
}

export interface DeadlineItem {
  commitmentId: string;
  commitmentNumber: number;
  commitmentTitle: string;
  commitmentStatus: string;
  planId: string;
  institutionId: string;
  counterpartId: string;
  milestoneId: string;
  deliverable: string;
  weight: number;
  start: string;
  baselineDue: string;
  due: string;
  /** Days from today to the due date; negative when overdue. */
  daysToDue: number;
  slips: number;
  completed: boolean;
  completedOn: string | null;
  lastReportOn: string | null;
  progress: number;
  openObjections: number;
  oldestOpenObjectionOn: string | null;
  /** The day the engine recorded `MilestoneOverdue` for the due date in force; null otherwise. */
  overdueSince: string | null;
  trafficLight: TrafficLight;
}

const ACTIVE = `m.completed = 0 AND m.commitment_status NOT IN ('Completed', 'Closed', 'Withdrawn')`;

/** The filters over table alias `alias` (both tables name the columns alike). */
function filterSql(
  filters: DeadlineFilters,
  alias = 'm',
): { clauses: string[]; params: Record<string, unknown> } {
  const clauses: string[] = [];
  const params: Record<string, unknown> = {};
  const add = (column: string, key: keyof DeadlineFilters) => {
    if (filters[key] === undefined) return;
    clauses.push(`${alias}.${column} = @${key}`);
    params[key] = filters[key];
  };
  add('plan_id', 'planId');
  add('institution_id', 'institutionId');
  add('counterpart_id', 'counterpartId');
  add('commitment_id', 'commitmentId');
  return { clauses, params };
}

export const deadlineSignals = (row: DeadlineRow): MilestoneSignals => ({
  start: row.start,
  due: row.due,
  completed: row.completed === 1,
  progress: row.completed === 1 ? 100 : row.last_endorsed_percent,
  lastReportOn: row.last_report_on,
  oldestOpenObjectionOn: row.oldest_open_objection_on,
  slips: row.slips,
  commitmentStatus: row.commitment_status,
});

function toItem(row: DeadlineRow, today: string, rules: TrafficLightRules): DeadlineItem {
  return {
    commitmentId: row.commitment_id,
    commitmentNumber: row.commitment_number,
    commitmentTitle: row.commitment_title,
    commitmentStatus: row.commitment_status,
    planId: row.plan_id,
    institutionId: row.institution_id,
    counterpartId: row.counterpart_id,
    milestoneId: row.milestone_id,
    deliverable: row.deliverable,
    weight: row.weight,
    start: row.start,
    baselineDue: row.baseline_due,
    due: row.due,
    daysToDue: Math.round(
      (Date.parse(`${row.due}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000,
    ),
    slips: row.slips,
    completed: row.completed === 1,
    completedOn: row.completed_on,
    lastReportOn: row.last_report_on,
    progress: row.completed === 1 ? 100 : row.last_endorsed_percent,
    openObjections: row.open_objections,
    oldestOpenObjectionOn: row.oldest_open_objection_on,
    overdueSince: row.overdue_since,
    trafficLight: milestoneTrafficLight(deadlineSignals(row), today, rules),
  };
}

function page(
  db: Database,
  where: string,
  params: Record<string, unknown>,
  today: string,
  rules: TrafficLightRules,
  request: PageRequest,
): Page<DeadlineItem> {
  const { limit, offset } = pageOf(request);
  const total = (
    prepared(db, `SELECT COUNT(*) AS n FROM deadline_milestone m ${where}`).get(params) as {
      n: number;
    }
  ).n;
  const rows = prepared(
    db,
    `SELECT m.* FROM deadline_milestone m ${where}
        ORDER BY m.due, m.commitment_number, m.milestone_id LIMIT @limit OFFSET @offset`,
  ).all({ ...params, limit, offset }) as DeadlineRow[];
  return { items: rows.map((row) => toItem(row, today, rules)), total, limit, offset };
}

/**
 * Open milestones of commitments still in progress that are overdue: the engine recorded
 * `MilestoneOverdue` for their due date in force (`overdueSince` set), or that date is before
 * `today`. The event wins where it exists: it is the recorded fact, in the audit trail, and it
 * is cleared only by what clears it in the domain (completion, a later date). The date is the
 * fallback for the hours between midnight and the engine's next tick, or a deployment running
 * without the engine, so the list never misses a milestone the calendar already says is late;
 * those rows show `overdueSince: null`. Both agree once the engine has caught up.
 */
export function overdueMilestones(
  db: Database,
  filters: DeadlineFilters & { today: string; rules?: TrafficLightRules },
  request: PageRequest = {},
): Page<DeadlineItem> {
  const { clauses, params } = filterSql(filters);
  const overdue = '(m.overdue_since IS NOT NULL OR m.due < @today)';
  const where = `WHERE ${[ACTIVE, overdue, ...clauses].join(' AND ')}`;
  return page(
    db,
    where,
    { ...params, today: filters.today },
    filters.today,
    filters.rules ?? DEFAULT_TRAFFIC_LIGHT_RULES,
    request,
  );
}

/** Open milestones due from `today` to `today + days`, soonest first. */
export function upcomingMilestones(
  db: Database,
  filters: DeadlineFilters & { today: string; days: number; rules?: TrafficLightRules },
  request: PageRequest = {},
): Page<DeadlineItem> {
  const { clauses, params } = filterSql(filters);
  const until = new Date(Date.parse(`${filters.today}T00:00:00Z`) + filters.days * 86_400_000)
    .toISOString()
    .slice(0, 10);
  // Not overdue by either source (see overdueMilestones), so no milestone is in both lists.
  const where = `WHERE ${[
    ACTIVE,
    'm.overdue_since IS NULL',
    'm.due >= @today',
    'm.due <= @until',
    ...clauses,
  ].join(' AND ')}`;
  return page(
    db,
    where,
    { ...params, today: filters.today, until },
    filters.today,
    filters.rules ?? DEFAULT_TRAFFIC_LIGHT_RULES,
    request,
  );
}

/** Every milestone matching the filters with its light, completed ones included. */
export function milestoneDeadlines(
  db: Database,
  filters: DeadlineFilters & { today: string; rules?: TrafficLightRules },
  request: PageRequest = {},
): Page<DeadlineItem> {
  const { clauses, params } = filterSql(filters);
  const where = clauses.length ? `WHERE ${clauses.join(' AND ')}` : '';
  return page(
    db,
    where,
    params,
    filters.today,
    filters.rules ?? DEFAULT_TRAFFIC_LIGHT_RULES,
    request,
  );
}

/** The semáforo of each commitment (worst of its milestones), keyed by commitment id. */
export function commitmentTrafficLights(
  db: Database,
  filters: Omit<DeadlineFilters, 'commitmentId'> & { today: string; rules?: TrafficLightRules },
): Map<string, TrafficLight & { milestoneId: string | null }> {
  const { clauses, params } = filterSql(filters, 'c');
  const commitments = prepared(
    db,
    `SELECT c.commitment_id, c.status FROM deadline_commitment c
        ${clauses.length ? `WHERE ${clauses.join(' AND ')}` : ''}
        ORDER BY c.plan_id, c.number`,
  ).all(params) as { commitment_id: string; status: string }[];
  const milestones = prepared(db, `SELECT * FROM deadline_milestone WHERE commitment_id = ?`);
  const lights = new Map<string, TrafficLight & { milestoneId: string | null }>();
  for (const c of commitments) {
    const rows = milestones.all(c.commitment_id) as DeadlineRow[];
    lights.set(
      c.commitment_id,
      commitmentTrafficLight(
        c.status,
        rows.map((row) => ({ ...deadlineSignals(row), milestoneId: row.milestone_id })),
        filters.today,
        filters.rules ?? DEFAULT_TRAFFIC_LIGHT_RULES,
      ),
    );
  }
  return lights;
}
