import {
  EventStore,
  type AllPosition,
  type AllSubscription,
  type AppendOutcome,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
} from '../event-store.port';
import { EventStorePrefix, ReadOnlyHistoryError } from './event-store-prefix';

/** `$all` in an array: positions 10, 20, 30…; streams read forwards or backwards. */
class ArrayStore extends EventStore {
  constructor(readonly events: RecordedEvent[]) {
    super();
  }
  appendToStream(): Promise<AppendOutcome> {
    return Promise.resolve({ nextExpectedRevision: 0n });
  }
  async *readStream(name: string, options: ReadStreamOptions = {}) {
    await Promise.resolve();
    const events = this.events.filter((e) => e.streamId === name);
    const ordered = options.direction === 'backwards' ? events.reverse() : events;
    yield* ordered.slice(0, options.maxCount ?? Infinity);
  }
  lastEventOf(name: string): Promise<RecordedEvent | null> {
    return Promise.resolve(this.events.filter((e) => e.streamId === name).at(-1) ?? null);
  }
  async *readAll(options: ReadAllOptions = {}) {
    await Promise.resolve();
    const ordered = options.direction === 'backwards' ? [...this.events].reverse() : this.events;
    yield* ordered.slice(0, options.maxCount ?? Infinity);
  }
  endOfAll(): Promise<AllPosition | null> {
    return Promise.resolve(this.events.at(-1)?.position ?? null);
  }
  subscribeToAll(): AllSubscription {
    throw new Error('not here');
  }
  ping(): Promise<void> {
    return Promise.resolve();
  }
  close(): Promise<void> {
    return Promise.reject(new Error('the owner closes it'));
  }
}

const event = (streamId: string, revision: number, at: number): RecordedEvent => ({
  id: `${streamId}-${revision}`,
  type: 'Happened',
  streamId,
  revision: BigInt(revision),
  data: {},
  metadata: {},
  isJson: true,
  created: new Date(0),
  position: { commit: BigInt(at), prepare: BigInt(at) },
});

const collect = async (events: AsyncIterable<RecordedEvent>) => {
  const ids: string[] = [];
  for await (const e of events) ids.push(e.id);
  return ids;
};

describe('EventStorePrefix: the store as it stood at a position of $all', () => {
  // Given a history where a-0, b-0, a-1 come before the cut at 30 and a-2, b-1 after it
  const store = new ArrayStore([
    event('a', 0, 10),
    event('b', 0, 20),
    event('a', 1, 30),
    event('a', 2, 40),
    event('b', 1, 50),
  ]);
  const prefix = new EventStorePrefix(store, { commit: 30n, prepare: 30n });

  it('reads streams and $all up to the cut, forwards and backwards, counting only what it shows', async () => {
    expect(await collect(prefix.readStream('a'))).toEqual(['a-0', 'a-1']);
    expect(await collect(prefix.readStream('a', { direction: 'backwards', maxCount: 1 }))).toEqual([
      'a-1',
    ]);
    expect(await collect(prefix.readAll())).toEqual(['a-0', 'b-0', 'a-1']);
    expect(await collect(prefix.readAll({ direction: 'backwards', maxCount: 2 }))).toEqual([
      'a-1',
      'b-0',
    ]);
  });

  it("gives a stream's last event before the cut, and the cut as the end of $all", async () => {
    expect((await prefix.lastEventOf('a'))?.id).toBe('a-1');
    expect((await prefix.lastEventOf('b'))?.id).toBe('b-0');
    expect(await prefix.lastEventOf('c')).toBeNull();
    expect(await prefix.endOfAll()).toEqual({ commit: 30n, prepare: 30n });
  });

  it('refuses every append, and leaves the store beneath to its owner', async () => {
    await expect(prefix.appendToStream('a', [], 'any')).rejects.toBeInstanceOf(
      ReadOnlyHistoryError,
    );
    await expect(prefix.close()).resolves.toBeUndefined();
  });

  it('a subscription catches up to the cut and then hears nothing more', async () => {
    const seen: string[] = [];
    let caughtUp!: () => void;
    const done = new Promise<void>((resolve) => (caughtUp = resolve));
    const subscription = prefix.subscribeToAll(
      { streamNamePrefixes: ['a'] },
      {
        event: (e) => seen.push(e.id),
        caughtUp,
        failed: (error) => seen.push(`failed: ${error.message}`),
      },
    );
    await done;
    await subscription.unsubscribe();
    expect(seen).toEqual(['a-0', 'a-1']);
  });

  it('an empty history (no cut) shows nothing', async () => {
    const empty = new EventStorePrefix(store, null);
    expect(await collect(empty.readAll())).toEqual([]);
    expect(await empty.lastEventOf('a')).toBeNull();
    expect(await empty.endOfAll()).toBeNull();
  });
});
