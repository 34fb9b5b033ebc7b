import {
  type ActaSigned,
  type CommitmentClosed,
  type CommitmentCompleted,
  type CommitmentDrafted,
  type CommitmentStatus,
  type CommitmentWithdrawn,
  type MilestoneCompleted,
  type MilestonePlanned,
  type MilestoneProgressReported,
  type ProgressReportReviewed,
} from '@hitos/domain';
import {
  defineProjection,
  type ProjectedEvent,
  type ProjectionContext,
  type ProjectionHandler,
} from '../projection';
import { COMMITMENT_PREFIX, commitmentIdOf, rollUpProgress } from '../read-models/shared';

/** One row per commitment, for lists filtered by plan, status or institution. */
export interface CommitmentSummaryRow {
  commitment_id: string;
  plan_id: string;
  number: number;
  title: string;
  status: CommitmentStatus;
  progress: number;
  responsible_institution_id: string;
  responsible_unit: string;
  counterpart_organization_id: string;
  counterpart_sector: string;
  /** Stream revision of the last event applied: the ETag a write would expect. */
  revision: number;
  /** `$all` commit position of that event, so a response can say what it reflects. */
  position: string;
  updated_at: string;
}

/**
 * Every commitment event moves the row's revision and position, whatever else it changes, so
 * the row always names the last event it reflects.
 */
function touch(context: ProjectionContext, event: ProjectedEvent, status?: CommitmentStatus) {
  context.run(
    `UPDATE commitment_summary
        SET revision = ?, position = ?, updated_at = ?, status = COALESCE(?, status)
      WHERE commitment_id = ?`,
    [event.revision, event.position, event.recordedAt, status ?? null, commitmentIdOf(event)],
  );
}

/** The roll-up is the domain's own function over the milestones kept beside the summary. */
function rollUp(context: ProjectionContext, event: ProjectedEvent) {
  rollUpProgress(context, commitmentIdOf(event), {
    milestones: 'commitment_summary_milestone',
    commitments: 'commitment_summary',
  });
}

const only =
  (handler: ProjectionHandler): ProjectionHandler =>
  (context, event) => {
    // Type names are unique across categories today; the guard keeps it so if one is reused.
    if (event.streamId.startsWith(COMMITMENT_PREFIX)) handler(context, event);
  };

const justTouch: ProjectionHandler = only((context, event) => touch(context, event));

export const commitmentSummaryProjection = defineProjection({
  name: 'commitment-summary',
  version: 1,
  schema: `
    CREATE TABLE commitment_summary (
      commitment_id TEXT PRIMARY KEY,
      plan_id TEXT NOT NULL,
      number INTEGER NOT NULL,
      title TEXT NOT NULL,
      status TEXT NOT NULL,
      progress REAL NOT NULL,
      responsible_institution_id TEXT NOT NULL,
      responsible_unit TEXT NOT NULL,
      counterpart_organization_id TEXT NOT NULL,
      counterpart_sector TEXT NOT NULL,
      revision INTEGER NOT NULL,
      position TEXT NOT NULL,
      updated_at TEXT NOT NULL
    );
    CREATE INDEX commitment_summary_by_plan ON commitment_summary (plan_id, number);
    CREATE INDEX commitment_summary_by_status ON commitment_summary (status);
    CREATE INDEX commitment_summary_by_institution ON commitment_summary (responsible_institution_id);
    CREATE TABLE commitment_summary_milestone (
      commitment_id TEXT NOT NULL,
      milestone_id TEXT NOT NULL,
      weight INTEGER NOT NULL,
      last_endorsed_percent REAL NOT NULL,
      completed INTEGER NOT NULL,
      PRIMARY KEY (commitment_id, milestone_id)
    );
    CREATE TABLE commitment_summary_report (
      commitment_id TEXT NOT NULL,
      report_id TEXT NOT NULL,
      milestone_id TEXT NOT NULL,
      percent REAL NOT NULL,
      PRIMARY KEY (commitment_id, report_id)
    );
  `,
  handlers: {
    CommitmentDrafted: only((context, event: ProjectedEvent<CommitmentDrafted['data']>) => {
      const d = event.data;
      context.run(
        `INSERT INTO commitment_summary (commitment_id, plan_id, number, title, status, progress,
           responsible_institution_id, responsible_unit, counterpart_organization_id,
           counterpart_sector, revision, position, updated_at)
         VALUES (?, ?, ?, ?, 'Draft', 0, ?, ?, ?, ?, ?, ?, ?)`,
        [
          commitmentIdOf(event),
          d.planId,
          d.number,
          d.title,
          d.responsible.institutionId,
          d.responsible.unit,
          d.counterpart.organizationId,
          d.counterpart.sector,
          event.revision,
          event.position,
          event.recordedAt,
        ],
      );
    }),
    MilestonePlanned: only((context, event: ProjectedEvent<MilestonePlanned['data']>) => {
      context.run(
        `INSERT INTO commitment_summary_milestone
           (commitment_id, milestone_id, weight, last_endorsed_percent, completed)
         VALUES (?, ?, ?, 0, 0)`,
        [commitmentIdOf(event), event.data.milestoneId, event.data.weight],
      );
      rollUp(context, event);
      touch(context, event);
    }),
    MilestoneProgressReported: only(
      (context, event: ProjectedEvent<MilestoneProgressReported['data']>) => {
        context.run(
          `INSERT INTO commitment_summary_report (commitment_id, report_id, milestone_id, percent)
           VALUES (?, ?, ?, ?)`,
          [commitmentIdOf(event), event.data.reportId, event.data.milestoneId, event.data.percent],
        );
        touch(context, event);
      },
    ),
    ProgressReportReviewed: only(
      (context, event: ProjectedEvent<ProgressReportReviewed['data']>) => {
        if (event.data.verdict === 'endorsed') {
          context.run(
            `UPDATE commitment_summary_milestone
              SET last_endorsed_percent = MAX(last_endorsed_percent, (
                SELECT percent FROM commitment_summary_report
                 WHERE commitment_id = ? AND report_id = ?))
            WHERE commitment_id = ? AND milestone_id = ?`,
            [
              commitmentIdOf(event),
              event.data.reportId,
              commitmentIdOf(event),
              event.data.milestoneId,
            ],
          );
          rollUp(context, event);
        }
        touch(context, event);
      },
    ),
    MilestoneCompleted: only((context, event: ProjectedEvent<MilestoneCompleted['data']>) => {
      context.run(
        `UPDATE commitment_summary_milestone SET completed = 1
          WHERE commitment_id = ? AND milestone_id = ?`,
        [commitmentIdOf(event), event.data.milestoneId],
      );
      rollUp(context, event);
      touch(context, event);
    }),
    ActaSigned: only((context, event: ProjectedEvent<ActaSigned['data']>) =>
      touch(context, event, 'InImplementation'),
    ),
    CommitmentCompleted: only((context, event: ProjectedEvent<CommitmentCompleted['data']>) =>
      touch(context, event, 'Completed'),
    ),
    CommitmentClosed: only((context, event: ProjectedEvent<CommitmentClosed['data']>) =>
      touch(context, event, 'Closed'),
    ),
    CommitmentWithdrawn: only((context, event: ProjectedEvent<CommitmentWithdrawn['data']>) =>
      touch(context, event, 'Withdrawn'),
    ),
    MilestoneRescheduled: justTouch,
    AdministratorDesignated: justTouch,
    ActaSignatureAdded: justTouch,
    ResourceIdentified: justTouch,
    ObjectionAnswered: justTouch,
    ReportSubmitted: justTouch,
    IrmAssessmentRecorded: justTouch,
  },
});
