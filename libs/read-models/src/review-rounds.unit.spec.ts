import {
  HITOS_EVENT_SCHEMA_VERSIONS,
  HITOS_EVENT_UPCASTS,
  type CommitmentEvent,
  type ExistingCommitment,
} from '@hitos/domain';
import { UpcasterRegistry } from '@hitos/event-store';
import { commitmentStateOf, signedHistory } from '@hitos/testing';

/**
 * Review in rounds (issue 16 §1) as stored histories meet it: the registry the store reads
 * through brings `ProgressReportReviewed` and `ObjectionAnswered` stored at v1 or v2 to v3, in
 * round 1, so an old history keeps its meaning and may go on to round 2.
 */
describe('stored replies from before rounds', () => {
  const registry = new UpcasterRegistry(HITOS_EVENT_SCHEMA_VERSIONS, HITOS_EVENT_UPCASTS);
  const v1Review = {
    reportId: 'p1',
    milestoneId: 'h1',
    verdict: 'objected',
    reasons: 'Falta la base de datos.',
    reviewedOn: '2026-06-20',
  };
  const v1Answer = {
    reportId: 'p1',
    milestoneId: 'h1',
    answer: 'Se adjunta.',
    answeredOn: '2026-06-21',
  };

  it('given a v1 or v2 review or answer, when read, then it is v3 in round 1, its data otherwise as stored', () => {
    expect(registry.currentVersion('ProgressReportReviewed')).toBe(3);
    expect(registry.currentVersion('ObjectionAnswered')).toBe(3);
    expect(registry.upcast('ProgressReportReviewed', 1, v1Review)).toEqual({
      ...v1Review,
      round: 1,
    });
    expect(registry.upcast('ObjectionAnswered', 1, v1Answer)).toEqual({ ...v1Answer, round: 1 });
    const v2Review = { ...v1Review, classification: 'reserved' };
    expect(registry.upcast('ProgressReportReviewed', 2, v2Review)).toEqual({
      ...v2Review,
      round: 1,
    });
    // A v3 event is read as stored: a later round stays that round.
    const v3 = { ...v2Review, round: 2 };
    expect(registry.upcast('ProgressReportReviewed', 3, v3)).toEqual(v3);
  });

  it('given an upcast answered objection, when folded, then the report awaits its second round', () => {
    const history: CommitmentEvent[] = [
      ...signedHistory(),
      {
        type: 'MilestoneProgressReported',
        data: {
          reportId: 'p1',
          milestoneId: 'h1',
          percent: 50,
          narrative: 'Avance',
          evidence: [],
          reportedOn: '2026-06-15',
          classification: 'public',
        },
      },
      {
        type: 'ProgressReportReviewed',
        data: registry.upcast('ProgressReportReviewed', 1, v1Review),
      },
      { type: 'ObjectionAnswered', data: registry.upcast('ObjectionAnswered', 1, v1Answer) },
    ] as CommitmentEvent[];
    const report = (commitmentStateOf(history) as ExistingCommitment).milestones[0].reports[0];
    expect(report).toMatchObject({ reviewStatus: 'answered', endorsement: null });
    expect(report.rounds.map((r) => [r.round, r.answer?.answer])).toEqual([[1, 'Se adjunta.']]);
  });
});
