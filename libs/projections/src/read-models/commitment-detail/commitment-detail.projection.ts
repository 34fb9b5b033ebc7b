import {
  type ActaSignatureAdded,
  type ActaSigned,
  type AdministratorDesignated,
  type CommitmentClosed,
  type CommitmentCompleted,
  type CommitmentDrafted,
  type CommitmentStatus,
  type CommitmentWithdrawn,
  type EvidenceItem,
  type IrmAssessmentRecorded,
  type MilestoneCompleted,
  type MilestonePlanned,
  type MilestoneProgressReported,
  type MilestoneRescheduled,
  type ObjectionAnswered,
  type ProgressReportReviewed,
  type ReportSubmitted,
  type ResourceIdentified,
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
  administrator_json: string | null;
  completed_on: string | null;
  withdrawal_reason: string | null;
  withdrawn_on: string | null;
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

export const commitmentDetailProjection = defineProjection({
  name: 'commitment-detail',
  version: 1,
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
      administrator_json TEXT,
      completed_on TEXT,
      withdrawal_reason TEXT,
      withdrawn_on TEXT,
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
        `UPDATE commitment_milestone SET start = ?, due = ?, slips = ?
          WHERE commitment_id = ? AND milestone_id = ?`,
        [d.start, d.due, d.slips, id, d.milestoneId],
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
           administrator_json = ? WHERE commitment_id = ?`,
        [d.actaNumber, d.signedOn, d.place, JSON.stringify(d.administrator), id],
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
        `UPDATE commitment_milestone SET completed = 1, completed_on = ?
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
  },
});
