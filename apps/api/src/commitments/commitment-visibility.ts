import type {
  Actor,
  Classification,
  CommitmentState,
  EvidenceItem,
  ExistingCommitment,
} from '@hitos/domain';

/**
 * An evidence item as a reader is shown it: whole, or in its place with only its classification
 * (docs/reserve.md) — the same shape as the read model's `EvidenceView`.
 */
export type VisibleEvidence =
  | (EvidenceItem & { withheld: false })
  | { title: null; url: null; sha256: null; classification: Classification; withheld: true };

/**
 * What a reader is shown of a commitment, and how much was held back from them. Texts, evidence
 * and submitted reports the reader may not see keep their place with null content and
 * `withheld: true`, as in `getCommitmentDetail`.
 */
export type VisibleCommitment = CommitmentState & {
  /** Evidence items (in progress reports and in the closure) classified reserved or confidential. */
  withheldEvidence: number;
  /** Submitted reports classified reserved or confidential (stubs in the list). */
  withheldReports: number;
  /**
   * Narratives, reasons, answers and the closure's narrative withheld (null in place), each
   * once: a report's `review` and `answer` repeat its latest round's or endorsement's.
   */
  withheldTexts: number;
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
 * The commitment as `actor` may read it (docs/reserve.md): for a reader who may not read
 * classified content, each reserved or confidential text, evidence item and submitted report
 * stays in its place with its content null, its classification and `withheld: true`, and is
 * counted. Every other part says `withheld: false`. Pure: the state passed in is not changed.
 */
export function visibleCommitment(state: CommitmentState, actor: Actor): VisibleCommitment {
  const none = { withheldEvidence: 0, withheldReports: 0, withheldTexts: 0 };
  if (state.status === 'Empty') return { ...state, ...none };
  const sees = mayReadClassified(actor, state);
  const counts = { ...none };
  const shown = (classification: Classification) => sees || classification === 'public';
  const text = (value: string | null, classification: Classification) => {
    if (value === null || shown(classification)) return { value, withheld: false };
    counts.withheldTexts++;
    return { value: null, withheld: true };
  };
  const evidence = (items: EvidenceItem[]): VisibleEvidence[] =>
    items.map((item) => {
      if (shown(item.classification)) return { ...item, withheld: false };
      counts.withheldEvidence++;
      return {
        title: null,
        url: null,
        sha256: null,
        classification: item.classification,
        withheld: true,
      };
    });
  const milestones = state.milestones.map((milestone) => ({
    ...milestone,
    reports: milestone.reports.map((report) => {
      const narrative = text(report.narrative, report.classification);
      // Each reply is withheld (and counted) once, in its round or as the endorsement; `review`
      // and `answer` repeat the latest ones as they are shown there.
      const rounds = report.rounds.map((round) => {
        const reasons = text(round.objection.reasons, round.objection.classification);
        const answer = round.answer ? text(round.answer.answer, round.answer.classification) : null;
        return {
          ...round,
          objection: { ...round.objection, reasons: reasons.value, withheld: reasons.withheld },
          answer:
            round.answer && answer
              ? { ...round.answer, answer: answer.value, withheld: answer.withheld }
              : null,
        };
      });
      const endorsement = report.endorsement
        ? (() => {
            const reasons = text(report.endorsement.reasons, report.endorsement.classification);
            return { ...report.endorsement, reasons: reasons.value, withheld: reasons.withheld };
          })()
        : null;
      const last = rounds[rounds.length - 1];
      return {
        ...report,
        narrative: narrative.value,
        withheld: narrative.withheld,
        evidence: evidence(report.evidence),
        rounds,
        endorsement,
        review: endorsement ?? last?.objection ?? null,
        answer: last?.answer ?? null,
      };
    }),
  }));
  const closure = state.closure
    ? (() => {
        const narrative = text(state.closure.resultsNarrative, state.closure.classification);
        return {
          ...state.closure,
          resultsNarrative: narrative.value,
          withheld: narrative.withheld,
          evidence: evidence(state.closure.evidence),
        };
      })()
    : null;
  const submittedReports = state.submittedReports.map((report) => {
    if (shown(report.classification)) return { ...report, withheld: false };
    counts.withheldReports++;
    return {
      reportId: report.reportId,
      audience: report.audience,
      submittedBy: report.submittedBy,
      title: null,
      summary: null,
      link: null,
      classification: report.classification,
      submittedOn: report.submittedOn,
      withheld: true,
    };
  });
  return {
    ...state,
    milestones,
    closure,
    submittedReports,
    ...counts,
  } as unknown as VisibleCommitment;
}
