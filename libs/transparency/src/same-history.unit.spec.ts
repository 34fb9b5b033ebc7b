import { DifferentHistoryError, checkSameHistory } from './same-history';
import { HistoryBuilder } from './testing/memory-history';

/** Twenty events replayed; the store has gone on to thirty since. */
function replayedThenGrown() {
  const h = new HistoryBuilder();
  h.commitments(20);
  const replay = h.logDatabase().db;
  h.commitments(10);
  return { h, replay };
}

describe('checkSameHistory: a replay served against the store it was made from', () => {
  it('given the same store grown since, finds the same history: whole by the live log, and by samples read back', async () => {
    const { h, replay } = replayedThenGrown();
    const live = h.logDatabase().db;
    await expect(checkSameHistory({ store: h.store, replay, live })).resolves.toEqual({
      size: 20,
      wholeHistory: true,
      sampled: 20,
    });
    await expect(checkSameHistory({ store: h.store, replay, samples: 4 })).resolves.toEqual({
      size: 20,
      wholeHistory: null,
      sampled: 4,
    });
  });

  it('given another store, names the first leaf that is not there', async () => {
    const { replay } = replayedThenGrown();
    const other = new HistoryBuilder();
    other.hitos('institution-x', 'InstitutionRegistered', { name: 'Otra' });
    const refused = checkSameHistory({ store: other.store, replay });
    await expect(refused).rejects.toBeInstanceOf(DifferentHistoryError);
    await expect(refused).rejects.toThrow(
      /hoja 0 es el evento .* en commitment-c0@0, y el almacén no tiene ese evento/,
    );
  });

  it('given an event rewritten in the store since, names it', async () => {
    const { h, replay } = replayedThenGrown();
    const last = h.events[19];
    last.data = { ...(last.data as object), percent: 100 };
    await expect(checkSameHistory({ store: h.store, replay })).rejects.toThrow(
      new RegExp(
        `event ${last.id} \\(${last.streamId}@${last.revision}, leaf 19\\) changed since the replay was made`,
      ),
    );
  });

  it('given a live log of another history, names both roots', async () => {
    const { replay } = replayedThenGrown();
    const other = new HistoryBuilder();
    other.hitos('plan-p0', 'ActionPlanRegistered', { code: 'OTRO' });
    other.commitments(25);
    await expect(
      checkSameHistory({ store: other.store, replay, live: other.logDatabase().db }),
    ).rejects.toThrow(/at 20 leaves the replay's root is \S+ and the live log's \S+/);
  });

  it('given an empty replay, has nothing to compare', async () => {
    const h = new HistoryBuilder();
    const replay = h.logDatabase().db;
    await expect(checkSameHistory({ store: h.store, replay })).resolves.toEqual({
      size: 0,
      wholeHistory: null,
      sampled: 0,
    });
  });
});
