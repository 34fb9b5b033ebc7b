import type { CommitmentDrafted, CommitmentEvent } from '@hitos/domain';
import { commitmentDrafted, signedHistory } from './fixtures';

const report = (reportId: string, milestoneId: string, percent: number): CommitmentEvent => ({
  type: 'MilestoneProgressReported',
  data: {
    reportId,
    milestoneId,
    percent,
    narrative: `Avance de ${milestoneId}`,
    evidence: [],
    reportedOn: '2026-06-01',
    classification: 'public',
  },
});

const review = (
  reportId: string,
  milestoneId: string,
  verdict: 'endorsed' | 'objected',
): CommitmentEvent => ({
  type: 'ProgressReportReviewed',
  data: {
    reportId,
    milestoneId,
    verdict,
    ...(verdict === 'objected' ? { reasons: 'Falta evidencia' } : {}),
    reviewedOn: '2026-06-10',
    round: 1,
  },
});

const finish = (milestoneId: string, i: number): CommitmentEvent[] => [
  report(`${milestoneId}-r100-${i}`, milestoneId, 100),
  review(`${milestoneId}-r100-${i}`, milestoneId, 'endorsed'),
  { type: 'MilestoneCompleted', data: { milestoneId, completedOn: '2026-07-01' } },
];

/**
 * A varied, deterministic history for the i-th commitment (signed; then endorsed and objected
 * reports, completions, a withdrawal or a closure depending on i), for tests that need
 * many commitments in different states. The data is the acta's, renumbered.
 */
export function commitmentHistory(i: number): CommitmentEvent[] {
  const [, ...rest] = signedHistory();
  const drafted: CommitmentDrafted = {
    type: 'CommitmentDrafted',
    data: { ...commitmentDrafted.data, number: i + 1, title: `Compromiso ${i + 1}` },
  };
  const events: CommitmentEvent[] = [drafted, ...rest];
  events.push(report(`r1-${i}`, 'h1', 40 + (i % 5) * 10));
  if (i % 2 === 0) {
    events.push(review(`r1-${i}`, 'h1', 'endorsed'));
  } else {
    events.push(review(`r1-${i}`, 'h1', 'objected'), {
      type: 'ObjectionAnswered',
      data: {
        reportId: `r1-${i}`,
        milestoneId: 'h1',
        answer: 'Se adjunta',
        answeredOn: '2026-06-20',
        round: 1,
      },
    });
  }
  if (i % 3 === 0) events.push(...finish('h1', i));
  if (i % 7 === 0) {
    if (i % 3 !== 0) events.push(...finish('h1', i));
    events.push(...finish('h2', i), ...finish('h3', i), {
      type: 'CommitmentCompleted',
      data: { completedOn: '2027-12-01' },
    });
    events.push({
      type: 'CommitmentClosed',
      data: {
        resultsNarrative: 'Cumplido',
        completion: 'complete',
        openedGovernment: 'major',
        evidence: [],
        counterpartCoSignature: {
          name: 'Carlos Vinueza',
          position: 'Director',
          signedOn: '2027-12-10',
        },
        closedOn: '2027-12-10',
        classification: 'public',
      },
    });
  } else if (i % 5 === 4) {
    events.push({
      type: 'CommitmentWithdrawn',
      data: { reason: 'Rediseño', withdrawnOn: '2026-09-01' },
    });
  }
  return events;
}
