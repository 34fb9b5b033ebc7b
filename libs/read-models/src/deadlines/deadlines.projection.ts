import type {
  CommitmentDrafted,
  CommitmentEvent,
  CommitmentStatus,
  HitosEventOf,
  CommitmentMaintained,
  InformationHandoverAcknowledged,
  MilestoneCompleted,
  MilestoneOverdue,
  MilestonePlanned,
  MilestoneProgressReported,
  MilestoneRescheduled,
  ObjectionAnswered,
  ProgressReportReviewed,
} from '@hitos/domain';
import {
  defineProjection,
  type ProjectionContext,
  type ProjectionHandler,
} from '@hitos/projections';
import { commitmentIdOf, onCommitment } from '../commitment-events';

export interface DeadlineRow {
  commitment_id: string;
  milestone_id: string;
  plan_id: string;
  institution_id: string;
  counterpart_id: string;
  commitment_number: number;
  commitment_title: string;
  commitment_status: string;
  deliverable: string;
  weight: number;
  start: string;
  baseline_due: string;
  /** The due date in force. */
  due: string;
  slips: number;
  completed: 0 | 1;
  completed_on: string | null;
  last_report_on: string | null;
  last_endorsed_percent: number;
  /**
   * The day the engine found the due date in force passed (`MilestoneOverdue`); cleared by the
   * milestone's completion or a reschedule to a later date.
   */
  overdue_since: string | null;
  /**
   * Objections raised and not answered, recounted from `deadline_claim` on every change: per
   * report, only its last round's objection can be open.
   */
  open_objections: number;
  /** The date of the oldest objection still open: per report, its last unanswered one. */
  oldest_open_objection_on: string | null;
}

/** Recounts a milestone's open objections from its claims, so the count cannot drift. */
function recountObjections(context: ProjectionContext, id: string, milestoneId: string) {
  context.run(
    `UPDATE deadline_milestone SET
       open_objections = (SELECT COUNT(*) FROM deadline_claim
         WHERE commitment_id = @id AND milestone_id = @milestoneId
           AND verdict = 'objected' AND answered_on IS NULL),
       oldest_open_objection_on = (SELECT MIN(reviewed_on) FROM deadline_claim
         WHERE commitment_id = @id AND milestone_id = @milestoneId
           AND verdict = 'objected' AND answered_on IS NULL)
     WHERE commitment_id = @id AND milestone_id = @milestoneId`,
    { id, milestoneId },
  );
}

const on = <E extends CommitmentEvent>(
  body: (context: ProjectionContext, data: E['data'], id: string) => void,
): ProjectionHandler<E> =>
  onCommitment<E>((context, event) => body(context, event.data, commitmentIdOf(event)));

function setStatus(context: ProjectionContext, id: string, next: string) {
  // Both: a milestone planned later copies the commitment's status from its row.
  context.run(`UPDATE deadline_commitment SET status = ? WHERE commitment_id = ?`, [next, id]);
  context.run(`UPDATE deadline_milestone SET commitment_status = ? WHERE commitment_id = ?`, [
    next,
    id,
  ]);
}

const status = (next: CommitmentStatus): ProjectionHandler<CommitmentEvent> =>
  on((context, _data, id) => setStatus(context, id, next));

/** One row per milestone with what the semáforo and the overdue/upcoming lists read. */
/**
 * The events that move a due date, a report, an objection or a status that a deadline or a
 * semáforo reads. A handler for a type not listed, or a listed type without one, does not
 * compile.
 */
type DeadlinesEvent = HitosEventOf<
  | 'CommitmentDrafted'
  | 'MilestonePlanned'
  | 'MilestoneRescheduled'
  | 'MilestoneProgressReported'
  | 'ProgressReportReviewed'
  | 'ObjectionAnswered'
  | 'MilestoneCompleted'
  | 'MilestoneOverdue'
  | 'ActaSigned'
  | 'CommitmentCompleted'
  | 'CommitmentClosed'
  | 'CommitmentWithdrawn'
  | 'CommitmentMarkedTransferPending'
  | 'CommitmentTransferred'
  | 'CommitmentMaintained'
  | 'InformationHandoverAcknowledged'
>;

export const deadlinesProjection = defineProjection<DeadlinesEvent>({
  name: 'deadlines',
  // 2: `overdue_since` from MilestoneOverdue; transfer statuses; the receiving institution's
  // deadlines after an acknowledged handover.
  version: 2,
  schema: `
    CREATE TABLE deadline_commitment (
      commitment_id TEXT PRIMARY KEY,
      plan_id TEXT NOT NULL,
      institution_id TEXT NOT NULL,
      counterpart_id TEXT NOT NULL,
      number INTEGER NOT NULL,
      title TEXT NOT NULL,
      status TEXT NOT NULL
    );
    CREATE TABLE deadline_milestone (
      commitment_id TEXT NOT NULL,
      milestone_id TEXT NOT NULL,
      plan_id TEXT NOT NULL,
      institution_id TEXT NOT NULL,
      counterpart_id TEXT NOT NULL,
      commitment_number INTEGER NOT NULL,
      commitment_title TEXT NOT NULL,
      commitment_status TEXT NOT NULL,
      deliverable TEXT NOT NULL,
      weight INTEGER NOT NULL,
      start TEXT NOT NULL,
      baseline_due TEXT NOT NULL,
      due TEXT NOT NULL,
      slips INTEGER NOT NULL,
      completed INTEGER NOT NULL,
      completed_on TEXT,
      last_report_on TEXT,
      last_endorsed_percent REAL NOT NULL,
      overdue_since TEXT,
      open_objections INTEGER NOT NULL,
      oldest_open_objection_on TEXT,
      PRIMARY KEY (commitment_id, milestone_id)
    );
    CREATE INDEX deadline_by_due ON deadline_milestone (completed, due);
    CREATE INDEX deadline_by_plan ON deadline_milestone (plan_id, due);
    CREATE INDEX deadline_by_institution ON deadline_milestone (institution_id, due);
    CREATE TABLE deadline_claim (
      commitment_id TEXT NOT NULL,
      report_id TEXT NOT NULL,
      milestone_id TEXT NOT NULL,
      percent REAL NOT NULL,
      verdict TEXT,
      reviewed_on TEXT,
      answered_on TEXT,
      PRIMARY KEY (commitment_id, report_id)
    );
  `,
  handlers: {
    CommitmentDrafted: on<CommitmentDrafted>((context, d, id) => {
      context.run(
        `INSERT INTO deadline_commitment (commitment_id, plan_id, institution_id, counterpart_id,
           number, title, status) VALUES (?, ?, ?, ?, ?, ?, 'Draft')`,
        [
          id,
          d.planId,
          d.responsible.institutionId,
          d.counterpart.organizationId,
          d.number,
          d.title,
        ],
      );
    }),
    MilestonePlanned: on<MilestonePlanned>((context, d, id) => {
      context.run(
        `INSERT INTO deadline_milestone (commitment_id, milestone_id, plan_id, institution_id,
           counterpart_id, commitment_number, commitment_title, commitment_status, deliverable,
           weight, start, baseline_due, due, slips, completed, last_endorsed_percent,
           open_objections)
         SELECT commitment_id, ?, plan_id, institution_id, counterpart_id, number, title, status,
                ?, ?, ?, ?, ?, 0, 0, 0, 0
           FROM deadline_commitment WHERE commitment_id = ?`,
        [d.milestoneId, d.deliverable, d.weight, d.start, d.due, d.due, id],
      );
    }),
    MilestoneRescheduled: on<MilestoneRescheduled>((context, d, id) => {
      context.run(
        // As the domain's fold: a later due date ends the overdue, an earlier one does not.
        `UPDATE deadline_milestone SET start = ?, due = ?, slips = ?,
           overdue_since = CASE WHEN ? > due THEN NULL ELSE overdue_since END
          WHERE commitment_id = ? AND milestone_id = ?`,
        [d.start, d.due, d.slips, d.due, id, d.milestoneId],
      );
    }),
    MilestoneProgressReported: on<MilestoneProgressReported>((context, d, id) => {
      context.run(
        `INSERT INTO deadline_claim (commitment_id, report_id, milestone_id, percent)
         VALUES (?, ?, ?, ?)`,
        [id, d.reportId, d.milestoneId, d.percent],
      );
      context.run(
        `UPDATE deadline_milestone SET last_report_on = MAX(COALESCE(last_report_on, ''), ?)
          WHERE commitment_id = ? AND milestone_id = ?`,
        [d.reportedOn, id, d.milestoneId],
      );
    }),
    ProgressReportReviewed: on<ProgressReportReviewed>((context, d, id) => {
      // The claim holds its latest review: a new objection (a later round) is open again, and
      // its age counts from its own date, not the first objection's.
      context.run(
        `UPDATE deadline_claim SET verdict = ?, reviewed_on = ?, answered_on = NULL
          WHERE commitment_id = ? AND report_id = ?`,
        [d.verdict, d.reviewedOn, id, d.reportId],
      );
      if (d.verdict === 'endorsed') {
        context.run(
          `UPDATE deadline_milestone
              SET last_endorsed_percent = MAX(last_endorsed_percent, (
                SELECT percent FROM deadline_claim WHERE commitment_id = ? AND report_id = ?))
            WHERE commitment_id = ? AND milestone_id = ?`,
          [id, d.reportId, id, d.milestoneId],
        );
      }
      recountObjections(context, id, d.milestoneId);
    }),
    ObjectionAnswered: on<ObjectionAnswered>((context, d, id) => {
      context.run(
        `UPDATE deadline_claim SET answered_on = ? WHERE commitment_id = ? AND report_id = ?`,
        [d.answeredOn, id, d.reportId],
      );
      recountObjections(context, id, d.milestoneId);
    }),
    MilestoneCompleted: on<MilestoneCompleted>((context, d, id) => {
      context.run(
        `UPDATE deadline_milestone SET completed = 1, completed_on = ?, overdue_since = NULL
          WHERE commitment_id = ? AND milestone_id = ?`,
        [d.completedOn, id, d.milestoneId],
      );
    }),
    MilestoneOverdue: on<MilestoneOverdue>((context, d, id) => {
      // Only for the due date still in force, and not once completed (as the fold).
      context.run(
        `UPDATE deadline_milestone SET overdue_since = ?
          WHERE commitment_id = ? AND milestone_id = ? AND due = ? AND completed = 0`,
        [d.detectedOn, id, d.milestoneId, d.due],
      );
    }),
    ActaSigned: status('InImplementation'),
    CommitmentCompleted: status('Completed'),
    CommitmentClosed: status('Closed'),
    CommitmentWithdrawn: status('Withdrawn'),
    CommitmentMarkedTransferPending: status('TransferPending'),
    CommitmentTransferred: status('AwaitingHandover'),
    CommitmentMaintained: on<CommitmentMaintained>((context, d, id) =>
      setStatus(context, id, d.resumedStatus),
    ),
    InformationHandoverAcknowledged: on<InformationHandoverAcknowledged>((context, d, id) => {
      setStatus(context, id, d.resumedStatus);
      // The receiving institution answers for the milestones' deadlines from now on.
      context.run(`UPDATE deadline_commitment SET institution_id = ? WHERE commitment_id = ?`, [
        d.toInstitutionId,
        id,
      ]);
      context.run(`UPDATE deadline_milestone SET institution_id = ? WHERE commitment_id = ?`, [
        d.toInstitutionId,
        id,
      ]);
    }),
  },
});
