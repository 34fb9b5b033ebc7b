import type { Database } from 'better-sqlite3';
import {
  type CommitmentClosed,
  type EvidenceItem,
  type IrmAssessmentRecorded,
} from '@hitos/domain';
import { prepared } from '@hitos/projections';
import { handle, moveTo, type CommitmentHandlers } from './commitment-handler';
import { insertEvidence, type ShownEvidence } from './progress-reports';

/** The closure (OGP's end-of-commitment form) and the IRM's assessments, kept apart. */
export const CLOSURE_TABLES = `
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
`;

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

export const closureHandlers: CommitmentHandlers<'CommitmentClosed' | 'IrmAssessmentRecorded'> = {
  CommitmentClosed: handle<CommitmentClosed>((context, event, id) => {
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
  IrmAssessmentRecorded: handle<IrmAssessmentRecorded>((context, { data: d }, id) => {
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
};

// ── view ─────────────────────────────────────────────────────────────────────────────────────

/** The closure form, with the counterpart's co-signature. */
export interface ClosureView {
  resultsNarrative: string;
  completion: string;
  openedGovernment: string;
  evidence: EvidenceItem[];
  counterpartCoSignature: { name: string; position: string; signedOn: string };
  closedOn: string;
}

/** An IRM assessment; `completion` and `earlyResults` appear only when given. */
export interface IrmAssessmentView {
  assessmentId: string;
  stage: string;
  verifiable: boolean;
  relevantToOgpValues: boolean;
  potentialForResults: string;
  completion?: string;
  earlyResults?: string;
  narrative: string;
  assessedOn: string;
}

/** The commitment's closure with only the evidence the reader is shown; null until closed. */
export function closureView(
  db: Database,
  commitmentId: string,
  evidence: ShownEvidence,
): ClosureView | null {
  const closure = prepared(db, `SELECT * FROM commitment_closure WHERE commitment_id = ?`).get(
    commitmentId,
  ) as ClosureRow | undefined;
  return closure
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
    : null;
}

/** The IRM's assessments of the commitment in the order they were recorded. */
export function irmAssessmentsView(db: Database, commitmentId: string): IrmAssessmentView[] {
  return (
    prepared(
      db,
      `SELECT * FROM commitment_irm_assessment WHERE commitment_id = ? ORDER BY rowid`,
    ).all(commitmentId) as IrmAssessmentRow[]
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
  }));
}
