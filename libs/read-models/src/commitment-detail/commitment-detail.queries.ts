import type { Database } from 'better-sqlite3';
import type {
  ActaSigned,
  Administrator,
  CommitmentDrafted,
  CommitmentStatus,
  Pillar,
} from '@hitos/domain';
import { actaView, signaturesView, type SignaturesView } from './acta';
import {
  closureView,
  irmAssessmentsView,
  type ClosureView,
  type IrmAssessmentView,
} from './closure';
import {
  commitmentView,
  type CommitmentRow,
  type CommitmentView,
  type StatusHistoryView,
} from './commitment-row';
import { deadlinesRecordedView } from './deadline-records';
import { milestonesView, type MilestoneView } from './milestones';
import { progressReportsView, shownEvidence, type TextCounter } from './progress-reports';
import {
  reportingCalendarView,
  shownSubmittedReports,
  type ReportingPeriodView,
  type SubmittedReportView,
} from './reports';
import { questionsView, type QuestionView } from './questions';
import { resourcesView, type ResourceView } from './resources';
import {
  pendingTransferView,
  settledTransfersView,
  type SettledTransferView,
  type TransferView,
} from './transfers';
import { mayReadClassified, pageOf, type Page, type PageRequest, type Reader } from '../reader';
import { prepared } from '@hitos/projections';

/** The detail's pieces that @hitos/read-models exports, each typed in the part that builds it. */
export type { MilestoneView } from './milestones';
export type { EvidenceView, ProgressReportView } from './progress-reports';
export type { QuestionView } from './questions';
export { answeredOnTime, awaitedQuestions, type AwaitedQuestion } from './questions';
export type { ReportingPeriodView } from './reports';
export type { SettledTransferView, TransferView } from './transfers';

// ── list ─────────────────────────────────────────────────────────────────────────────────────

export interface CommitmentListFilters {
  planId?: string;
  institutionId?: string;
  counterpartId?: string;
  status?: CommitmentStatus | readonly CommitmentStatus[];
  pillar?: Pillar;
}

export interface CommitmentListItem {
  commitmentId: string;
  planId: string;
  number: number;
  title: string;
  status: CommitmentStatus;
  progress: number;
  responsible: { institutionId: string; unit: string };
  counterpart: { organizationId: string; sector: string };
  pillars: Pillar[];
  period: { start: string; end: string };
  revision: number;
  position: string;
  updatedAt: string;
}

/** The WHERE clause and parameters of the list filters over `commitment c`. */
export function commitmentFilterSql(filters: CommitmentListFilters): {
  where: string;
  params: Record<string, unknown>;
} {
  const clauses: string[] = [];
  const params: Record<string, unknown> = {};
  if (filters.planId !== undefined) {
    clauses.push('c.plan_id = @planId');
    params.planId = filters.planId;
  }
  if (filters.institutionId !== undefined) {
    clauses.push('c.responsible_institution_id = @institutionId');
    params.institutionId = filters.institutionId;
  }
  if (filters.counterpartId !== undefined) {
    clauses.push('c.counterpart_organization_id = @counterpartId');
    params.counterpartId = filters.counterpartId;
  }
  if (filters.status !== undefined) {
    const statuses: readonly string[] =
      typeof filters.status === 'string' ? [filters.status] : filters.status;
    if (statuses.length === 0) clauses.push('0');
    else {
      clauses.push(`c.status IN (${statuses.map((_, i) => `@status${i}`).join(', ')})`);
      statuses.forEach((status, i) => (params[`status${i}`] = status));
    }
  }
  if (filters.pillar !== undefined) {
    clauses.push(
      `EXISTS (SELECT 1 FROM commitment_pillar p
                WHERE p.commitment_id = c.commitment_id AND p.pillar = @pillar)`,
    );
    params.pillar = filters.pillar;
  }
  return { where: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
}

const pillarsOf = (db: Database, commitmentId: string): Pillar[] =>
  (
    prepared(
      db,
      `SELECT pillar FROM commitment_pillar WHERE commitment_id = ? ORDER BY pillar`,
    ).all(commitmentId) as { pillar: Pillar }[]
  ).map((row) => row.pillar);

export function toListItem(db: Database, row: CommitmentRow): CommitmentListItem {
  return {
    commitmentId: row.commitment_id,
    planId: row.plan_id,
    number: row.number,
    title: row.title,
    status: row.status,
    progress: row.progress,
    responsible: { institutionId: row.responsible_institution_id, unit: row.responsible_unit },
    counterpart: {
      organizationId: row.counterpart_organization_id,
      sector: row.counterpart_sector,
    },
    pillars: pillarsOf(db, row.commitment_id),
    period: { start: row.period_start, end: row.period_end },
    revision: row.revision,
    position: row.position,
    updatedAt: row.updated_at,
  };
}

/**
 * Commitments of the commitment-detail model, by plan then number. Nothing in a list item is
 * classified, so every reader gets the same rows.
 */
export function listCommitments(
  db: Database,
  filters: CommitmentListFilters = {},
  page: PageRequest = {},
): Page<CommitmentListItem> {
  const { limit, offset } = pageOf(page);
  const { where, params } = commitmentFilterSql(filters);
  const total = (
    prepared(db, `SELECT COUNT(*) AS n FROM commitment c ${where}`).get(params) as { n: number }
  ).n;
  const rows = prepared(
    db,
    `SELECT c.* FROM commitment c ${where}
        ORDER BY c.plan_id, c.number, c.commitment_id LIMIT @limit OFFSET @offset`,
  ).all({ ...params, limit, offset }) as CommitmentRow[];
  return { items: rows.map((row) => toListItem(db, row)), total, limit, offset };
}

// ── detail ───────────────────────────────────────────────────────────────────────────────────

/**
 * The GET of one commitment, key by key in the order it is sent. A piece nested under a key (a
 * milestone, a transfer, the closure…) is typed and mapped in the part file that keeps its tables.
 */
export type CommitmentDetailView = Omit<CommitmentDrafted['data'], never> & {
  status: CommitmentStatus;
  progress: number;
  milestones: MilestoneView[];
  administrator: Administrator | null;
  signatures: SignaturesView;
  /** The `ActaSigned` data: number, date, place, signatories and the administrator at signature. */
  acta: ActaSigned['data'] | null;
  resources: ResourceView[];
  submittedReports: SubmittedReportView[];
  statusHistory: StatusHistoryView[];
  completedOn: string | null;
  closure: ClosureView | null;
  irmAssessments: IrmAssessmentView[];
  withdrawal: CommitmentView['withdrawal'];
  /** TransferPending or AwaitingHandover: the redesign, concurrences, decision and overdue flags. */
  transfer: TransferView | null;
  /** Every redesign settled for this commitment, oldest first. */
  transfers: SettledTransferView[];
  /** The keys of the deadline events recorded (see the domain's `deadlineKey`), in order. */
  deadlinesRecorded: string[];
  /** `CommitmentPeriodEnded`: the period ended while the commitment was open. */
  periodEnded: CommitmentView['periodEnded'];
  /** Reporting periods the engine reminded of or found missed, by due date. */
  reportingPeriods: ReportingPeriodView[];
  /** The latest reminder still unanswered (no report yet, not overdue). */
  progressReportDue: ReportingPeriodView | null;
  /** The latest missed period no institution report has answered since. */
  progressReportOverdue: ReportingPeriodView | null;
  /** Citizens' questions, in the order asked; hidden ones with their reason only. */
  questions: QuestionView[];
  /** Stream revision of the last event reflected: the ETag `If-Match` compares with. */
  revision: number;
  /** `$all` position of the last event of the commitment this reflects. */
  position: string;
  updatedAt: string;
  /** Reserved or confidential evidence items this reader may not see (stubs in place). */
  withheldEvidence: number;
  /** Reserved or confidential submitted reports this reader may not see (stubs in the list). */
  withheldReports: number;
  /**
   * Classified free texts this reader may not see, each null in its place: progress reports'
   * narratives, reviews' reasons, answers, the closure's results narrative.
   */
  withheldTexts: number;
};

/** What a commitment's representation depends on, read without building it: see {@link commitmentHead}. */
export interface CommitmentHead {
  /** The stream revision the row reflects (the ETag `If-Match` compares with). */
  revision: bigint;
  /**
   * Whether `reader` sees the classified content: the view {@link getCommitmentDetail} builds
   * depends on the reader through this alone, so two readers with the same answer get the
   * same bytes for the same revision.
   */
  seesClassified: boolean;
}

/**
 * The commitment's revision and whether `reader` sees its classified content, from one indexed
 * row: enough to answer a conditional GET, or to find a representation already built, before
 * building anything. Null when the commitment is unknown.
 */
export function commitmentHead(
  db: Database,
  commitmentId: string,
  reader: Reader,
): CommitmentHead | null {
  const row = prepared(
    db,
    `SELECT revision, responsible_institution_id, counterpart_organization_id
       FROM commitment WHERE commitment_id = ?`,
  ).get(commitmentId) as
    | { revision: number; responsible_institution_id: string; counterpart_organization_id: string }
    | undefined;
  if (!row) return null;
  return { revision: BigInt(row.revision), seesClassified: mayReadClassified(reader, row) };
}

/**
 * One commitment assembled from its rows, shaped like the fold-based GET: milestones with
 * baseline and current dates side by side and each report with its review and answer beside
 * it. For a reader who is not a party, the Presidency or an auditor, classified texts, evidence
 * and submitted reports are withheld in their place (nulls and `withheld: true`) and counted
 * (docs/reserve.md). Null when the commitment is unknown.
 *
 * Each piece comes from the part file that keeps its tables (milestones.ts, transfers.ts…);
 * this places the pieces in the order the JSON has always had.
 */
export function getCommitmentDetail(
  db: Database,
  commitmentId: string,
  reader: Reader,
): CommitmentDetailView | null {
  const row = prepared(db, `SELECT * FROM commitment WHERE commitment_id = ?`).get(commitmentId) as
    CommitmentRow | undefined;
  if (!row) return null;
  const seesClassified = mayReadClassified(reader, row);
  const evidence = shownEvidence(db, commitmentId, seesClassified);
  const texts: TextCounter = { seesClassified, withheld: 0 };
  const submitted = shownSubmittedReports(db, commitmentId, seesClassified);
  const calendar = reportingCalendarView(db, commitmentId);
  const commitment = commitmentView(db, row);
  return {
    ...commitment.drafted,
    status: commitment.status,
    progress: commitment.progress,
    milestones: milestonesView(
      db,
      commitmentId,
      progressReportsView(db, commitmentId, evidence, texts),
    ),
    administrator: commitment.administrator,
    signatures: signaturesView(db, commitmentId),
    acta: actaView(row),
    resources: resourcesView(db, commitmentId),
    submittedReports: submitted.shown,
    statusHistory: commitment.statusHistory,
    completedOn: commitment.completedOn,
    closure: closureView(db, commitmentId, evidence, texts),
    irmAssessments: irmAssessmentsView(db, commitmentId),
    withdrawal: commitment.withdrawal,
    transfer: pendingTransferView(db, commitmentId),
    transfers: settledTransfersView(db, commitmentId),
    deadlinesRecorded: deadlinesRecordedView(db, commitmentId),
    periodEnded: commitment.periodEnded,
    reportingPeriods: calendar.periods,
    progressReportDue: calendar.due,
    progressReportOverdue: calendar.overdue,
    questions: questionsView(db, commitmentId),
    revision: commitment.revision,
    position: commitment.position,
    updatedAt: commitment.updatedAt,
    withheldEvidence: evidence.withheld,
    withheldReports: submitted.withheld,
    withheldTexts: texts.withheld,
  };
}
