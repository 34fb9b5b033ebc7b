import type { Database } from 'better-sqlite3';
import type { CommitmentStatus, EvidenceItem } from '@hitos/domain';
import type {
  CommitmentRow,
  EvidenceRow,
} from '../read-models/commitment-detail/commitment-detail.projection';
import { toListItem, type CommitmentListItem } from './commitments';
import {
  classifiedCondition,
  classifiedParams,
  pageOf,
  type Page,
  type PageRequest,
  type Reader,
} from './reader';

// ── institution portfolio ────────────────────────────────────────────────────────────────────

export interface PortfolioItem extends CommitmentListItem {
  milestones: number;
  completedMilestones: number;
  /** Claims the counterpart has not reviewed yet. */
  unreviewedReports: number;
  /** Objections the institution has not answered yet. */
  openObjections: number;
}

export interface InstitutionPortfolio {
  institutionId: string;
  byStatus: Partial<Record<CommitmentStatus, number>>;
  /** Mean progress of its commitments that were not withdrawn; null with none. */
  meanProgress: number | null;
  commitments: Page<PortfolioItem>;
}

/** Every commitment an institution is responsible for, with what waits on it. */
export function institutionPortfolio(
  db: Database,
  institutionId: string,
  filters: { planId?: string; status?: CommitmentStatus } = {},
  page: PageRequest = {},
): InstitutionPortfolio {
  const { limit, offset } = pageOf(page);
  const where = `WHERE c.responsible_institution_id = @institutionId
    AND (@planId IS NULL OR c.plan_id = @planId)`;
  const params = { institutionId, planId: filters.planId ?? null };
  const statusRows = db
    .prepare(`SELECT c.status, COUNT(*) AS n FROM commitment c ${where} GROUP BY c.status`)
    .all(params) as { status: CommitmentStatus; n: number }[];
  const mean = db
    .prepare(
      `SELECT AVG(c.progress) AS mean FROM commitment c ${where} AND c.status <> 'Withdrawn'`,
    )
    .get(params) as { mean: number | null };
  const listWhere = `${where} AND (@status IS NULL OR c.status = @status)`;
  const listParams = { ...params, status: filters.status ?? null };
  const total = (
    db.prepare(`SELECT COUNT(*) AS n FROM commitment c ${listWhere}`).get(listParams) as {
      n: number;
    }
  ).n;
  const rows = db
    .prepare(
      `SELECT c.*,
         (SELECT COUNT(*) FROM commitment_milestone m WHERE m.commitment_id = c.commitment_id)
           AS milestone_count,
         (SELECT COUNT(*) FROM commitment_milestone m
           WHERE m.commitment_id = c.commitment_id AND m.completed = 1) AS completed_count,
         (SELECT COUNT(*) FROM commitment_report r
           WHERE r.commitment_id = c.commitment_id AND r.verdict IS NULL) AS unreviewed_count,
         (SELECT COUNT(*) FROM commitment_report r
           WHERE r.commitment_id = c.commitment_id AND r.verdict = 'objected'
             AND r.answer IS NULL) AS open_objection_count
       FROM commitment c ${listWhere}
       ORDER BY c.plan_id, c.number, c.commitment_id LIMIT @limit OFFSET @offset`,
    )
    .all({ ...listParams, limit, offset }) as (CommitmentRow & {
    milestone_count: number;
    completed_count: number;
    unreviewed_count: number;
    open_objection_count: number;
  })[];
  return {
    institutionId,
    byStatus: Object.fromEntries(statusRows.map((r) => [r.status, r.n])),
    meanProgress: mean.mean === null ? null : Math.round(mean.mean * 10) / 10,
    commitments: {
      items: rows.map((row) => ({
        ...toListItem(db, row),
        milestones: row.milestone_count,
        completedMilestones: row.completed_count,
        unreviewedReports: row.unreviewed_count,
        openObjections: row.open_objection_count,
      })),
      total,
      limit,
      offset,
    },
  };
}

// ── counterpart review queue ─────────────────────────────────────────────────────────────────

export interface ReviewQueueItem {
  commitmentId: string;
  commitmentNumber: number;
  commitmentTitle: string;
  planId: string;
  institutionId: string;
  milestoneId: string;
  deliverable: string;
  reportId: string;
  percent: number;
  narrative: string;
  reportedOn: string;
  evidence: EvidenceItem[];
  /** Classified items of this report the reader may not see. */
  withheldEvidence: number;
  position: string;
}

/**
 * Progress claims still waiting for a counterpart's verdict, oldest first. Without
 * `counterpartId` the queue spans every counterpart (the Presidency's view).
 */
export function reviewQueue(
  db: Database,
  filters: { counterpartId?: string; planId?: string; commitmentId?: string },
  reader: Reader,
  page: PageRequest = {},
): Page<ReviewQueueItem> {
  const { limit, offset } = pageOf(page);
  const from = `FROM commitment_report r
    JOIN commitment c ON c.commitment_id = r.commitment_id
    JOIN commitment_milestone m
      ON m.commitment_id = r.commitment_id AND m.milestone_id = r.milestone_id
   WHERE r.verdict IS NULL
     AND c.status NOT IN ('Closed', 'Withdrawn')
     AND (@counterpartId IS NULL OR c.counterpart_organization_id = @counterpartId)
     AND (@planId IS NULL OR c.plan_id = @planId)
     AND (@commitmentId IS NULL OR c.commitment_id = @commitmentId)`;
  const params = {
    counterpartId: filters.counterpartId ?? null,
    planId: filters.planId ?? null,
    commitmentId: filters.commitmentId ?? null,
  };
  const total = (db.prepare(`SELECT COUNT(*) AS n ${from}`).get(params) as { n: number }).n;
  const rows = db
    .prepare(
      `SELECT r.*, c.number, c.title, c.plan_id, c.responsible_institution_id,
              c.counterpart_organization_id, m.deliverable,
              ${classifiedCondition('c.responsible_institution_id', 'c.counterpart_organization_id')}
                AS sees_all
       ${from}
       ORDER BY r.reported_on, CAST(r.position AS INTEGER) LIMIT @limit OFFSET @offset`,
    )
    .all({ ...params, ...classifiedParams(reader), limit, offset }) as {
    commitment_id: string;
    report_id: string;
    milestone_id: string;
    percent: number;
    narrative: string;
    reported_on: string;
    position: string;
    number: number;
    title: string;
    plan_id: string;
    responsible_institution_id: string;
    deliverable: string;
    sees_all: number;
  }[];
  const evidence = db.prepare(
    `SELECT * FROM commitment_evidence
      WHERE commitment_id = ? AND source = 'report' AND report_id = ? ORDER BY seq`,
  );
  return {
    items: rows.map((r) => {
      const items = evidence.all(r.commitment_id, r.report_id) as EvidenceRow[];
      const shown = r.sees_all ? items : items.filter((e) => e.classification === 'public');
      return {
        commitmentId: r.commitment_id,
        commitmentNumber: r.number,
        commitmentTitle: r.title,
        planId: r.plan_id,
        institutionId: r.responsible_institution_id,
        milestoneId: r.milestone_id,
        deliverable: r.deliverable,
        reportId: r.report_id,
        percent: r.percent,
        narrative: r.narrative,
        reportedOn: r.reported_on,
        evidence: shown.map((e) => ({
          title: e.title,
          url: e.url,
          sha256: e.sha256,
          classification: e.classification,
        })),
        withheldEvidence: items.length - shown.length,
        position: r.position,
      };
    }),
    total,
    limit,
    offset,
  };
}

// ── the Presidency's transfer queue ──────────────────────────────────────────────────────────

/** Statuses a redesign of the responsible institution puts a commitment in (issue 6). */
export const TRANSFER_STATUSES = ['TransferPending', 'AwaitingHandover'] as const;

/**
 * Commitments waiting for the Presidency's decision or for a handover. Empty until the
 * redesign workflows emit those statuses, but a real query so the page needs no change then.
 */
export function transferQueue(
  db: Database,
  filters: { planId?: string; institutionId?: string } = {},
  page: PageRequest = {},
): Page<CommitmentListItem> {
  const { limit, offset } = pageOf(page);
  const where = `WHERE c.status IN ('TransferPending', 'AwaitingHandover')
    AND (@planId IS NULL OR c.plan_id = @planId)
    AND (@institutionId IS NULL OR c.responsible_institution_id = @institutionId)`;
  const params = { planId: filters.planId ?? null, institutionId: filters.institutionId ?? null };
  const total = (
    db.prepare(`SELECT COUNT(*) AS n FROM commitment c ${where}`).get(params) as { n: number }
  ).n;
  const rows = db
    .prepare(
      `SELECT c.* FROM commitment c ${where}
        ORDER BY c.updated_at, c.commitment_id LIMIT @limit OFFSET @offset`,
    )
    .all({ ...params, limit, offset }) as CommitmentRow[];
  return { items: rows.map((row) => toListItem(db, row)), total, limit, offset };
}
