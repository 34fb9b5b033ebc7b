import {
  type MilestoneCompleted,
  type MilestoneDueSoon,
  type MilestoneOverdue,
  type MilestonePlanned,
  type MilestoneRescheduled,
} from '@hitos/domain';
import { type ProjectedEvent, type ProjectionContext } from '@hitos/projections';
import { commitmentIdOf, rollUpProgress } from '../commitment-events';
import { handle, type CommitmentHandlers } from './commitment-handler';
import { deadline } from './deadline-records';

/** The milestones (baseline and current dates, endorsed progress) and their reschedules. */
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
      concurrence_reference TEXT NOT NULL,
      concurred_on TEXT NOT NULL,
      slips INTEGER NOT NULL,
      PRIMARY KEY (commitment_id, milestone_id, seq)
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
  concurrence_reference: string;
  concurred_on: string;
  slips: number;
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
           concurred_on, slips)
         VALUES (?, ?, (SELECT COUNT(*) FROM commitment_reschedule
                         WHERE commitment_id = ? AND milestone_id = ?),
                 ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
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
        d.slips,
      ],
    );
  }),
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
