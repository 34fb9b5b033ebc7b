import { SUMMARIZED_EVENT_TYPES } from '@hitos/domain';
import {
  OCCURRENCE_DATES,
  occurrencesOf,
  ownOccurrenceOf,
  recordedDateOf,
  type OccurrenceInput,
} from './occurrence';

const C = 'commitment-c1';
let clock = 0;
/** An event recorded on `recordedOn` (10:00 in Guayaquil). */
const event = (
  type: string,
  data: Record<string, unknown>,
  recordedOn = '2026-11-24',
  streamId = C,
): OccurrenceInput => {
  const at = `${recordedOn}T15:00:00.${String(clock++ % 1000).padStart(3, '0')}Z`;
  return { type, streamId, data, metadata: { occurredAt: at, recordedAt: at }, recordedAt: at };
};

describe('when each event happened', () => {
  it('has a rule for every event type hitos writes', () => {
    expect(Object.keys(OCCURRENCE_DATES).sort()).toEqual([...SUMMARIZED_EVENT_TYPES].sort());
  });

  it('reads the date the data gives, else the day it was recorded in Guayaquil', () => {
    expect(ownOccurrenceOf(event('ActaSignatureAdded', { signedOn: '2026-01-28' }))).toBe(
      '2026-01-28',
    );
    expect(
      ownOccurrenceOf(
        event('MilestoneRescheduled', { concurrence: { concurredOn: '2026-04-20' } }),
      ),
    ).toBe('2026-04-20');
    expect(ownOccurrenceOf(event('InstitutionRedesigned', { effectiveOn: '2026-06-30' }))).toBe(
      '2026-06-30',
    );
    expect(ownOccurrenceOf(event('MilestonePlanned', { milestoneId: 'h1' }))).toBe('2026-11-24');
    // Recorded at 03:00 UTC on the 25th: still the 24th in Guayaquil.
    const late = {
      ...event('CommitmentDrafted', {}),
      metadata: { occurredAt: '2026-11-25T03:00:00.000Z' },
      recordedAt: '2026-11-25T03:00:00.010Z',
    };
    expect(recordedDateOf(late)).toBe('2026-11-24');
    // A payload without its date (an unknown shape) falls back to the day it was recorded.
    expect(ownOccurrenceOf(event('MilestoneCompleted', {}, '2026-11-20'))).toBe('2026-11-20');
  });

  it('brings a commitment, its milestones and its administrator forward to a back-dated signature, and nothing recorded after it', () => {
    const history = [
      event(
        'CommitmentDrafted',
        { planId: 'p', responsible: { institutionId: 'mdt' } },
        '2026-11-20',
      ),
      event('MilestonePlanned', { milestoneId: 'h1' }, '2026-11-20'),
      event('AdministratorDesignated', {}, '2026-11-21'),
      event('ActaSignatureAdded', { signedOn: '2026-01-28' }, '2026-11-22'),
      event('ActaSignatureAdded', { signedOn: '2026-01-30' }, '2026-11-23'),
      event('ActaSigned', { signedOn: '2026-01-30' }, '2026-11-23'),
      event('MilestonePlanned', { milestoneId: 'h2' }, '2026-11-23'),
      event('ResourceIdentified', {}, '2026-11-24'),
    ];
    expect(occurrencesOf(history)).toEqual([
      '2026-01-28',
      '2026-01-28',
      '2026-01-28',
      '2026-01-28',
      '2026-01-30',
      '2026-01-30',
      '2026-11-23',
      '2026-11-24',
    ]);
  });

  it('a milestone and a report exist no later than the first fact about them; other facts keep their own dates', () => {
    const history = [
      event('CommitmentDrafted', {}, '2026-06-01'),
      event('MilestonePlanned', { milestoneId: 'h1' }, '2026-06-10'),
      event('MilestonePlanned', { milestoneId: 'h2' }, '2026-06-12'),
      // A reschedule of h1 the Core Group agreed on 5 June, before hitos knew the milestone.
      event(
        'MilestoneRescheduled',
        { milestoneId: 'h1', concurrence: { concurredOn: '2026-06-05' } },
        '2026-06-20',
      ),
      event('MilestoneProgressReported', {
        milestoneId: 'h2',
        reportId: 'r1',
        reportedOn: '2026-06-21',
      }),
      event('ProgressReportReviewed', {
        milestoneId: 'h2',
        reportId: 'r1',
        reviewedOn: '2026-06-25',
      }),
    ];
    expect(occurrencesOf(history)).toEqual([
      '2026-06-01',
      '2026-06-05',
      '2026-06-12',
      '2026-06-05',
      '2026-06-21',
      '2026-06-25',
    ]);
  });

  it('across streams, a plan and an institution were registered no later than a commitment that names them', () => {
    const history = [
      event('ActionPlanRegistered', { planId: 'p' }, '2026-11-20', 'plan-p'),
      event('InstitutionRegistered', { institutionId: 'mdt' }, '2026-11-20', 'institution-mdt'),
      event(
        'InstitutionRegistered',
        { institutionId: 'sercop' },
        '2026-11-20',
        'institution-sercop',
      ),
      event(
        'CommitmentDrafted',
        { planId: 'p', responsible: { institutionId: 'mdt' } },
        '2026-11-21',
      ),
      event('ActaSigned', { signedOn: '2026-01-28' }, '2026-11-22'),
    ];
    expect(occurrencesOf(history)).toEqual([
      '2026-01-28',
      '2026-01-28',
      '2026-11-20',
      '2026-01-28',
      '2026-01-28',
    ]);
  });
});
