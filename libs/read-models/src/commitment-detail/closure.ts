import type { Database } from 'better-sqlite3';
import {
  type Classification,
  type CommitmentClosed,
  type IrmAssessmentRecorded,
} from '@hitos/domain';
import { prepared } from '@hitos/projections';
import { handle, moveTo, type CommitmentHandlers } from './commitment-handler';
import {
  insertEvidence,
  shownText,
  type EvidenceView,
  type ShownEvidence,
  type TextCounter,
} from './progress-reports';

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
      closed_on TEXT NOT NULL,
      -- The results narrative's classification (docs/reserve.md).
      classification TEXT NOT NULL
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
  classification: Classification;
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
           opened_government, co_signatory_name, co_signatory_position, co_signed_on, closed_on,
           classification)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        id,
        d.resultsNarrative,
        d.completion,
        d.openedGovernment,
        d.counterpartCoSignature.name,
        d.counterpartCoSignature.position,
        d.counterpartCoSignature.signedOn,
        d.closedOn,
        d.classification ?? 'public',
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
  /** Null when withheld from this reader. */
  resultsNarrative: string | null;
  completion: string;
  openedGovernment: string;
  evidence: EvidenceView[];
  counterpartCoSignature: { name: string; position: string; signedOn: string };
  closedOn: string;
  /** The results narrative's classification. */
  classification: Classification;
  withheld: boolean;
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

/** The commitment's closure as the reader is shown it (withheld parts in place); null until closed. */
export function closureView(
  db: Database,
  commitmentId: string,
  evidence: ShownEvidence,
  texts: TextCounter,
): ClosureView | null {
  const closure = prepared(db, `SELECT * FROM commitment_closure WHERE commitment_id = ?`).get(
    commitmentId,
  ) as ClosureRow | undefined;
  if (!closure) return null;
  const narrative = shownText(closure.results_narrative, closure.classification, texts);
  return closure
    ? {
        resultsNarrative: narrative.text,
        completion: closure.completion,
        openedGovernment: closure.opened_government,
        evidence: evidence.of('closure', ''),
        counterpartCoSignature: {
          name: closure.co_signatory_name,
          position: closure.co_signatory_position,
          signedOn: closure.co_signed_on,
        },
        closedOn: closure.closed_on,
        classification: closure.classification,
        withheld: narrative.withheld,
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
