import type { RecordedInAll } from '@hitos/projections';
import { FakeAll } from '@hitos/testing';
import { isMarkOf, isMarkOfHistory, isWithin, markAfter } from './fold-mark';

const STREAM = 'commitment-c';

/** Five events a minute apart, the third recorded by a clock an hour ahead. */
function events(): RecordedInAll[] {
  const all = new FakeAll();
  for (const time of ['15:00', '15:01', '16:02', '15:03', '15:04']) {
    all.record(STREAM, { type: 'Noted', data: {} }, { at: `2026-11-24T${time}:00.000Z` });
  }
  return all.events;
}

describe('a fold mark', () => {
  const history = events();
  const recorded = (i: number) => Date.parse(history[i].metadata!['recordedAt' as never]);

  it('given the events folded, then it names the first and the last and the latest recording time', () => {
    const two = markAfter(null, 'f', history.slice(0, 2));
    const four = markAfter(two, 'f', history.slice(2, 4));
    expect(four).toEqual({
      fold: 'f',
      stream: STREAM,
      count: 4,
      firstId: history[0].id,
      lastId: history[3].id,
      lastRevision: 3n,
      last: history[3].at,
      lastHash: 'x',
      recordedUntil: recorded(2),
    });
  });

  it('is within a cut when every event it folds was known then: by position, and by moment', () => {
    const four = markAfter(null, 'f', history.slice(0, 4));
    expect(isWithin(four, {})).toBe(true);
    expect(isWithin(four, { position: BigInt(history[3].at.commit) })).toBe(true);
    expect(isWithin(four, { position: BigInt(history[3].at.commit) - 1n })).toBe(false);
    // The fourth event was recorded at 15:03, but the third "at" 16:02: known from 16:02 only.
    expect(isWithin(four, { recordedBy: new Date(recorded(3)) })).toBe(false);
    expect(isWithin(four, { recordedBy: new Date(recorded(2)) })).toBe(true);
    expect(
      isWithin(four, {
        recordedBy: new Date(recorded(2)),
        position: BigInt(history[2].at.commit),
      }),
    ).toBe(false);
  });

  it('is of a stream only where the stream holds the same events at its place', () => {
    const three = markAfter(null, 'f', history.slice(0, 3));
    expect(isMarkOfHistory(three, history)).toBe(true);
    expect(isMarkOfHistory(three, history.slice(0, 2))).toBe(false);
    expect(isMarkOf(three, history[2], history[0].id)).toBe(true);
    expect(isMarkOf(three, history[2], 'another-first')).toBe(false);
    expect(isMarkOf(three, { ...history[2], id: 'another' }, history[0].id)).toBe(false);
    expect(
      isMarkOf(three, { ...history[2], at: { commit: '1', prepare: '1' } }, history[0].id),
    ).toBe(false);
    expect(
      isMarkOf(
        three,
        {
          ...history[2],
          metadata: { ...(history[2].metadata as object), integrity: { hash: 'y' } },
        },
        history[0].id,
      ),
    ).toBe(false);
    expect(isMarkOf(three, undefined, history[0].id)).toBe(false);
  });
});
