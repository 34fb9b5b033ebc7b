import {
  type CommitmentEvent,
  type CommitmentStatus,
  type HitosEventOf,
  type CommitmentDrafted,
  type CommitmentMaintained,
  type InformationHandoverAcknowledged,
  type MilestoneOverdue,
  type MilestoneRescheduled,
  type MilestoneCompleted,
  type MilestonePlanned,
  type MilestoneProgressReported,
  type ProgressReportReviewed,
  type QuestionAnswerOverdue,
  type QuestionAnswered,
  type QuestionAsked,
  type QuestionHidden,
  type ReportSubmitted,
} from '@hitos/domain';
import {
  defineProjection,
  type ProjectedOf,
  type ProjectionContext,
  type ProjectionHandler,
} from '@hitos/projections';
import { commitmentIdOf, onCommitment, rollUpProgress } from '../commitment-events';

/**
 * The events that move a figure of the dashboard (others change none: an objection, a deadline
 * notice, a resource…). A handler for a type not listed, or a listed type without one, does
 * not compile.
 */
type PlanDashboardEvent = HitosEventOf<
  | 'ActionPlanRegistered'
  | 'InstitutionRegistered'
  | 'InstitutionRedesigned'
  | 'CommitmentDrafted'
  | 'MilestonePlanned'
  | 'MilestoneRescheduled'
  | 'MilestoneOverdue'
  | 'MilestoneProgressReported'
  | 'ProgressReportReviewed'
  | 'MilestoneCompleted'
  | 'ReportSubmitted'
  | 'ActaSigned'
  | 'CommitmentCompleted'
  | 'CommitmentClosed'
  | 'CommitmentWithdrawn'
  | 'CommitmentMarkedTransferPending'
  | 'CommitmentTransferred'
  | 'CommitmentMaintained'
  | 'InformationHandoverAcknowledged'
  | 'QuestionAsked'
  | 'QuestionAnswered'
  | 'QuestionHidden'
  | 'QuestionAnswerOverdue'
>;

/**
 * Facts per commitment, milestone and report, with no running totals: every figure of a plan's
 * dashboard is an aggregate query over these rows (see queries/plan-dashboard.ts), so a total
 * cannot drift from the rows it counts.
 */
export const planDashboardProjection = defineProjection<PlanDashboardEvent>({
  name: 'plan-dashboard',
  // 2: transfer statuses, a commitment counting for its new institution after the handover,
  // milestones found overdue by the engine. 3: citizens' questions (answered on time or not).
  version: 3,
  schema: `
    CREATE TABLE plan (
      plan_id TEXT PRIMARY KEY,
      code TEXT NOT NULL,
      title TEXT NOT NULL,
      period_start TEXT NOT NULL,
      period_end TEXT NOT NULL
    );
    CREATE TABLE institution (
      institution_id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      acronym TEXT NOT NULL,
      redesign TEXT
    );
    CREATE TABLE dashboard_commitment (
      commitment_id TEXT PRIMARY KEY,
      plan_id TEXT NOT NULL,
      number INTEGER NOT NULL,
      title TEXT NOT NULL,
      institution_id TEXT NOT NULL,
      counterpart_id TEXT NOT NULL,
      status TEXT NOT NULL,
      progress REAL NOT NULL,
      position TEXT NOT NULL
    );
    CREATE INDEX dashboard_commitment_by_plan ON dashboard_commitment (plan_id, status);
    CREATE TABLE commitment_facets (
      commitment_id TEXT NOT NULL,
      plan_id TEXT NOT NULL,
      institution_id TEXT NOT NULL,
      pillar TEXT NOT NULL,
      PRIMARY KEY (commitment_id, pillar)
    );
    CREATE INDEX commitment_facets_by_plan ON commitment_facets (plan_id, pillar);
    CREATE TABLE dashboard_milestone (
      commitment_id TEXT NOT NULL,
      milestone_id TEXT NOT NULL,
      weight INTEGER NOT NULL,
      last_endorsed_percent REAL NOT NULL,
      completed INTEGER NOT NULL,
      completed_on TEXT,
      due TEXT NOT NULL DEFAULT '',
      overdue_since TEXT,
      PRIMARY KEY (commitment_id, milestone_id)
    );
    CREATE TABLE dashboard_claim (
      commitment_id TEXT NOT NULL,
      report_id TEXT NOT NULL,
      percent REAL NOT NULL,
      PRIMARY KEY (commitment_id, report_id)
    );
    CREATE TABLE dashboard_submitted_report (
      commitment_id TEXT NOT NULL,
      report_id TEXT NOT NULL,
      plan_id TEXT NOT NULL,
      audience TEXT NOT NULL,
      classification TEXT NOT NULL,
      submitted_on TEXT NOT NULL,
      PRIMARY KEY (commitment_id, report_id)
    );
    CREATE INDEX dashboard_submitted_report_by_plan ON dashboard_submitted_report (plan_id);
    CREATE TABLE dashboard_question (
      commitment_id TEXT NOT NULL,
      question_id TEXT NOT NULL,
      answer_due_on TEXT NOT NULL,
      answered_on TEXT,
      overdue INTEGER NOT NULL DEFAULT 0,
      hidden INTEGER NOT NULL DEFAULT 0,
      PRIMARY KEY (commitment_id, question_id)
    );
  `,
  handlers: {
    ActionPlanRegistered: (context, event) => {
      const d = event.data;
      context.run(
        `INSERT INTO plan (plan_id, code, title, period_start, period_end) VALUES (?, ?, ?, ?, ?)`,
        [d.planId, d.code, d.title, d.period.start, d.period.end],
      );
    },
    InstitutionRegistered: (context, event) => {
      const d = event.data;
      context.run(`INSERT INTO institution (institution_id, name, acronym) VALUES (?, ?, ?)`, [
        d.institutionId,
        d.name,
        d.acronym,
      ]);
    },
    InstitutionRedesigned: (context, event) => {
      const d = event.data;
      context.run(
        `UPDATE institution SET redesign = ?, name = COALESCE(?, name) WHERE institution_id = ?`,
        [d.kind, d.newName ?? null, d.institutionId],
      );
    },
    CommitmentDrafted: onCommitment<CommitmentDrafted>((context, event) => {
      const d = event.data;
      const id = commitmentIdOf(event);
      context.run(
        `INSERT INTO dashboard_commitment (commitment_id, plan_id, number, title, institution_id,
           counterpart_id, status, progress, position)
         VALUES (?, ?, ?, ?, ?, ?, 'Draft', 0, ?)`,
        [
          id,
          d.planId,
          d.number,
          d.title,
          d.responsible.institutionId,
          d.counterpart.organizationId,
          event.position,
        ],
      );
      for (const pillar of Object.keys(d.relevance ?? {})) {
        context.run(
          `INSERT INTO commitment_facets (commitment_id, plan_id, institution_id, pillar)
           VALUES (?, ?, ?, ?)`,
          [id, d.planId, d.responsible.institutionId, pillar],
        );
      }
    }),
    MilestonePlanned: tracked<MilestonePlanned>((context, event, id) => {
      context.run(
        `INSERT INTO dashboard_milestone
           (commitment_id, milestone_id, weight, last_endorsed_percent, completed, due)
         VALUES (?, ?, ?, 0, 0, ?)`,
        [id, event.data.milestoneId, event.data.weight, event.data.due],
      );
      rollUp(context, id);
    }),
    MilestoneRescheduled: tracked<MilestoneRescheduled>((context, event, id) => {
      // A later due date ends the overdue, as in the domain's fold.
      context.run(
        `UPDATE dashboard_milestone
              SET overdue_since = CASE WHEN ? > due THEN NULL ELSE overdue_since END, due = ?
            WHERE commitment_id = ? AND milestone_id = ?`,
        [event.data.due, event.data.due, id, event.data.milestoneId],
      );
    }),
    MilestoneOverdue: tracked<MilestoneOverdue>((context, event, id) => {
      context.run(
        `UPDATE dashboard_milestone SET overdue_since = ?
          WHERE commitment_id = ? AND milestone_id = ? AND due = ? AND completed = 0`,
        [event.data.detectedOn, id, event.data.milestoneId, event.data.due],
      );
    }),
    MilestoneProgressReported: tracked<MilestoneProgressReported>((context, event, id) => {
      context.run(
        `INSERT INTO dashboard_claim (commitment_id, report_id, percent) VALUES (?, ?, ?)`,
        [id, event.data.reportId, event.data.percent],
      );
    }),
    ProgressReportReviewed: tracked<ProgressReportReviewed>((context, event, id) => {
      if (event.data.verdict !== 'endorsed') return;
      context.run(
        `UPDATE dashboard_milestone
              SET last_endorsed_percent = MAX(last_endorsed_percent, (
                SELECT percent FROM dashboard_claim WHERE commitment_id = ? AND report_id = ?))
            WHERE commitment_id = ? AND milestone_id = ?`,
        [id, event.data.reportId, id, event.data.milestoneId],
      );
      rollUp(context, id);
    }),
    MilestoneCompleted: tracked<MilestoneCompleted>((context, event, id) => {
      context.run(
        `UPDATE dashboard_milestone SET completed = 1, completed_on = ?, overdue_since = NULL
          WHERE commitment_id = ? AND milestone_id = ?`,
        [event.data.completedOn, id, event.data.milestoneId],
      );
      rollUp(context, id);
    }),
    ReportSubmitted: tracked<ReportSubmitted>((context, event, id) => {
      const d = event.data;
      context.run(
        `INSERT INTO dashboard_submitted_report (commitment_id, report_id, plan_id, audience,
           classification, submitted_on)
         VALUES (?, ?, (SELECT plan_id FROM dashboard_commitment WHERE commitment_id = ?), ?, ?, ?)`,
        [id, d.reportId, id, d.audience, d.classification, d.submittedOn],
      );
    }),
    ActaSigned: status('InImplementation'),
    CommitmentCompleted: status('Completed'),
    CommitmentClosed: status('Closed'),
    CommitmentWithdrawn: status('Withdrawn'),
    CommitmentMarkedTransferPending: status('TransferPending'),
    CommitmentTransferred: status('AwaitingHandover'),
    CommitmentMaintained: tracked<CommitmentMaintained>((context, event, id) => {
      context.run(
        `UPDATE dashboard_commitment SET status = ?
            WHERE commitment_id = ? AND status = 'TransferPending'`,
        [event.data.resumedStatus, id],
      );
    }),
    QuestionAsked: tracked<QuestionAsked>((context, event, id) => {
      context.run(
        `INSERT OR IGNORE INTO dashboard_question (commitment_id, question_id, answer_due_on)
         VALUES (?, ?, ?)`,
        [id, event.data.questionId, event.data.answerDueOn],
      );
    }),
    QuestionAnswered: tracked<QuestionAnswered>((context, event, id) => {
      context.run(
        `UPDATE dashboard_question SET answered_on = ? WHERE commitment_id = ? AND question_id = ?`,
        [event.data.answeredOn, id, event.data.questionId],
      );
    }),
    QuestionHidden: tracked<QuestionHidden>((context, event, id) => {
      context.run(
        `UPDATE dashboard_question SET hidden = 1 WHERE commitment_id = ? AND question_id = ?`,
        [id, event.data.questionId],
      );
    }),
    QuestionAnswerOverdue: tracked<QuestionAnswerOverdue>((context, event, id) => {
      context.run(
        `UPDATE dashboard_question SET overdue = 1 WHERE commitment_id = ? AND question_id = ?`,
        [id, event.data.questionId],
      );
    }),
    InformationHandoverAcknowledged: tracked<InformationHandoverAcknowledged>(
      (context, event, id) => {
        const d = event.data;
        // The receiving institution is responsible from now on: the commitment, its progress and
        // its pillars count for it in the per-institution rows.
        const moved = context.run(
          `UPDATE dashboard_commitment SET status = ?, institution_id = ?
            WHERE commitment_id = ? AND status = 'AwaitingHandover'`,
          [d.resumedStatus, d.toInstitutionId, id],
        );
        if (moved.changes > 0) {
          context.run(`UPDATE commitment_facets SET institution_id = ? WHERE commitment_id = ?`, [
            d.toInstitutionId,
            id,
          ]);
        }
      },
    ),
  },
});

/** Commitment handlers that also mark the commitment row with the event's position. */
function tracked<E extends CommitmentEvent>(
  body: (context: ProjectionContext, event: ProjectedOf<E>, id: string) => void,
): ProjectionHandler<E> {
  return onCommitment<E>((context, event) => {
    const id = commitmentIdOf(event);
    body(context, event, id);
    context.run(`UPDATE dashboard_commitment SET position = ? WHERE commitment_id = ?`, [
      event.position,
      id,
    ]);
  });
}

function status(next: CommitmentStatus): ProjectionHandler<CommitmentEvent> {
  return tracked((context, _event, id) =>
    context.run(`UPDATE dashboard_commitment SET status = ? WHERE commitment_id = ?`, [next, id]),
  );
}

function rollUp(context: ProjectionContext, id: string) {
  rollUpProgress(context, id, {
    milestones: 'dashboard_milestone',
    commitments: 'dashboard_commitment',
  });
}
