import type { Database } from 'better-sqlite3';
import type { Classification, CommitmentStatus } from '@hitos/domain';
import type { CommitmentRow } from './commitment-row';
import {
  evidenceView,
  shownText,
  type EvidenceRow,
  type EvidenceView,
  type TextCounter,
} from './progress-reports';
import { toTransferView, type TransferRow, type TransferView } from './transfers';
import { toListItem, type CommitmentListItem } from './commitment-detail.queries';
import {
  classifiedCondition,
  classifiedParams,
  pageOf,
  type Page,
  type PageRequest,
  type Reader,
} from '../reader';
import { prepared } from '@hitos/projections';

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
  /**
   * Commitments the Presidency transferred to this institution that wait for it to acknowledge
   * the handover (they join `commitments` once it does), oldest first, at most 100.
   */
  incomingHandovers: TransferQueueItem[];
}

/**
 * Every commitment an institution is responsible for, with what waits on it. Responsibility
 * follows a transfer: a commitment counts for the receiving institution from the acknowledged
 * handover on, and for the redesigned one until then.
 */
export function institutionPortfolio(
  db: Database,
  institutionId: string,
  filters: { planId?: string; status?: CommitmentStatus; today?: string } = {},
  page: PageRequest = {},
): InstitutionPortfolio {
  const { limit, offset } = pageOf(page);
  const where = `WHERE c.responsible_institution_id = @institutionId
    AND (@planId IS NULL OR c.plan_id = @planId)`;
  const params = { institutionId, planId: filters.planId ?? null };
  const statusRows = prepared(
    db,
    `SELECT c.status, COUNT(*) AS n FROM commitment c ${where} GROUP BY c.status`,
  ).all(params) as { status: CommitmentStatus; n: number }[];
  const mean = prepared(
    db,
    `SELECT AVG(c.progress) AS mean FROM commitment c ${where} AND c.status <> 'Withdrawn'`,
  ).get(params) as { mean: number | null };
  const listWhere = `${where} AND (@status IS NULL OR c.status = @status)`;
  const listParams = { ...params, status: filters.status ?? null };
  const total = (
    prepared(db, `SELECT COUNT(*) AS n FROM commitment c ${listWhere}`).get(listParams) as {
      n: number;
    }
  ).n;
  const rows = prepared(
    db,
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
  ).all({ ...listParams, limit, offset }) as (CommitmentRow & {
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
    incomingHandovers: transferQueue(
      db,
      {
        receivingInstitutionId: institutionId,
        planId: filters.planId,
        status: 'AwaitingHandover',
        today: filters.today,
      },
      { limit: 100 },
    ).items,
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
  /** Null when withheld from this reader (docs/reserve.md). */
  narrative: string | null;
  reportedOn: string;
  evidence: EvidenceView[];
  /** The narrative's classification. */
  classification: Classification;
  /** The narrative is classified and this reader may not see it. */
  withheld: boolean;
  /** Classified items of this report the reader may not see (stubs in place). */
  withheldEvidence: number;
  /** Classified texts of this report the reader may not see (0 or 1: its narrative). */
  withheldTexts: number;
  /**
   * `pending-review` for a first review, `answered` when the institution answered the last
   * round's objection and the counterpart reviews the report again.
   */
  reviewStatus: 'pending-review' | 'answered';
  /** The round this review opens: 1 for a first review, n + 1 after n answered objections. */
  round: number;
  position: string;
}

/**
 * Progress claims still waiting for a counterpart's review, oldest first: never reviewed, or
 * reviewed again after the institution answered an objection. Without
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
   WHERE r.review_status IN ('pending-review', 'answered')
     AND c.status NOT IN ('Closed', 'Withdrawn')
     AND (@counterpartId IS NULL OR c.counterpart_organization_id = @counterpartId)
     AND (@planId IS NULL OR c.plan_id = @planId)
     AND (@commitmentId IS NULL OR c.commitment_id = @commitmentId)`;
  const params = {
    counterpartId: filters.counterpartId ?? null,
    planId: filters.planId ?? null,
    commitmentId: filters.commitmentId ?? null,
  };
  const total = (prepared(db, `SELECT COUNT(*) AS n ${from}`).get(params) as { n: number }).n;
  const rows = prepared(
    db,
    `SELECT r.*, c.number, c.title, c.plan_id, c.responsible_institution_id,
              c.counterpart_organization_id, m.deliverable,
              ${classifiedCondition('c.responsible_institution_id', 'c.counterpart_organization_id')}
                AS sees_all
       ${from}
       ORDER BY r.reported_on, CAST(r.position AS INTEGER) LIMIT @limit OFFSET @offset`,
  ).all({ ...params, ...classifiedParams(reader), limit, offset }) as {
    commitment_id: string;
    report_id: string;
    milestone_id: string;
    percent: number;
    narrative: string;
    reported_on: string;
    position: string;
    classification: Classification;
    review_status: 'pending-review' | 'answered';
    round: number | null;
    number: number;
    title: string;
    plan_id: string;
    responsible_institution_id: string;
    deliverable: string;
    sees_all: number;
  }[];
  const evidence = prepared(
    db,
    `SELECT * FROM commitment_evidence
      WHERE commitment_id = ? AND source = 'report' AND report_id = ? ORDER BY seq`,
  );
  return {
    items: rows.map((r) => {
      const items = (evidence.all(r.commitment_id, r.report_id) as EvidenceRow[]).map((e) =>
        evidenceView(e, r.sees_all === 1),
      );
      const texts: TextCounter = { seesClassified: r.sees_all === 1, withheld: 0 };
      const narrative = shownText(r.narrative, r.classification, texts);
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
        narrative: narrative.text,
        reportedOn: r.reported_on,
        evidence: items,
        classification: r.classification,
        withheld: narrative.withheld,
        withheldEvidence: items.filter((e) => e.withheld).length,
        withheldTexts: texts.withheld,
        reviewStatus: r.review_status,
        round: (r.round ?? 0) + 1,
        position: r.position,
      };
    }),
    total,
    limit,
    offset,
  };
}

// ── the Presidency's transfer queue ──────────────────────────────────────────────────────────

/** Statuses a redesign of the responsible institution puts a commitment in. */
export const TRANSFER_STATUSES = ['TransferPending', 'AwaitingHandover'] as const;

export interface TransferQueueItem {
  commitmentId: string;
  planId: string;
  number: number;
  title: string;
  status: (typeof TRANSFER_STATUSES)[number];
  /** Still the redesigned institution: responsibility moves only with the acknowledged handover. */
  responsible: { institutionId: string; unit: string };
  /** The redesigned institution. */
  institutionId: string;
  redesign: TransferView['redesign'];
  /** The status the commitment returns to when kept or handed over. */
  previousStatus: string;
  pendingSince: string;
  /** Whole days from `pendingSince` to `today`; null when the caller gave no `today`. */
  daysWaiting: number | null;
  concurrences: TransferView['concurrences'];
  /** The decision to transfer, once taken (status AwaitingHandover). */
  decision: {
    toInstitutionId: string;
    receivingUnit: string;
    administrator: NonNullable<TransferView['transferred']>['administrator'];
    reason: string;
    concurrence: NonNullable<TransferView['transferred']>['concurrence'];
    decidedOn: string;
  } | null;
  decisionOverdue: TransferView['decisionOverdue'];
  handoverOverdue: TransferView['handoverOverdue'];
  revision: number;
  position: string;
}

const daysBetween = (from: string, to: string) =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

/**
 * Commitments waiting for the Presidency's keep-or-transfer decision or for the receiving
 * institution's handover, oldest pending first. `institutionId` matches the redesigned
 * institution or the receiving one. Nothing here is classified: every reader gets the same.
 */
export function transferQueue(
  db: Database,
  filters: {
    planId?: string;
    institutionId?: string;
    receivingInstitutionId?: string;
    status?: (typeof TRANSFER_STATUSES)[number];
    today?: string;
  } = {},
  page: PageRequest = {},
): Page<TransferQueueItem> {
  const { limit, offset } = pageOf(page);
  const from = `FROM commitment_transfer t JOIN commitment c USING (commitment_id)
    WHERE c.status IN ('TransferPending', 'AwaitingHandover')
      AND (@planId IS NULL OR c.plan_id = @planId)
      AND (@institutionId IS NULL OR t.institution_id = @institutionId
           OR t.to_institution_id = @institutionId)
      AND (@receivingId IS NULL OR t.to_institution_id = @receivingId)
      AND (@status IS NULL OR c.status = @status)`;
  const params = {
    planId: filters.planId ?? null,
    institutionId: filters.institutionId ?? null,
    receivingId: filters.receivingInstitutionId ?? null,
    status: filters.status ?? null,
  };
  const total = (prepared(db, `SELECT COUNT(*) AS n ${from}`).get(params) as { n: number }).n;
  const rows = prepared(
    db,
    `SELECT t.*, c.plan_id, c.number, c.title, c.status, c.responsible_institution_id,
              c.responsible_unit, c.revision, c.position AS commitment_position
       ${from}
       ORDER BY t.pending_since, c.plan_id, c.number, c.commitment_id
       LIMIT @limit OFFSET @offset`,
  ).all({ ...params, limit, offset }) as (TransferRow & {
    plan_id: string;
    number: number;
    title: string;
    status: (typeof TRANSFER_STATUSES)[number];
    responsible_institution_id: string;
    responsible_unit: string;
    revision: number;
    commitment_position: string;
  })[];
  return {
    items: rows.map((row) => {
      const view = toTransferView(db, row);
      const t = view.transferred;
      return {
        commitmentId: row.commitment_id,
        planId: row.plan_id,
        number: row.number,
        title: row.title,
        status: row.status,
        responsible: {
          institutionId: row.responsible_institution_id,
          unit: row.responsible_unit,
        },
        institutionId: view.institutionId,
        redesign: view.redesign,
        previousStatus: view.previousStatus,
        pendingSince: view.pendingSince,
        daysWaiting: filters.today ? daysBetween(view.pendingSince, filters.today) : null,
        concurrences: view.concurrences,
        decision: t
          ? {
              toInstitutionId: t.toInstitutionId,
              receivingUnit: t.receivingUnit,
              administrator: t.administrator,
              reason: t.reason,
              concurrence: t.concurrence,
              decidedOn: t.decidedOn,
            }
          : null,
        decisionOverdue: view.decisionOverdue,
        handoverOverdue: view.handoverOverdue,
        revision: row.revision,
        position: row.commitment_position,
      };
    }),
    total,
    limit,
    offset,
  };
}

// ── reschedule requests awaiting the Core Group ─────────────────────────────────────────────

/** An institution's request for new dates that no Core Group member has answered yet. */
export interface RescheduleRequestQueueItem {
  commitmentId: string;
  planId: string;
  title: string;
  institutionId: string;
  requestId: string;
  milestoneId: string;
  deliverable: string;
  currentStart: string;
  currentDue: string;
  start: string;
  due: string;
  justification: string;
  requestedOn: string;
}

/**
 * Open reschedule requests, oldest first, optionally of one plan (a Core Group member sees their
 * plan's). Nothing here is classified: dates and justifications are public.
 */
export function rescheduleRequestQueue(
  db: Database,
  filters: { planId?: string } = {},
  page: PageRequest = {},
): Page<RescheduleRequestQueueItem> {
  const { limit, offset } = pageOf(page);
  const from = `FROM commitment_reschedule_request r
      JOIN commitment c USING (commitment_id)
      JOIN commitment_milestone m ON m.commitment_id = r.commitment_id
                                  AND m.milestone_id = r.milestone_id
    WHERE r.status = 'open' AND (@planId IS NULL OR c.plan_id = @planId)`;
  const params = { planId: filters.planId ?? null };
  const total = (prepared(db, `SELECT COUNT(*) AS n ${from}`).get(params) as { n: number }).n;
  const rows = prepared(
    db,
    `SELECT r.*, c.plan_id, c.title, c.responsible_institution_id, m.deliverable ${from}
       ORDER BY r.requested_on, r.commitment_id, r.request_id
       LIMIT @limit OFFSET @offset`,
  ).all({ ...params, limit, offset }) as {
    commitment_id: string;
    plan_id: string;
    title: string;
    responsible_institution_id: string;
    request_id: string;
    milestone_id: string;
    deliverable: string;
    current_start: string;
    current_due: string;
    start: string;
    due: string;
    justification: string;
    requested_on: string;
  }[];
  return {
    items: rows.map((r) => ({
      commitmentId: r.commitment_id,
      planId: r.plan_id,
      title: r.title,
      institutionId: r.responsible_institution_id,
      requestId: r.request_id,
      milestoneId: r.milestone_id,
      deliverable: r.deliverable,
      currentStart: r.current_start,
      currentDue: r.current_due,
      start: r.start,
      due: r.due,
      justification: r.justification,
      requestedOn: r.requested_on,
    })),
    total,
    limit,
    offset,
  };
}
