import type { RecordedEvent } from '@hitos/event-store';
import { HITOS_STREAM_PREFIXES } from '@hitos/read-models';
import { parseMoment } from '../../conventions/moments';
import { historyUpTo } from './replay';

const event = (commit: number, streamId: string, recordedAt?: string): RecordedEvent => ({
  id: `e${commit}`,
  type: 'Something',
  streamId,
  revision: 0n,
  data: {},
  metadata: recordedAt ? { recordedAt } : {},
  isJson: true,
  created: new Date('2030-01-01T00:00:00.000Z'),
  position: { commit: BigInt(commit), prepare: BigInt(commit) },
});

describe('the history up to a moment', () => {
  const page = [
    event(100, 'plan-p', '2026-11-24T15:00:00.000Z'),
    event(200, '$epoch-information'), // the store's own, with the store's clock: not a cut
    event(300, 'commitment-c', '2026-11-24T15:01:00.000Z'),
    event(400, 'commitment-c', '2026-11-24T15:03:00.000Z'),
    event(500, 'commitment-c', '2026-11-24T15:02:00.000Z'), // another writer's slower clock
  ];

  it('keeps every event at or before a position', () => {
    const { kept, reachedEnd } = historyUpTo(
      page,
      parseMoment('--until', '300', 'end'),
      HITOS_STREAM_PREFIXES,
    );
    expect(kept.map((e) => e.id)).toEqual(['e100', 'e200', 'e300']);
    expect(reachedEnd).toBe(true);
  });

  it('ends an instant’s history at the first hitos event recorded after it, whatever comes later', () => {
    const until = parseMoment('--until', '2026-11-24T15:02:30Z', 'end');
    const { kept, reachedEnd } = historyUpTo(page, until, HITOS_STREAM_PREFIXES);
    expect(kept.map((e) => e.id)).toEqual(['e100', 'e200', 'e300']);
    expect(reachedEnd).toBe(true);
  });

  it('keeps the whole page when the moment is after it, and says the history may go on', () => {
    const { kept, reachedEnd } = historyUpTo(
      page,
      parseMoment('--until', '2026-11-24', 'end'),
      HITOS_STREAM_PREFIXES,
    );
    expect(kept).toHaveLength(5);
    expect(reachedEnd).toBe(false);
  });
});
