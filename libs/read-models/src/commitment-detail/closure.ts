import { type CommitmentClosed, type IrmAssessmentRecorded } from '@hitos/domain';
import { handle, moveTo, type CommitmentHandlers } from './commitment-handler';
import { insertEvidence } from './progress-reports';

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
