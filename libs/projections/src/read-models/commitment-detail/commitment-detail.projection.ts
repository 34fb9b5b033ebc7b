import {
  type ActaSignatureAdded,
  type ActaSigned,
  type AdministratorDesignated,
  type CommitmentClosed,
  type CommitmentCompleted,
  type CommitmentDrafted,
  type CommitmentMaintained,
  type CommitmentMarkedTransferPending,
  type CommitmentPeriodEnded,
  type CommitmentStatus,
  type CommitmentTransferred,
  type CommitmentWithdrawn,
  type DeadlineEvent,
  type EvidenceItem,
  type InformationHandoverAcknowledged,
  type InformationHandoverOverdue,
  type IrmAssessmentRecorded,
  type MilestoneCompleted,
  type MilestoneDueSoon,
  type MilestoneOverdue,
  type MilestonePlanned,
  type MilestoneProgressReported,
  type MilestoneRescheduled,
  type ObjectionAnswered,
  type ProgressReportDue,
  type ProgressReportOverdue,
  type ProgressReportReviewed,
  type ReportSubmitted,
  type ResourceIdentified,
  type TransferDecisionConcurred,
  type TransferDecisionOverdue,
  deadlineKey,
} from '@hitos/domain';
import {
  defineProjection,
  type ProjectedEvent,
  type ProjectionContext,
  type ProjectionHandler,
} from '../../projection';
import { commitmentIdOf, factDateOf, onCommitment, rollUpProgress } from '../shared';

/** The commitment's own row: its current state as columns, for lists and the detail's head. */
export interface CommitmentRow {
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
  period_start: string;
  period_end: string;
  /** The drafted text (problem, objective, relevance, contact…) as JSON: shown, never filtered. */
  drafted_json: string;
  acta_number: string | null;
  acta_signed_on: string | null;
  acta_place: string | null;
  /** The whole `ActaSigned` data (signatories, administrator at signature) as JSON. */
  acta_json: string | null;
  administrator_json: string | null;
  completed_on: string | null;
  withdrawal_reason: string | null;
  withdrawn_on: string | null;
  /** `CommitmentPeriodEnded`: the period's end and the day the engine found it passed. */
  period_ended_on: string | null;
  period_end_detected_on: string | null;
  /** The stream revision of the last event applied: the ETag `If-Match` compares with. */
  revision: number;
  position: string;
  updated_at: string;
}

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

export interface ProgressReportRow {
  commitment_id: string;
  report_id: string;
  milestone_id: string;
  percent: number;
  narrative: string;
  reported_on: string;
  verdict: 'endorsed' | 'objected' | null;
  reasons: string | null;
  reviewed_on: string | null;
  answer: string | null;
  answered_on: string | null;
  position: string;
}

export interface EvidenceRow {
  commitment_id: string;
  source: 'report' | 'closure';
  /** The progress report's id; '' for the closure's evidence (a key column cannot be null). */
  report_id: string;
  seq: number;
  title: string;
  url: string;
  sha256: string | null;
  classification: EvidenceItem['classification'];
}

export interface SignatureRow {
  commitment_id: string;
  party: 'institution' | 'counterpart';
  acta_number: string;
  signed_on: string;
  place: string;
  signatory_name: string;
  signatory_position: string;
}

export interface ResourceRow {
  commitment_id: string;
  resource_id: string;
  kind: string;
  description: string;
  amount: number | null;
  currency: string | null;
  budget_certification: string | null;
  cooperant: string | null;
}

export interface SubmittedReportRow {
  commitment_id: string;
  report_id: string;
  audience: ReportSubmitted['data']['audience'];
  submitted_by: 'institution' | 'counterpart';
  title: string;
  summary: string;
  link: string | null;
  classification: ReportSubmitted['data']['classification'];
  submitted_on: string;
  position: string;
}

export interface StatusHistoryRow {
  commitment_id: string;
  seq: number;
  status: CommitmentStatus;
  /** The date of the fact that moved it (signature, completion, closure…). */
  since: string;
  position: string;
}

export interface ClosureRow {
  commitment_id: string;
  results_narrative: string;
  completion: string;
  opened_government: string;
  co_signatory_name: string;
  co_signatory_position: string;
  co_signed_on: string;
  closed_on: string;
}

/** The commitment's pending transfer: one row while TransferPending or AwaitingHandover. */
export interface TransferRow {
  commitment_id: string;
  /** The redesigned institution, responsible until a handover is acknowledged. */
  institution_id: string;
  redesign_event_id: string;
  redesign_kind: CommitmentMarkedTransferPending['data']['redesign']['kind'];
  legal_instrument: string;
  effective_on: string;
  successor_ids_json: string;
  previous_status: string;
  pending_since: string;
  /** The `CommitmentTransferred` data once the Presidency decided to transfer. */
  decision_json: string | null;
  to_institution_id: string | null;
  receiving_unit: string | null;
  decided_on: string | null;
  decision_due_on: string | null;
  decision_limit_days: number | null;
  decision_overdue_since: string | null;
  handover_due_on: string | null;
  handover_limit_days: number | null;
  handover_overdue_since: string | null;
  position: string;
}

/** A Core Group concurrence on a transfer decision, tagged with the redesign it answers. */
export interface TransferConcurrenceRow {
  commitment_id: string;
  redesign_event_id: string;
  seq: number;
  decision: TransferDecisionConcurred['data']['decision'];
  to_institution_id: string | null;
  core_group_member_id: string;
  reference: string;
  concurred_on: string;
}

/** How one redesign was settled for the commitment: kept, or transferred and acknowledged. */
export interface SettledTransferRow {
  commitment_id: string;
  seq: number;
  outcome: 'maintained' | 'transferred';
  redesign_event_id: string;
  from_institution_id: string;
  to_institution_id: string;
  receiving_unit: string | null;
  reason: string;
  pending_since: string;
  decided_on: string;
  settled_on: string;
  /** Handover documents (title, sha256) as JSON; '[]' when maintained. */
  documents_json: string;
}

/** A reporting period the engine reminded of (`ProgressReportDue`) or found missed. */
export interface ReportingPeriodRow {
  commitment_id: string;
  due_on: string;
  period_start: string;
  cadence_months: number;
  due_days_before: number | null;
  due_notified_on: string | null;
  overdue_since: string | null;
  /** The first institution report submitted on or after the period's start. */
  reported_on: string | null;
}

/** Every deadline event recorded once, under the domain's own key (`deadlineKey`). */
export interface DeadlineRecordRow {
  commitment_id: string;
  seq: number;
  key: string;
  type: DeadlineEvent['type'];
  position: string;
}

export interface IrmAssessmentRow {
  commitment_id: string;
  assessment_id: string;
  stage: string;
  verifiable: 0 | 1;
  relevant_to_ogp_values: 0 | 1;
  potential_for_results: string;
  completion: string | null;
  early_results: string | null;
  narrative: string;
  assessed_on: string;
}

/**
 * Every event moves the row's revision and position, whatever else it changes, so the row
 * always names the last event it reflects (the ETag a write expects, the `$all` position a
 * response reflects).
 */
function touch(context: ProjectionContext, event: ProjectedEvent) {
  context.run(
    `UPDATE commitment SET revision = ?, position = ?, updated_at = ? WHERE commitment_id = ?`,
    [event.revision, event.position, event.recordedAt, commitmentIdOf(event)],
  );
}

function moveTo(
  context: ProjectionContext,
  event: ProjectedEvent,
  status: CommitmentStatus,
  since: string,
) {
  const id = commitmentIdOf(event);
  context.run(`UPDATE commitment SET status = ? WHERE commitment_id = ?`, [status, id]);
  context.run(
    `INSERT INTO commitment_status_history (commitment_id, seq, status, since, position)
     VALUES (?, (SELECT COUNT(*) FROM commitment_status_history WHERE commitment_id = ?), ?, ?, ?)`,
    [id, id, status, since, event.position],
  );
}

/** The roll-up is the domain's own function, over the milestone rows. */
function rollUp(context: ProjectionContext, event: ProjectedEvent) {
  rollUpProgress(context, commitmentIdOf(event), {
    milestones: 'commitment_milestone',
    commitments: 'commitment',
  });
}

function insertEvidence(
  context: ProjectionContext,
  commitmentId: string,
  source: 'report' | 'closure',
  reportId: string | null,
  items: readonly EvidenceItem[],
) {
  items.forEach((item, seq) =>
    context.run(
      `INSERT INTO commitment_evidence
         (commitment_id, source, report_id, seq, title, url, sha256, classification)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        commitmentId,
        source,
        reportId ?? '',
        seq,
        item.title,
        item.url,
        item.sha256 ?? null,
        item.classification,
      ],
    ),
  );
}

const handle = <Data>(
  body: (context: ProjectionContext, event: ProjectedEvent<Data>, id: string) => void,
): ProjectionHandler =>
  onCommitment((context, event) => {
    body(context, event, commitmentIdOf(event));
    touch(context, event);
  });

/** Records a deadline event under its key, as the fold's `deadlinesRecorded` lists them. */
const deadline = <Data>(
  body?: (context: ProjectionContext, event: ProjectedEvent<Data>, id: string) => void,
): ProjectionHandler =>
  handle<Data>((context, event, id) => {
    context.run(
      `INSERT INTO commitment_deadline (commitment_id, seq, key, type, position)
       VALUES (?, (SELECT COUNT(*) FROM commitment_deadline WHERE commitment_id = ?), ?, ?, ?)`,
      [
        id,
        id,
        deadlineKey({ type: event.type, data: event.data } as DeadlineEvent),
        event.type,
        event.position,
      ],
    );
    body?.(context, event, id);
  });

/**
 * Ends the pending transfer: the concurrences stay (tagged with their redesign) and the
 * settlement joins the history, as the fold's `transfers` keeps it.
 */
function settleTransfer(
  context: ProjectionContext,
  id: string,
  settled: Omit<
    SettledTransferRow,
    'commitment_id' | 'seq' | 'redesign_event_id' | 'pending_since'
  >,
) {
  const pending = context.get<TransferRow>(
    `SELECT * FROM commitment_transfer WHERE commitment_id = ?`,
    [id],
  );
  if (!pending) return false;
  context.run(
    `INSERT INTO commitment_settled_transfer (commitment_id, seq, outcome, redesign_event_id,
       from_institution_id, to_institution_id, receiving_unit, reason, pending_since, decided_on,
       settled_on, documents_json)
     VALUES (?, (SELECT COUNT(*) FROM commitment_settled_transfer WHERE commitment_id = ?),
             ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      id,
      id,
      settled.outcome,
      pending.redesign_event_id,
      settled.from_institution_id,
      settled.to_institution_id,
      settled.receiving_unit,
      settled.reason,
      pending.pending_since,
      settled.decided_on,
      settled.settled_on,
      settled.documents_json,
    ],
  );
  context.run(`DELETE FROM commitment_transfer WHERE commitment_id = ?`, [id]);
  return true;
}

export const commitmentDetailProjection = defineProjection({
  name: 'commitment-detail',
  // 2: transfers (pending, concurrences, decision, overdue flags, settled history), the
  // responsible institution changing on a handover, deadline events, the acta's full data.
  version: 2,
  schema: `
    CREATE TABLE commitment (
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
      period_start TEXT NOT NULL,
      period_end TEXT NOT NULL,
      drafted_json TEXT NOT NULL,
      acta_number TEXT,
      acta_signed_on TEXT,
      acta_place TEXT,
      acta_json TEXT,
      administrator_json TEXT,
      completed_on TEXT,
      withdrawal_reason TEXT,
      withdrawn_on TEXT,
      period_ended_on TEXT,
      period_end_detected_on TEXT,
      revision INTEGER NOT NULL,
      position TEXT NOT NULL,
      updated_at TEXT NOT NULL
    );
    CREATE INDEX commitment_by_plan ON commitment (plan_id, number);
    CREATE INDEX commitment_by_status ON commitment (status);
    CREATE INDEX commitment_by_institution ON commitment (responsible_institution_id);
    CREATE INDEX commitment_by_counterpart ON commitment (counterpart_organization_id);
    CREATE TABLE commitment_pillar (
      commitment_id TEXT NOT NULL,
      pillar TEXT NOT NULL,
      PRIMARY KEY (commitment_id, pillar)
    );
    CREATE INDEX commitment_pillar_by_pillar ON commitment_pillar (pillar);
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
    CREATE TABLE commitment_report (
      commitment_id TEXT NOT NULL,
      report_id TEXT NOT NULL,
      milestone_id TEXT NOT NULL,
      percent REAL NOT NULL,
      narrative TEXT NOT NULL,
      reported_on TEXT NOT NULL,
      verdict TEXT,
      reasons TEXT,
      reviewed_on TEXT,
      answer TEXT,
      answered_on TEXT,
      position TEXT NOT NULL,
      PRIMARY KEY (commitment_id, report_id)
    );
    CREATE INDEX commitment_report_unreviewed ON commitment_report (verdict, reported_on);
    CREATE TABLE commitment_evidence (
      commitment_id TEXT NOT NULL,
      source TEXT NOT NULL,
      report_id TEXT NOT NULL,
      seq INTEGER NOT NULL,
      title TEXT NOT NULL,
      url TEXT NOT NULL,
      sha256 TEXT,
      classification TEXT NOT NULL,
      PRIMARY KEY (commitment_id, source, report_id, seq)
    );
    CREATE TABLE commitment_signature (
      commitment_id TEXT NOT NULL,
      party TEXT NOT NULL,
      acta_number TEXT NOT NULL,
      signed_on TEXT NOT NULL,
      place TEXT NOT NULL,
      signatory_name TEXT NOT NULL,
      signatory_position TEXT NOT NULL,
      PRIMARY KEY (commitment_id, party)
    );
    CREATE TABLE commitment_resource (
      commitment_id TEXT NOT NULL,
      resource_id TEXT NOT NULL,
      kind TEXT NOT NULL,
      description TEXT NOT NULL,
      amount REAL,
      currency TEXT,
      budget_certification TEXT,
      cooperant TEXT,
      PRIMARY KEY (commitment_id, resource_id)
    );
    CREATE TABLE commitment_submitted_report (
      commitment_id TEXT NOT NULL,
      report_id TEXT NOT NULL,
      audience TEXT NOT NULL,
      submitted_by TEXT NOT NULL,
      title TEXT NOT NULL,
      summary TEXT NOT NULL,
      link TEXT,
      classification TEXT NOT NULL,
      submitted_on TEXT NOT NULL,
      position TEXT NOT NULL,
      PRIMARY KEY (commitment_id, report_id)
    );
    CREATE TABLE commitment_status_history (
      commitment_id TEXT NOT NULL,
      seq INTEGER NOT NULL,
      status TEXT NOT NULL,
      since TEXT NOT NULL,
      position TEXT NOT NULL,
      PRIMARY KEY (commitment_id, seq)
    );
    CREATE TABLE commitment_closure (
      commitment_id TEXT PRIMARY KEY,
      results_narrative TEXT NOT NULL,
      completion TEXT NOT NULL,
      opened_government TEXT NOT NULL,
      co_signatory_name TEXT NOT NULL,
      co_signatory_position TEXT NOT NULL,
      co_signed_on TEXT NOT NULL,
      closed_on TEXT NOT NULL
    );
    CREATE TABLE commitment_irm_assessment (
      commitment_id TEXT NOT NULL,
      assessment_id TEXT NOT NULL,
      stage TEXT NOT NULL,
      verifiable INTEGER NOT NULL,
      relevant_to_ogp_values INTEGER NOT NULL,
      potential_for_results TEXT NOT NULL,
      completion TEXT,
      early_results TEXT,
      narrative TEXT NOT NULL,
      assessed_on TEXT NOT NULL,
      PRIMARY KEY (commitment_id, assessment_id)
    );
    CREATE TABLE commitment_transfer (
      commitment_id TEXT PRIMARY KEY,
      institution_id TEXT NOT NULL,
      redesign_event_id TEXT NOT NULL,
      redesign_kind TEXT NOT NULL,
      legal_instrument TEXT NOT NULL,
      effective_on TEXT NOT NULL,
      successor_ids_json TEXT NOT NULL,
      previous_status TEXT NOT NULL,
      pending_since TEXT NOT NULL,
      decision_json TEXT,
      to_institution_id TEXT,
      receiving_unit TEXT,
      decided_on TEXT,
      decision_due_on TEXT,
      decision_limit_days INTEGER,
      decision_overdue_since TEXT,
      handover_due_on TEXT,
      handover_limit_days INTEGER,
      handover_overdue_since TEXT,
      position TEXT NOT NULL
    );
    CREATE INDEX commitment_transfer_by_pending ON commitment_transfer (pending_since);
    CREATE TABLE commitment_transfer_concurrence (
      commitment_id TEXT NOT NULL,
      redesign_event_id TEXT NOT NULL,
      seq INTEGER NOT NULL,
      decision TEXT NOT NULL,
      to_institution_id TEXT,
      core_group_member_id TEXT NOT NULL,
      reference TEXT NOT NULL,
      concurred_on TEXT NOT NULL,
      PRIMARY KEY (commitment_id, redesign_event_id, seq)
    );
    CREATE TABLE commitment_settled_transfer (
      commitment_id TEXT NOT NULL,
      seq INTEGER NOT NULL,
      outcome TEXT NOT NULL,
      redesign_event_id TEXT NOT NULL,
      from_institution_id TEXT NOT NULL,
      to_institution_id TEXT NOT NULL,
      receiving_unit TEXT,
      reason TEXT NOT NULL,
      pending_since TEXT NOT NULL,
      decided_on TEXT NOT NULL,
      settled_on TEXT NOT NULL,
      documents_json TEXT NOT NULL,
      PRIMARY KEY (commitment_id, seq)
    );
    CREATE TABLE commitment_reporting_period (
      commitment_id TEXT NOT NULL,
      due_on TEXT NOT NULL,
      period_start TEXT NOT NULL,
      cadence_months INTEGER NOT NULL,
      due_days_before INTEGER,
      due_notified_on TEXT,
      overdue_since TEXT,
      reported_on TEXT,
      PRIMARY KEY (commitment_id, due_on)
    );
    CREATE TABLE commitment_deadline (
      commitment_id TEXT NOT NULL,
      seq INTEGER NOT NULL,
      key TEXT NOT NULL,
      type TEXT NOT NULL,
      position TEXT NOT NULL,
      PRIMARY KEY (commitment_id, seq)
    );
  `,
  handlers: {
    CommitmentDrafted: onCommitment((context, event: ProjectedEvent<CommitmentDrafted['data']>) => {
      const d = event.data;
      const id = commitmentIdOf(event);
      context.run(
        `INSERT INTO commitment (commitment_id, plan_id, number, title, status, progress,
           responsible_institution_id, responsible_unit, counterpart_organization_id,
           counterpart_sector, period_start, period_end, drafted_json, revision, position,
           updated_at)
         VALUES (?, ?, ?, ?, 'Draft', 0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [
          id,
          d.planId,
          d.number,
          d.title,
          d.responsible.institutionId,
          d.responsible.unit,
          d.counterpart.organizationId,
          d.counterpart.sector,
          d.period.start,
          d.period.end,
          JSON.stringify(d),
          event.revision,
          event.position,
          event.recordedAt,
        ],
      );
      for (const pillar of Object.keys(d.relevance ?? {})) {
        context.run(`INSERT INTO commitment_pillar (commitment_id, pillar) VALUES (?, ?)`, [
          id,
          pillar,
        ]);
      }
      context.run(
        `INSERT INTO commitment_status_history (commitment_id, seq, status, since, position)
         VALUES (?, 0, 'Draft', ?, ?)`,
        [id, factDateOf(event), event.position],
      );
    }),
    MilestonePlanned: handle<MilestonePlanned['data']>((context, { data: d }, id) => {
      context.run(
        `INSERT INTO commitment_milestone (commitment_id, milestone_id, deliverable, weight,
           baseline_start, baseline_due, start, due, slips, last_endorsed_percent, completed)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, 0, 0)`,
        [id, d.milestoneId, d.deliverable, d.weight, d.start, d.due, d.start, d.due],
      );
    }),
    MilestoneRescheduled: handle<MilestoneRescheduled['data']>((context, { data: d }, id) => {
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
    AdministratorDesignated: handle<AdministratorDesignated['data']>((context, event, id) => {
      context.run(`UPDATE commitment SET administrator_json = ? WHERE commitment_id = ?`, [
        JSON.stringify(event.data),
        id,
      ]);
    }),
    ActaSignatureAdded: handle<ActaSignatureAdded['data']>((context, { data: d }, id) => {
      context.run(
        `INSERT INTO commitment_signature (commitment_id, party, acta_number, signed_on, place,
           signatory_name, signatory_position)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
        [id, d.party, d.actaNumber, d.signedOn, d.place, d.signatory.name, d.signatory.position],
      );
    }),
    ActaSigned: handle<ActaSigned['data']>((context, event, id) => {
      const d = event.data;
      context.run(
        `UPDATE commitment SET acta_number = ?, acta_signed_on = ?, acta_place = ?,
           acta_json = ?, administrator_json = ? WHERE commitment_id = ?`,
        [d.actaNumber, d.signedOn, d.place, JSON.stringify(d), JSON.stringify(d.administrator), id],
      );
      moveTo(context, event, 'InImplementation', d.signedOn);
    }),
    ResourceIdentified: handle<ResourceIdentified['data']>((context, { data: d }, id) => {
      context.run(
        `INSERT INTO commitment_resource (commitment_id, resource_id, kind, description, amount,
           currency, budget_certification, cooperant)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        [
          id,
          d.resourceId,
          d.kind,
          d.description,
          d.estimatedAmount?.amount ?? null,
          d.estimatedAmount?.currency ?? null,
          d.budgetCertification ?? null,
          d.cooperant ?? null,
        ],
      );
    }),
    MilestoneProgressReported: handle<MilestoneProgressReported['data']>((context, event, id) => {
      const d = event.data;
      context.run(
        `INSERT INTO commitment_report (commitment_id, report_id, milestone_id, percent,
           narrative, reported_on, position)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
        [id, d.reportId, d.milestoneId, d.percent, d.narrative, d.reportedOn, event.position],
      );
      insertEvidence(context, id, 'report', d.reportId, d.evidence ?? []);
      context.run(
        `UPDATE commitment_milestone SET last_report_on = MAX(COALESCE(last_report_on, ''), ?)
          WHERE commitment_id = ? AND milestone_id = ?`,
        [d.reportedOn, id, d.milestoneId],
      );
    }),
    ProgressReportReviewed: handle<ProgressReportReviewed['data']>((context, event, id) => {
      const d = event.data;
      context.run(
        `UPDATE commitment_report SET verdict = ?, reasons = ?, reviewed_on = ?
          WHERE commitment_id = ? AND report_id = ?`,
        [d.verdict, d.reasons ?? null, d.reviewedOn, id, d.reportId],
      );
      if (d.verdict === 'endorsed') {
        context.run(
          `UPDATE commitment_milestone
              SET last_endorsed_percent = MAX(last_endorsed_percent, (
                SELECT percent FROM commitment_report WHERE commitment_id = ? AND report_id = ?))
            WHERE commitment_id = ? AND milestone_id = ?`,
          [id, d.reportId, id, d.milestoneId],
        );
        rollUp(context, event);
      }
    }),
    ObjectionAnswered: handle<ObjectionAnswered['data']>((context, { data: d }, id) => {
      context.run(
        `UPDATE commitment_report SET answer = ?, answered_on = ?
          WHERE commitment_id = ? AND report_id = ?`,
        [d.answer, d.answeredOn, id, d.reportId],
      );
    }),
    MilestoneCompleted: handle<MilestoneCompleted['data']>((context, event, id) => {
      context.run(
        `UPDATE commitment_milestone SET completed = 1, completed_on = ?, overdue_since = NULL
          WHERE commitment_id = ? AND milestone_id = ?`,
        [event.data.completedOn, id, event.data.milestoneId],
      );
      rollUp(context, event);
    }),
    CommitmentCompleted: handle<CommitmentCompleted['data']>((context, event, id) => {
      context.run(`UPDATE commitment SET completed_on = ? WHERE commitment_id = ?`, [
        event.data.completedOn,
        id,
      ]);
      moveTo(context, event, 'Completed', event.data.completedOn);
    }),
    ReportSubmitted: handle<ReportSubmitted['data']>((context, event, id) => {
      const d = event.data;
      context.run(
        `INSERT INTO commitment_submitted_report (commitment_id, report_id, audience,
           submitted_by, title, summary, link, classification, submitted_on, position)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [
          id,
          d.reportId,
          d.audience,
          d.submittedBy,
          d.title,
          d.summary,
          d.link ?? null,
          d.classification,
          d.submittedOn,
          event.position,
        ],
      );
      // An institution's report answers the reporting periods open when it came (the engine
      // counts the institution's reports only, see the workflows' reporting calendar).
      if (d.submittedBy === 'institution') {
        context.run(
          `UPDATE commitment_reporting_period SET reported_on = ?
            WHERE commitment_id = ? AND reported_on IS NULL AND period_start <= ?`,
          [d.submittedOn, id, d.submittedOn],
        );
      }
    }),
    CommitmentClosed: handle<CommitmentClosed['data']>((context, event, id) => {
      const d = event.data;
      context.run(
        `INSERT INTO commitment_closure (commitment_id, results_narrative, completion,
           opened_government, co_signatory_name, co_signatory_position, co_signed_on, closed_on)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        [
          id,
          d.resultsNarrative,
          d.completion,
          d.openedGovernment,
          d.counterpartCoSignature.name,
          d.counterpartCoSignature.position,
          d.counterpartCoSignature.signedOn,
          d.closedOn,
        ],
      );
      insertEvidence(context, id, 'closure', null, d.evidence ?? []);
      moveTo(context, event, 'Closed', d.closedOn);
    }),
    IrmAssessmentRecorded: handle<IrmAssessmentRecorded['data']>((context, { data: d }, id) => {
      context.run(
        `INSERT INTO commitment_irm_assessment (commitment_id, assessment_id, stage, verifiable,
           relevant_to_ogp_values, potential_for_results, completion, early_results, narrative,
           assessed_on)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [
          id,
          d.assessmentId,
          d.stage,
          d.verifiable ? 1 : 0,
          d.relevantToOgpValues ? 1 : 0,
          d.potentialForResults,
          d.completion ?? null,
          d.earlyResults ?? null,
          d.narrative,
          d.assessedOn,
        ],
      );
    }),
    CommitmentWithdrawn: handle<CommitmentWithdrawn['data']>((context, event, id) => {
      context.run(
        `UPDATE commitment SET withdrawal_reason = ?, withdrawn_on = ? WHERE commitment_id = ?`,
        [event.data.reason, event.data.withdrawnOn, id],
      );
      moveTo(context, event, 'Withdrawn', event.data.withdrawnOn);
    }),
    CommitmentMarkedTransferPending: handle<CommitmentMarkedTransferPending['data']>(
      (context, event, id) => {
        const d = event.data;
        context.run(
          `INSERT OR REPLACE INTO commitment_transfer (commitment_id, institution_id,
             redesign_event_id, redesign_kind, legal_instrument, effective_on, successor_ids_json,
             previous_status, pending_since, position)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          [
            id,
            d.institutionId,
            d.redesign.eventId,
            d.redesign.kind,
            d.redesign.legalInstrument,
            d.redesign.effectiveOn,
            JSON.stringify(d.redesign.successorIds),
            d.previousStatus,
            d.markedOn,
            event.position,
          ],
        );
        moveTo(context, event, 'TransferPending', d.markedOn);
      },
    ),
    TransferDecisionConcurred: handle<TransferDecisionConcurred['data']>((context, event, id) => {
      const d = event.data;
      const pending = context.get<{ redesign_event_id: string }>(
        `SELECT redesign_event_id FROM commitment_transfer WHERE commitment_id = ?`,
        [id],
      );
      if (!pending) return; // as the fold: a concurrence with nothing pending changes nothing
      context.run(
        `INSERT INTO commitment_transfer_concurrence (commitment_id, redesign_event_id, seq,
           decision, to_institution_id, core_group_member_id, reference, concurred_on)
         VALUES (?, ?, (SELECT COUNT(*) FROM commitment_transfer_concurrence
                         WHERE commitment_id = ? AND redesign_event_id = ?), ?, ?, ?, ?, ?)`,
        [
          id,
          pending.redesign_event_id,
          id,
          pending.redesign_event_id,
          d.decision,
          d.toInstitutionId ?? null,
          d.coreGroupMemberId,
          d.reference,
          d.concurredOn,
        ],
      );
    }),
    CommitmentMaintained: handle<CommitmentMaintained['data']>((context, event, id) => {
      const d = event.data;
      const settled = settleTransfer(context, id, {
        outcome: 'maintained',
        from_institution_id: d.institutionId,
        to_institution_id: d.institutionId,
        receiving_unit: null,
        reason: d.reason,
        decided_on: d.decidedOn,
        settled_on: d.decidedOn,
        documents_json: '[]',
      });
      if (settled) moveTo(context, event, d.resumedStatus, d.decidedOn);
    }),
    CommitmentTransferred: handle<CommitmentTransferred['data']>((context, event, id) => {
      const d = event.data;
      const changed = context.run(
        `UPDATE commitment_transfer SET decision_json = ?, to_institution_id = ?,
           receiving_unit = ?, decided_on = ?, position = ?
          WHERE commitment_id = ?`,
        [JSON.stringify(d), d.toInstitutionId, d.receivingUnit, d.decidedOn, event.position, id],
      );
      if (changed.changes > 0) moveTo(context, event, 'AwaitingHandover', d.decidedOn);
    }),
    InformationHandoverAcknowledged: handle<InformationHandoverAcknowledged['data']>(
      (context, event, id) => {
        const d = event.data;
        const pending = context.get<TransferRow>(
          `SELECT * FROM commitment_transfer WHERE commitment_id = ? AND decision_json IS NOT NULL`,
          [id],
        );
        if (!pending) return; // the fold ignores an acknowledgement with no decision to transfer
        const decision = JSON.parse(pending.decision_json!) as CommitmentTransferred['data'];
        settleTransfer(context, id, {
          outcome: 'transferred',
          from_institution_id: d.fromInstitutionId,
          to_institution_id: d.toInstitutionId,
          receiving_unit: d.receivingUnit,
          reason: decision.reason,
          decided_on: decision.decidedOn,
          settled_on: d.acknowledgedOn,
          documents_json: JSON.stringify(d.documents ?? []),
        });
        // The receiving institution is responsible from now on, with the administrator the
        // decision named: lists, portfolios and who may read classified content follow it.
        context.run(
          `UPDATE commitment SET responsible_institution_id = ?, responsible_unit = ?,
             administrator_json = ? WHERE commitment_id = ?`,
          [d.toInstitutionId, d.receivingUnit, JSON.stringify(decision.administrator), id],
        );
        // A draft's acta is signed by the institution that carries it out: the new one signs.
        if (d.resumedStatus === 'Draft') {
          context.run(
            `DELETE FROM commitment_signature WHERE commitment_id = ? AND party = 'institution'`,
            [id],
          );
        }
        moveTo(context, event, d.resumedStatus, d.acknowledgedOn);
      },
    ),
    TransferDecisionOverdue: deadline<TransferDecisionOverdue['data']>(
      (context, { data: d }, id) => {
        context.run(
          `UPDATE commitment_transfer SET decision_due_on = ?, decision_limit_days = ?,
             decision_overdue_since = ?
            WHERE commitment_id = ? AND pending_since = ? AND decision_json IS NULL`,
          [d.dueOn, d.limitDays, d.detectedOn, id, d.pendingSince],
        );
      },
    ),
    InformationHandoverOverdue: deadline<InformationHandoverOverdue['data']>(
      (context, { data: d }, id) => {
        context.run(
          `UPDATE commitment_transfer SET handover_due_on = ?, handover_limit_days = ?,
             handover_overdue_since = ?
            WHERE commitment_id = ? AND decided_on = ? AND to_institution_id = ?`,
          [d.dueOn, d.limitDays, d.detectedOn, id, d.transferredOn, d.toInstitutionId],
        );
      },
    ),
    MilestoneDueSoon: deadline<MilestoneDueSoon['data']>((context, { data: d }, id) => {
      context.run(
        `UPDATE commitment_milestone SET due_soon_due = ?, due_soon_days_before = ?,
           due_soon_notified_on = ?
          WHERE commitment_id = ? AND milestone_id = ?`,
        [d.due, d.daysBefore, d.notifiedOn, id, d.milestoneId],
      );
    }),
    MilestoneOverdue: deadline<MilestoneOverdue['data']>((context, { data: d }, id) => {
      // As the fold: only for the due date still in force, and not once completed.
      context.run(
        `UPDATE commitment_milestone SET overdue_since = ?
          WHERE commitment_id = ? AND milestone_id = ? AND due = ? AND completed = 0`,
        [d.detectedOn, id, d.milestoneId, d.due],
      );
    }),
    CommitmentPeriodEnded: deadline<CommitmentPeriodEnded['data']>((context, { data: d }, id) => {
      context.run(
        `UPDATE commitment SET period_ended_on = ?, period_end_detected_on = ?
          WHERE commitment_id = ?`,
        [d.periodEnd, d.detectedOn, id],
      );
    }),
    ProgressReportDue: deadline<ProgressReportDue['data']>((context, { data: d }, id) => {
      context.run(
        `INSERT INTO commitment_reporting_period (commitment_id, due_on, period_start,
           cadence_months, due_days_before, due_notified_on)
         VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (commitment_id, due_on) DO UPDATE SET
           due_days_before = excluded.due_days_before, due_notified_on = excluded.due_notified_on`,
        [id, d.dueOn, d.periodStart, d.cadenceMonths, d.daysBefore, d.notifiedOn],
      );
    }),
    ProgressReportOverdue: deadline<ProgressReportOverdue['data']>((context, { data: d }, id) => {
      context.run(
        `INSERT INTO commitment_reporting_period (commitment_id, due_on, period_start,
           cadence_months, overdue_since)
         VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (commitment_id, due_on) DO UPDATE SET overdue_since = excluded.overdue_since`,
        [id, d.dueOn, d.periodStart, d.cadenceMonths, d.detectedOn],
      );
    }),
  },
});
