import type { Database } from 'better-sqlite3';
import {
  type MilestoneCompleted,
  type MilestoneDueSoon,
  type MilestoneOverdue,
  type MilestonePlanned,
  type MilestoneRescheduled,
  type MilestoneRescheduleDeclined,
  type MilestoneRescheduleRequested,
  type MilestoneRescheduleRequestWithdrawn,
  type ConcurrenceSource,
} from '@hitos/domain';
import { prepared, type ProjectedEvent, type ProjectionContext } from '@hitos/projections';
import { commitmentIdOf, rollUpProgress } from '../commitment-events';
import { handle, type CommitmentHandlers } from './commitment-handler';
import { deadline } from './deadline-records';
import type { ProgressReportView } from './progress-reports';

/**
 * The milestones (baseline and current dates, endorsed progress), their reschedules and the
 * institution's reschedule requests with the Core Group's answers.
 */
export const MILESTONE_TABLES = `
    CREATE TABLE commitment_milestone (
      commitment_id TEXT NOT NULL,
      milestone_id TEXT NOT NULL,
      deliverable TEXT NOT NULL,
      weight INTEGER NOT NULL,
      baseline_start TEXT NOT NULL,
      baseline_due TEXT NOT NULL,
      start TEXT NOT NULL,
      due TEXT NOT NULL,
      slips INTEGER NOT NULL,
      last_endorsed_percent REAL NOT NULL,
      completed INTEGER NOT NULL,
      completed_on TEXT,
      last_report_on TEXT,
      overdue_since TEXT,
      due_soon_due TEXT,
      due_soon_days_before INTEGER,
      due_soon_notified_on TEXT,
      PRIMARY KEY (commitment_id, milestone_id)
    );
    CREATE TABLE commitment_reschedule (
      commitment_id TEXT NOT NULL,
      milestone_id TEXT NOT NULL,
      seq INTEGER NOT NULL,
      previous_start TEXT NOT NULL,
      previous_due TEXT NOT NULL,
      start TEXT NOT NULL,
      due TEXT NOT NULL,
      justification TEXT NOT NULL,
      core_group_member_id TEXT NOT NULL,
      concurrence_reference TEXT,
      concurred_on TEXT NOT NULL,
      concurrence_source TEXT NOT NULL,
      request_id TEXT,
      slips INTEGER NOT NULL,
      PRIMARY KEY (commitment_id, milestone_id, seq)
    );
    CREATE TABLE commitment_reschedule_request (
      commitment_id TEXT NOT NULL,
      request_id TEXT NOT NULL,
      milestone_id TEXT NOT NULL,
      current_start TEXT NOT NULL,
      current_due TEXT NOT NULL,
      start TEXT NOT NULL,
      due TEXT NOT NULL,
      justification TEXT NOT NULL,
      requested_on TEXT NOT NULL,
      status TEXT NOT NULL,
      answered_by TEXT,
      answered_on TEXT,
      reasons TEXT,
      PRIMARY KEY (commitment_id, request_id)
    );
`;

export interface MilestoneRow {
  commitment_id: string;
  milestone_id: string;
  deliverable: string;
  weight: number;
  baseline_start: string;
  baseline_due: string;
  start: string;
  due: string;
  slips: number;
  last_endorsed_percent: number;
  completed: 0 | 1;
  completed_on: string | null;
  last_report_on: string | null;
  /** Set by `MilestoneOverdue` for the due date in force; cleared by completion or a later due. */
  overdue_since: string | null;
  /** The last `MilestoneDueSoon`: the due date it was about, its lead and when it was sent. */
  due_soon_due: string | null;
  due_soon_days_before: number | null;
  due_soon_notified_on: string | null;
}

export interface RescheduleRow {
  commitment_id: string;
  milestone_id: string;
  seq: number;
  previous_start: string;
  previous_due: string;
  start: string;
  due: string;
  justification: string;
  core_group_member_id: string;
  concurrence_reference: string | null;
  concurred_on: string;
  concurrence_source: ConcurrenceSource;
  request_id: string | null;
  slips: number;
}

export const RESCHEDULE_REQUEST_STATUSES = ['open', 'concurred', 'declined', 'withdrawn'] as const;
export type RescheduleRequestStatus = (typeof RESCHEDULE_REQUEST_STATUSES)[number];

export interface RescheduleRequestRow {
  commitment_id: string;
  request_id: string;
  milestone_id: string;
  current_start: string;
  current_due: string;
  start: string;
  due: string;
  justification: string;
  requested_on: string;
  status: RescheduleRequestStatus;
  /** The Core Group member who concurred or declined; null while open or once withdrawn. */
  answered_by: string | null;
  answered_on: string | null;
  /** The member's reasons for declining, or the institution's for withdrawing. */
  reasons: string | null;
}

function closeRequest(
  context: ProjectionContext,
  commitmentId: string,
  requestId: string,
  status: Exclude<RescheduleRequestStatus, 'open'>,
  answeredBy: string | null,
  answeredOn: string,
  reasons: string | null,
) {
  context.run(
    `UPDATE commitment_reschedule_request SET status = ?, answered_by = ?, answered_on = ?,
         reasons = ?
        WHERE commitment_id = ? AND request_id = ?`,
    [status, answeredBy, answeredOn, reasons, commitmentId, requestId],
  );
}

/** The roll-up is the domain's own function, over the milestone rows. */
export function rollUp(context: ProjectionContext, event: ProjectedEvent) {
  rollUpProgress(context, commitmentIdOf(event), {
    milestones: 'commitment_milestone',
    commitments: 'commitment',
  });
}

export const milestoneHandlers: CommitmentHandlers<
  | 'MilestonePlanned'
  | 'MilestoneRescheduled'
  | 'MilestoneRescheduleRequested'
  | 'MilestoneRescheduleDeclined'
  | 'MilestoneRescheduleRequestWithdrawn'
  | 'MilestoneCompleted'
  | 'MilestoneDueSoon'
  | 'MilestoneOverdue'
> = {
  MilestonePlanned: handle<MilestonePlanned>((context, { data: d }, id) => {
    context.run(
      `INSERT INTO commitment_milestone (commitment_id, milestone_id, deliverable, weight,
           baseline_start, baseline_due, start, due, slips, last_endorsed_percent, completed)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, 0, 0)`,
      [id, d.milestoneId, d.deliverable, d.weight, d.start, d.due, d.start, d.due],
    );
  }),
  MilestoneRescheduled: handle<MilestoneRescheduled>((context, { data: d }, id) => {
    context.run(
      // As the fold: a later due date ends the overdue; an earlier one leaves it (still late).
      `UPDATE commitment_milestone SET start = ?, due = ?, slips = ?,
           overdue_since = CASE WHEN ? > due THEN NULL ELSE overdue_since END
          WHERE commitment_id = ? AND milestone_id = ?`,
      [d.start, d.due, d.slips, d.due, id, d.milestoneId],
    );
    context.run(
      `INSERT INTO commitment_reschedule (commitment_id, milestone_id, seq, previous_start,
           previous_due, start, due, justification, core_group_member_id, concurrence_reference,
           concurred_on, concurrence_source, request_id, slips)
         VALUES (?, ?, (SELECT COUNT(*) FROM commitment_reschedule
                         WHERE commitment_id = ? AND milestone_id = ?),
                 ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        id,
        d.milestoneId,
        id,
        d.milestoneId,
        d.previousStart,
        d.previousDue,
        d.start,
        d.due,
        d.justification,
        d.concurrence.coreGroupMemberId,
        d.concurrence.reference,
        d.concurrence.concurredOn,
        d.concurrence.source,
        d.requestId,
        d.slips,
      ],
    );
    if (d.requestId !== null)
      closeRequest(
        context,
        id,
        d.requestId,
        'concurred',
        d.concurrence.coreGroupMemberId,
        d.concurrence.concurredOn,
        null,
      );
  }),
  MilestoneRescheduleRequested: handle<MilestoneRescheduleRequested>((context, { data: d }, id) => {
    context.run(
      `INSERT INTO commitment_reschedule_request (commitment_id, request_id, milestone_id,
           current_start, current_due, start, due, justification, requested_on, status)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'open')`,
      [
        id,
        d.requestId,
        d.milestoneId,
        d.currentStart,
        d.currentDue,
        d.start,
        d.due,
        d.justification,
        d.requestedOn,
      ],
    );
  }),
  MilestoneRescheduleDeclined: handle<MilestoneRescheduleDeclined>((context, { data: d }, id) =>
    closeRequest(
      context,
      id,
      d.requestId,
      'declined',
      d.coreGroupMemberId,
      d.declinedOn,
      d.reasons,
    ),
  ),
  MilestoneRescheduleRequestWithdrawn: handle<MilestoneRescheduleRequestWithdrawn>(
    (context, { data: d }, id) =>
      closeRequest(context, id, d.requestId, 'withdrawn', null, d.withdrawnOn, d.reason),
  ),
  MilestoneCompleted: handle<MilestoneCompleted>((context, event, id) => {
    context.run(
      `UPDATE commitment_milestone SET completed = 1, completed_on = ?, overdue_since = NULL
          WHERE commitment_id = ? AND milestone_id = ?`,
      [event.data.completedOn, id, event.data.milestoneId],
    );
    rollUp(context, event);
  }),
  MilestoneDueSoon: deadline<MilestoneDueSoon>((context, { data: d }, id) => {
    context.run(
      `UPDATE commitment_milestone SET due_soon_due = ?, due_soon_days_before = ?,
           due_soon_notified_on = ?
          WHERE commitment_id = ? AND milestone_id = ?`,
      [d.due, d.daysBefore, d.notifiedOn, id, d.milestoneId],
    );
  }),
  MilestoneOverdue: deadline<MilestoneOverdue>((context, { data: d }, id) => {
    // As the fold: only for the due date still in force, and not once completed.
    context.run(
      `UPDATE commitment_milestone SET overdue_since = ?
          WHERE commitment_id = ? AND milestone_id = ? AND due = ? AND completed = 0`,
      [d.detectedOn, id, d.milestoneId, d.due],
    );
  }),
};

// ── view ─────────────────────────────────────────────────────────────────────────────────────

/**
 * A change of a milestone's current dates, with the Core Group's concurrence: given by the member
 * in hitos (`source: member`, answering `requestId`), or, before members concurred themselves,
 * asserted by the institution (`asserted-by-institution`, no request).
 */
export interface RescheduleView {
  milestoneId: string;
  requestId: string | null;
  previousStart: string;
  previousDue: string;
  start: string;
  due: string;
  justification: string;
  concurrence: {
    coreGroupMemberId: string;
    reference: string | null;
    concurredOn: string;
    source: ConcurrenceSource;
  };
  slips: number;
}

/** The institution's request for new dates, and how the Core Group answered it. */
export interface RescheduleRequestView {
  requestId: string;
  milestoneId: string;
  /** The dates in force when it was asked. */
  currentStart: string;
  currentDue: string;
  start: string;
  due: string;
  justification: string;
  requestedOn: string;
  status: RescheduleRequestStatus;
  answeredBy: string | null;
  answeredOn: string | null;
  reasons: string | null;
}

/** A milestone with its baseline and current dates side by side, its reschedules and reports. */
export interface MilestoneView {
  milestoneId: string;
  deliverable: string;
  weight: number;
  baselineStart: string;
  baselineDue: string;
  start: string;
  due: string;
  slips: number;
  reschedules: RescheduleView[];
  /** Requests in the order made; at most the last is open. */
  rescheduleRequests: RescheduleRequestView[];
  lastEndorsedPercent: number;
  completed: boolean;
  completedOn: string | null;
  lastReportOn: string | null;
  /** The day the engine found the due date in force passed (`MilestoneOverdue`); null else. */
  overdueSince: string | null;
  /** The engine's reminder for the due date in force, while the milestone is open and not overdue. */
  dueSoon: { due: string; daysBefore: number; notifiedOn: string } | null;
  reports: ProgressReportView[];
}

/**
 * The commitment's milestones in planning order, as the fold keeps them, each with its
 * reschedules and, out of `reports` (see progress-reports.ts), the reports made on it.
 */
export function milestonesView(
  db: Database,
  commitmentId: string,
  reports: readonly ProgressReportView[],
): MilestoneView[] {
  const reschedules = prepared(
    db,
    `SELECT * FROM commitment_reschedule WHERE commitment_id = ? ORDER BY milestone_id, seq`,
  ).all(commitmentId) as RescheduleRow[];
  const requests = prepared(
    db,
    `SELECT * FROM commitment_reschedule_request WHERE commitment_id = ? ORDER BY rowid`,
  ).all(commitmentId) as RescheduleRequestRow[];
  return (
    prepared(db, `SELECT * FROM commitment_milestone WHERE commitment_id = ? ORDER BY rowid`).all(
      commitmentId,
    ) as MilestoneRow[]
  ).map((m) => ({
    milestoneId: m.milestone_id,
    deliverable: m.deliverable,
    weight: m.weight,
    baselineStart: m.baseline_start,
    baselineDue: m.baseline_due,
    start: m.start,
    due: m.due,
    slips: m.slips,
    reschedules: reschedules
      .filter((r) => r.milestone_id === m.milestone_id)
      .map((r) => ({
        milestoneId: r.milestone_id,
        requestId: r.request_id,
        previousStart: r.previous_start,
        previousDue: r.previous_due,
        start: r.start,
        due: r.due,
        justification: r.justification,
        concurrence: {
          coreGroupMemberId: r.core_group_member_id,
          reference: r.concurrence_reference,
          concurredOn: r.concurred_on,
          source: r.concurrence_source,
        },
        slips: r.slips,
      })),
    rescheduleRequests: requests
      .filter((r) => r.milestone_id === m.milestone_id)
      .map((r) => ({
        requestId: r.request_id,
        milestoneId: r.milestone_id,
        currentStart: r.current_start,
        currentDue: r.current_due,
        start: r.start,
        due: r.due,
        justification: r.justification,
        requestedOn: r.requested_on,
        status: r.status,
        answeredBy: r.answered_by,
        answeredOn: r.answered_on,
        reasons: r.reasons,
      })),
    lastEndorsedPercent: m.last_endorsed_percent,
    completed: m.completed === 1,
    completedOn: m.completed_on,
    lastReportOn: m.last_report_on,
    overdueSince: m.overdue_since,
    dueSoon:
      m.due_soon_due === m.due && m.completed === 0 && m.overdue_since === null
        ? {
            due: m.due_soon_due,
            daysBefore: m.due_soon_days_before!,
            notifiedOn: m.due_soon_notified_on!,
          }
        : null,
    reports: reports.filter((r) => r.milestoneId === m.milestone_id),
  }));
}
