import {
  type ActionPlanRegistered,
  type CommitmentDrafted,
  type InstitutionRedesigned,
  type InstitutionRegistered,
  type MilestoneCompleted,
  type MilestonePlanned,
  type MilestoneProgressReported,
  type ProgressReportReviewed,
  type ReportSubmitted,
} from '@hitos/domain';
import {
  defineProjection,
  type ProjectedEvent,
  type ProjectionContext,
  type ProjectionHandler,
} from '../../projection';
import { commitmentIdOf, onCommitment, rollUpProgress } from '../shared';

/**
 * Facts per commitment, milestone and report, with no running totals: every figure of a plan's
 * dashboard is an aggregate query over these rows (see queries/plan-dashboard.ts), so a total
 * cannot drift from the rows it counts.
 */
export const planDashboardProjection = defineProjection({
  name: 'plan-dashboard',
  version: 1,
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
  `,
  handlers: {
    ActionPlanRegistered: (context, event: ProjectedEvent<ActionPlanRegistered['data']>) => {
      const d = event.data;
      context.run(
        `INSERT INTO plan (plan_id, code, title, period_start, period_end) VALUES (?, ?, ?, ?, ?)`,
        [d.planId, d.code, d.title, d.period.start, d.period.end],
      );
    },
    InstitutionRegistered: (context, event: ProjectedEvent<InstitutionRegistered['data']>) => {
      const d = event.data;
      context.run(`INSERT INTO institution (institution_id, name, acronym) VALUES (?, ?, ?)`, [
        d.institutionId,
        d.name,
        d.acronym,
      ]);
    },
    InstitutionRedesigned: (context, event: ProjectedEvent<InstitutionRedesigned['data']>) => {
      const d = event.data;
      context.run(
        `UPDATE institution SET redesign = ?, name = COALESCE(?, name) WHERE institution_id = ?`,
        [d.kind, d.newName ?? null, d.institutionId],
      );
    },
    CommitmentDrafted: onCommitment((context, event: ProjectedEvent<CommitmentDrafted['data']>) => {
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
    MilestonePlanned: tracked((context, event: ProjectedEvent<MilestonePlanned['data']>, id) => {
      context.run(
        `INSERT INTO dashboard_milestone
           (commitment_id, milestone_id, weight, last_endorsed_percent, completed)
         VALUES (?, ?, ?, 0, 0)`,
        [id, event.data.milestoneId, event.data.weight],
      );
      rollUp(context, id);
    }),
    MilestoneProgressReported: tracked(
      (context, event: ProjectedEvent<MilestoneProgressReported['data']>, id) => {
        context.run(
          `INSERT INTO dashboard_claim (commitment_id, report_id, percent) VALUES (?, ?, ?)`,
          [id, event.data.reportId, event.data.percent],
        );
      },
    ),
    ProgressReportReviewed: tracked(
      (context, event: ProjectedEvent<ProgressReportReviewed['data']>, id) => {
        if (event.data.verdict !== 'endorsed') return;
        context.run(
          `UPDATE dashboard_milestone
              SET last_endorsed_percent = MAX(last_endorsed_percent, (
                SELECT percent FROM dashboard_claim WHERE commitment_id = ? AND report_id = ?))
            WHERE commitment_id = ? AND milestone_id = ?`,
          [id, event.data.reportId, id, event.data.milestoneId],
        );
        rollUp(context, id);
      },
    ),
    MilestoneCompleted: tracked(
      (context, event: ProjectedEvent<MilestoneCompleted['data']>, id) => {
        context.run(
          `UPDATE dashboard_milestone SET completed = 1, completed_on = ?
          WHERE commitment_id = ? AND milestone_id = ?`,
          [event.data.completedOn, id, event.data.milestoneId],
        );
        rollUp(context, id);
      },
    ),
    ReportSubmitted: tracked((context, event: ProjectedEvent<ReportSubmitted['data']>, id) => {
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
  },
});

/** Commitment handlers that also mark the commitment row with the event's position. */
function tracked<Data>(
  body: (context: ProjectionContext, event: ProjectedEvent<Data>, id: string) => void,
): ProjectionHandler {
  return onCommitment((context, event) => {
    const id = commitmentIdOf(event);
    body(context, event, id);
    context.run(`UPDATE dashboard_commitment SET position = ? WHERE commitment_id = ?`, [
      event.position,
      id,
    ]);
  });
}

function status(next: string): ProjectionHandler {
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
