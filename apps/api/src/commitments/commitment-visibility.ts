import type { Actor, CommitmentState, EvidenceItem, ExistingCommitment } from '@hitos/domain';

/** What a reader is shown of a commitment, and how much was held back from them. */
export type VisibleCommitment = CommitmentState & {
  /** Evidence items (in progress reports and in the closure) classified reserved or confidential. */
  withheldEvidence: number;
  /** Submitted reports classified reserved or confidential. */
  withheldReports: number;
};

/**
 * Who may read what the parties classified reserved or confidential: the Presidency, the
 * auditors, the commitment's responsible institution and its counterpart. Anyone else (the
 * public, the Core Group, other institutions and organizations) reads only public items.
 */
export function mayReadClassified(actor: Actor, commitment: ExistingCommitment): boolean {
  switch (actor.role) {
    case 'presidency':
    case 'auditor':
      return true;
    case 'institution':
      return actor.organizationId === commitment.responsible.institutionId;
    case 'counterpart':
      return actor.organizationId === commitment.counterpart.organizationId;
    default:
      return false;
  }
}

/**
 * The commitment as `actor` may read it: evidence and submitted reports that are not public are
 * removed for readers who may not see them, and counted so they know something was withheld.
 * Pure: the state passed in is not changed.
 */
export function visibleCommitment(state: CommitmentState, actor: Actor): VisibleCommitment {
  if (state.status === 'Empty') return { ...state, withheldEvidence: 0, withheldReports: 0 };
  if (mayReadClassified(actor, state)) return { ...state, withheldEvidence: 0, withheldReports: 0 };

  let withheldEvidence = 0;
  const publicOnly = (evidence: EvidenceItem[]): EvidenceItem[] => {
    const shown = evidence.filter((item) => item.classification === 'public');
    withheldEvidence += evidence.length - shown.length;
    return shown;
  };
  const milestones = state.milestones.map((milestone) => ({
    ...milestone,
    reports: milestone.reports.map((report) => ({
      ...report,
      evidence: publicOnly(report.evidence),
    })),
  }));
  const closure = state.closure
    ? { ...state.closure, evidence: publicOnly(state.closure.evidence) }
    : null;
  const submittedReports = state.submittedReports.filter((r) => r.classification === 'public');
  return {
    ...state,
    milestones,
    closure,
    submittedReports,
    withheldEvidence,
    withheldReports: state.submittedReports.length - submittedReports.length,
  } as VisibleCommitment;
}
