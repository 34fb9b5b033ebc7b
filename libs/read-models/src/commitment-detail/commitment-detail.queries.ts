import type { Database } from 'better-sqlite3';
import type {
  ActaSigned,
  Administrator,
  CommitmentDrafted,
  CommitmentStatus,
  EvidenceItem,
  Pillar,
} from '@hitos/domain';
import type { SignatureRow } from './acta';
import type { ClosureRow, IrmAssessmentRow } from './closure';
import type { CommitmentRow, StatusHistoryRow } from './commitment-row';
import type { DeadlineRecordRow } from './deadline-records';
import { milestonesView, type MilestoneView } from './milestones';
import { progressReportsView, shownEvidence } from './progress-reports';
import type { ReportingPeriodRow, SubmittedReportRow } from './reports';
import type { ResourceRow } from './resources';
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
export type { ProgressReportView } from './progress-reports';
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

export interface ReportingPeriodView {
  periodStart: string;
  dueOn: string;
  cadenceMonths: number;
  /** `ProgressReportDue`: when the engine reminded the parties. */
  dueNotifiedOn: string | null;
  /** `ProgressReportOverdue`: when the engine found the period passed with no report. */
  overdueSince: string | null;
  /** The institution's first report submitted after the period started. */
  reportedOn: string | null;
}

export type CommitmentDetailView = Omit<CommitmentDrafted['data'], never> & {
  status: CommitmentStatus;
  progress: number;
  milestones: MilestoneView[];
  administrator: Administrator | null;
  signatures: {
    institution: Omit<SignatureView, 'party'> | null;
    counterpart: Omit<SignatureView, 'party'> | null;
  };
  /** The `ActaSigned` data: number, date, place, signatories and the administrator at signature. */
  acta: ActaSigned['data'] | null;
  resources: {
    resourceId: string;
    kind: string;
    description: string;
    estimatedAmount?: { amount: number; currency: string };
    budgetCertification?: string;
    cooperant?: string;
  }[];
  submittedReports: {
    reportId: string;
    audience: SubmittedReportRow['audience'];
    submittedBy: SubmittedReportRow['submitted_by'];
    title: string;
    summary: string;
    link?: string;
    classification: SubmittedReportRow['classification'];
    submittedOn: string;
  }[];
  statusHistory: { status: CommitmentStatus; since: string; position: string }[];
  completedOn: string | null;
  closure: {
    resultsNarrative: string;
    completion: string;
    openedGovernment: string;
    evidence: EvidenceItem[];
    counterpartCoSignature: { name: string; position: string; signedOn: string };
    closedOn: string;
  } | null;
  irmAssessments: {
    assessmentId: string;
    stage: string;
    verifiable: boolean;
    relevantToOgpValues: boolean;
    potentialForResults: string;
    completion?: string;
    earlyResults?: string;
    narrative: string;
    assessedOn: string;
  }[];
  withdrawal: { reason: string; withdrawnOn: string } | null;
  /** TransferPending or AwaitingHandover: the redesign, concurrences, decision and overdue flags. */
  transfer: TransferView | null;
  /** Every redesign settled for this commitment, oldest first. */
  transfers: SettledTransferView[];
  /** The keys of the deadline events recorded (see the domain's `deadlineKey`), in order. */
  deadlinesRecorded: string[];
  /** `CommitmentPeriodEnded`: the period ended while the commitment was open. */
  periodEnded: { periodEnd: string; detectedOn: string } | null;
  /** Reporting periods the engine reminded of or found missed, by due date. */
  reportingPeriods: ReportingPeriodView[];
  /** The latest reminder still unanswered (no report yet, not overdue). */
  progressReportDue: ReportingPeriodView | null;
  /** The latest missed period no institution report has answered since. */
  progressReportOverdue: ReportingPeriodView | null;
  /** Stream revision of the last event reflected: the ETag `If-Match` compares with. */
  revision: number;
  /** `$all` position of the last event of the commitment this reflects. */
  position: string;
  updatedAt: string;
  /** Reserved or confidential evidence items this reader may not see. */
  withheldEvidence: number;
  /** Reserved or confidential submitted reports this reader may not see. */
  withheldReports: number;
};

interface SignatureView {
  party: string;
  actaNumber: string;
  signedOn: string;
  place: string;
  signatory: { name: string; position: string };
}

/**
 * One commitment assembled from its rows, shaped like the fold-based GET: milestones with
 * baseline and current dates side by side and each report with its review and answer beside
 * it. Classified evidence and submitted reports are left out, and counted, for a reader who
 * is not a party, the Presidency or an auditor. Null when the commitment is unknown.
 */
export function getCommitmentDetail(
  db: Database,
  commitmentId: string,
  reader: Reader,
): CommitmentDetailView | null {
  const row = prepared(db, `SELECT * FROM commitment WHERE commitment_id = ?`).get(commitmentId) as
    CommitmentRow | undefined;
  if (!row) return null;
  const seesAll = mayReadClassified(reader, row);
  const all = <T>(sql: string): T[] => prepared(db, sql).all(commitmentId) as T[];

  const evidence = shownEvidence(db, commitmentId, seesAll);

  const signatures = all<SignatureRow>(
    `SELECT * FROM commitment_signature WHERE commitment_id = ?`,
  );
  const signature = (party: 'institution' | 'counterpart') => {
    const s = signatures.find((x) => x.party === party);
    return s
      ? {
          actaNumber: s.acta_number,
          signedOn: s.signed_on,
          place: s.place,
          signatory: { name: s.signatory_name, position: s.signatory_position },
        }
      : null;
  };

  const submitted = all<SubmittedReportRow>(
    `SELECT * FROM commitment_submitted_report WHERE commitment_id = ?
      ORDER BY CAST(position AS INTEGER)`,
  );
  const shownSubmitted = seesAll
    ? submitted
    : submitted.filter((r) => r.classification === 'public');

  const closure = prepared(db, `SELECT * FROM commitment_closure WHERE commitment_id = ?`).get(
    commitmentId,
  ) as ClosureRow | undefined;

  const periods = all<ReportingPeriodRow>(
    `SELECT * FROM commitment_reporting_period WHERE commitment_id = ? ORDER BY due_on`,
  ).map((p): ReportingPeriodView => ({
    periodStart: p.period_start,
    dueOn: p.due_on,
    cadenceMonths: p.cadence_months,
    dueNotifiedOn: p.due_notified_on,
    overdueSince: p.overdue_since,
    reportedOn: p.reported_on,
  }));
  const latest = (test: (p: ReportingPeriodView) => boolean) =>
    [...periods].reverse().find(test) ?? null;

  const drafted = JSON.parse(row.drafted_json) as CommitmentDrafted['data'];
  return {
    ...drafted,
    commitmentId: row.commitment_id,
    // The institution responsible now: the drafted one until a handover is acknowledged.
    responsible: { institutionId: row.responsible_institution_id, unit: row.responsible_unit },
    status: row.status,
    progress: row.progress,
    milestones: milestonesView(db, commitmentId, progressReportsView(db, commitmentId, evidence)),
    administrator: row.administrator_json ? JSON.parse(row.administrator_json) : null,
    signatures: { institution: signature('institution'), counterpart: signature('counterpart') },
    acta: row.acta_json ? (JSON.parse(row.acta_json) as ActaSigned['data']) : null,
    resources: all<ResourceRow>(
      `SELECT * FROM commitment_resource WHERE commitment_id = ? ORDER BY rowid`,
    ).map((r) => ({
      resourceId: r.resource_id,
      kind: r.kind,
      description: r.description,
      ...(r.amount !== null
        ? { estimatedAmount: { amount: r.amount, currency: r.currency! } }
        : {}),
      ...(r.budget_certification !== null ? { budgetCertification: r.budget_certification } : {}),
      ...(r.cooperant !== null ? { cooperant: r.cooperant } : {}),
    })),
    submittedReports: shownSubmitted.map((r) => ({
      reportId: r.report_id,
      audience: r.audience,
      submittedBy: r.submitted_by,
      title: r.title,
      summary: r.summary,
      ...(r.link !== null ? { link: r.link } : {}),
      classification: r.classification,
      submittedOn: r.submitted_on,
    })),
    statusHistory: all<StatusHistoryRow>(
      `SELECT * FROM commitment_status_history WHERE commitment_id = ? ORDER BY seq`,
    ).map((h) => ({ status: h.status, since: h.since, position: h.position })),
    completedOn: row.completed_on,
    closure: closure
      ? {
          resultsNarrative: closure.results_narrative,
          completion: closure.completion,
          openedGovernment: closure.opened_government,
          evidence: evidence.of('closure', ''),
          counterpartCoSignature: {
            name: closure.co_signatory_name,
            position: closure.co_signatory_position,
            signedOn: closure.co_signed_on,
          },
          closedOn: closure.closed_on,
        }
      : null,
    irmAssessments: all<IrmAssessmentRow>(
      `SELECT * FROM commitment_irm_assessment WHERE commitment_id = ? ORDER BY rowid`,
    ).map((a) => ({
      assessmentId: a.assessment_id,
      stage: a.stage,
      verifiable: a.verifiable === 1,
      relevantToOgpValues: a.relevant_to_ogp_values === 1,
      potentialForResults: a.potential_for_results,
      ...(a.completion !== null ? { completion: a.completion } : {}),
      ...(a.early_results !== null ? { earlyResults: a.early_results } : {}),
      narrative: a.narrative,
      assessedOn: a.assessed_on,
    })),
    withdrawal:
      row.withdrawn_on !== null
        ? { reason: row.withdrawal_reason!, withdrawnOn: row.withdrawn_on }
        : null,
    transfer: pendingTransferView(db, commitmentId),
    transfers: settledTransfersView(db, commitmentId),
    deadlinesRecorded: all<DeadlineRecordRow>(
      `SELECT * FROM commitment_deadline WHERE commitment_id = ? ORDER BY seq`,
    ).map((d) => d.key),
    periodEnded:
      row.period_ended_on !== null
        ? { periodEnd: row.period_ended_on, detectedOn: row.period_end_detected_on! }
        : null,
    reportingPeriods: periods,
    progressReportDue: latest(
      (p) => p.dueNotifiedOn !== null && p.overdueSince === null && p.reportedOn === null,
    ),
    progressReportOverdue: latest((p) => p.overdueSince !== null && p.reportedOn === null),
    revision: row.revision,
    position: row.position,
    updatedAt: row.updated_at,
    withheldEvidence: evidence.withheld,
    withheldReports: submitted.length - shownSubmitted.length,
  };
}
