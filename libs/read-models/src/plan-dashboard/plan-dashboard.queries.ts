import type { Database } from 'better-sqlite3';
import type { CommitmentStatus, Pillar, ReportAudience } from '@hitos/domain';
import { prepared } from '@hitos/projections';

export interface PlanDashboard {
  planId: string;
  code: string | null;
  title: string | null;
  period: { start: string; end: string } | null;
  commitments: number;
  byStatus: Partial<Record<CommitmentStatus, number>>;
  /**
   * Mean of the commitments' progress, each counting equally, withdrawn ones left out (they are
   * no longer part of the plan); null while the plan has none.
   */
  overallProgress: number | null;
  /** A commitment counts for every pillar its relevance argues. */
  byPillar: { pillar: Pillar; commitments: number; progress: number | null }[];
  byInstitution: {
    institutionId: string;
    name: string | null;
    acronym: string | null;
    commitments: number;
    byStatus: Partial<Record<CommitmentStatus, number>>;
    progress: number | null;
    /** Its open milestones the engine found overdue (`MilestoneOverdue`). */
    overdueMilestones: number;
  }[];
  /**
   * Open milestones the engine found overdue (`MilestoneOverdue`, not completed nor moved to a
   * later date since), in commitments neither closed nor withdrawn.
   */
  overdueMilestones: number;
  /** Commitments waiting for a keep-or-transfer decision or for a handover (issue 6). */
  pendingTransfers: { transferPending: number; awaitingHandover: number };
  /**
   * Reports submitted to each audience. The count includes classified reports: that a report
   * exists is public (the commitment detail says how many were withheld), its content is not.
   */
  reportsByAudience: Record<ReportAudience, number>;
  /** Milestones completed per month (YYYY-MM), for the chart of completions over time. */
  milestonesCompletedByMonth: { month: string; completed: number }[];
  /**
   * Citizens' questions, hidden ones left out. `due`: those whose answer is due so far — answered,
   * or found overdue by the engine; `answeredOnTime`: answered by their due date; `onTimeShare`:
   * the share of `due` answered on time (0..1), null while none is due.
   */
  questions: { asked: number; due: number; answeredOnTime: number; onTimeShare: number | null };
}

const round = (value: number | null) => (value === null ? null : Math.round(value * 10) / 10);

/** Every figure of a plan's dashboard, aggregated on query from the plan-dashboard rows. */
export function getPlanDashboard(db: Database, planId: string): PlanDashboard {
  const plan = prepared(db, `SELECT * FROM plan WHERE plan_id = ?`).get(planId) as
    { code: string; title: string; period_start: string; period_end: string } | undefined;
  const statusRows = prepared(
    db,
    `SELECT status, COUNT(*) AS n FROM dashboard_commitment WHERE plan_id = ? GROUP BY status`,
  ).all(planId) as { status: CommitmentStatus; n: number }[];
  const overall = prepared(
    db,
    `SELECT AVG(progress) AS mean FROM dashboard_commitment
        WHERE plan_id = ? AND status <> 'Withdrawn'`,
  ).get(planId) as { mean: number | null };
  const pillars = prepared(
    db,
    `SELECT f.pillar, COUNT(*) AS n,
              AVG(CASE WHEN c.status <> 'Withdrawn' THEN c.progress END) AS mean
         FROM commitment_facets f JOIN dashboard_commitment c USING (commitment_id)
        WHERE f.plan_id = ? GROUP BY f.pillar ORDER BY f.pillar`,
  ).all(planId) as { pillar: Pillar; n: number; mean: number | null }[];
  const institutions = prepared(
    db,
    `SELECT c.institution_id, i.name, i.acronym, c.status, COUNT(*) AS n,
              SUM(CASE WHEN c.status <> 'Withdrawn' THEN c.progress ELSE 0 END) AS progress_sum,
              SUM(CASE WHEN c.status <> 'Withdrawn' THEN 1 ELSE 0 END) AS counted
         FROM dashboard_commitment c LEFT JOIN institution i USING (institution_id)
        WHERE c.plan_id = ? GROUP BY c.institution_id, c.status ORDER BY c.institution_id`,
  ).all(planId) as {
    institution_id: string;
    name: string | null;
    acronym: string | null;
    status: CommitmentStatus;
    n: number;
    progress_sum: number;
    counted: number;
  }[];
  const byInstitution = new Map<
    string,
    Omit<PlanDashboard['byInstitution'][number], 'overdueMilestones'> & {
      sum: number;
      counted: number;
    }
  >();
  for (const row of institutions) {
    const entry = byInstitution.get(row.institution_id) ?? {
      institutionId: row.institution_id,
      name: row.name,
      acronym: row.acronym,
      commitments: 0,
      byStatus: {},
      progress: null,
      sum: 0,
      counted: 0,
    };
    entry.commitments += row.n;
    entry.byStatus[row.status] = row.n;
    entry.sum += row.progress_sum;
    entry.counted += row.counted;
    byInstitution.set(row.institution_id, entry);
  }
  const overdueRows = prepared(
    db,
    `SELECT c.institution_id, COUNT(*) AS n
         FROM dashboard_milestone m JOIN dashboard_commitment c USING (commitment_id)
        WHERE c.plan_id = ? AND m.completed = 0 AND m.overdue_since IS NOT NULL
          AND c.status NOT IN ('Closed', 'Withdrawn')
        GROUP BY c.institution_id`,
  ).all(planId) as { institution_id: string; n: number }[];
  const overdueBy = new Map(overdueRows.map((row) => [row.institution_id, row.n]));
  const audiences = prepared(
    db,
    `SELECT audience, COUNT(*) AS n FROM dashboard_submitted_report
        WHERE plan_id = ? GROUP BY audience`,
  ).all(planId) as { audience: ReportAudience; n: number }[];
  const reportsByAudience: Record<ReportAudience, number> = {
    presidency: 0,
    irm: 0,
    'core-group': 0,
    citizens: 0,
  };
  for (const row of audiences) reportsByAudience[row.audience] = row.n;
  const months = prepared(
    db,
    `SELECT substr(m.completed_on, 1, 7) AS month, COUNT(*) AS completed
         FROM dashboard_milestone m JOIN dashboard_commitment c USING (commitment_id)
        WHERE c.plan_id = ? AND m.completed = 1 GROUP BY month ORDER BY month`,
  ).all(planId) as { month: string; completed: number }[];

  const questions = prepared(
    db,
    `SELECT COUNT(*) AS asked,
            COALESCE(SUM(CASE WHEN q.answered_on IS NOT NULL OR q.overdue = 1 THEN 1 ELSE 0 END), 0)
              AS due,
            COALESCE(SUM(CASE WHEN q.answered_on <= q.answer_due_on THEN 1 ELSE 0 END), 0)
              AS on_time
       FROM dashboard_question q JOIN dashboard_commitment c USING (commitment_id)
      WHERE c.plan_id = ? AND q.hidden = 0`,
  ).get(planId) as { asked: number; due: number; on_time: number };

  return {
    planId,
    code: plan?.code ?? null,
    title: plan?.title ?? null,
    period: plan ? { start: plan.period_start, end: plan.period_end } : null,
    commitments: statusRows.reduce((sum, row) => sum + row.n, 0),
    byStatus: Object.fromEntries(statusRows.map((row) => [row.status, row.n])),
    overallProgress: round(overall.mean),
    byPillar: pillars.map((row) => ({
      pillar: row.pillar,
      commitments: row.n,
      progress: round(row.mean),
    })),
    byInstitution: [...byInstitution.values()].map(({ sum, counted, ...entry }) => ({
      ...entry,
      progress: counted ? round(sum / counted) : null,
      overdueMilestones: overdueBy.get(entry.institutionId) ?? 0,
    })),
    overdueMilestones: overdueRows.reduce((sum, row) => sum + row.n, 0),
    pendingTransfers: {
      transferPending: statusRows.find((row) => row.status === 'TransferPending')?.n ?? 0,
      awaitingHandover: statusRows.find((row) => row.status === 'AwaitingHandover')?.n ?? 0,
    },
    reportsByAudience,
    milestonesCompletedByMonth: months,
    questions: {
      asked: questions.asked,
      due: questions.due,
      answeredOnTime: questions.on_time,
      onTimeShare: questions.due
        ? Math.round((questions.on_time / questions.due) * 1000) / 1000
        : null,
    },
  };
}
