import { randomUUID } from 'node:crypto';
import { collect, eventToAppend, uniqueStream, useEventStore } from '@hitos/testing';
import type { EventStore } from '../event-store.port';
import type { CommandContext, EventMetadata } from '../metadata/event-metadata';
import { integrityHash } from '../metadata/integrity-hash';
import { UpcasterRegistry } from '../upcasting/upcaster-registry';
import { CommandHandling, type Fold } from './command-handling';
import {
  ConcurrencyConflictError,
  IdempotencyKeyReusedError,
  StreamRevisionMismatchError,
} from './command-handling.errors';

/** A tally: the smallest decider that shows ordering, rules and upcasting. */
type TallyEvent =
  | { type: 'Counted'; data: { amount: number; note: string } }
  | { type: 'Reset'; data: Record<string, never> };
interface Tally {
  total: number;
  notes: string[];
}
const tally: Fold<Tally, TallyEvent> = {
  initialState: () => ({ total: 0, notes: [] }),
  evolve: (state, event) =>
    event.type === 'Counted'
      ? { total: state.total + event.data.amount, notes: [...state.notes, event.data.note] }
      : { total: 0, notes: state.notes },
};
class TallyError {
  constructor(readonly code: string) {}
}
const count =
  (amount: number, note = 'n') =>
  (state: Tally): TallyEvent[] | TallyError =>
    state.total + amount > 1_000
      ? new TallyError('TOO_MUCH')
      : [{ type: 'Counted', data: { amount, note } }];

// v1 of `Counted` had `value` instead of `amount` and no note.
const upcasters = new UpcasterRegistry({ Counted: 2 }, [
  {
    type: 'Counted',
    fromVersion: 1,
    upcast: (v1: { value: number }) => ({ amount: v1.value, note: 'v1' }),
  },
]);

function context(overrides: Partial<CommandContext> = {}): CommandContext {
  return {
    commandId: randomUUID(),
    correlationId: randomUUID(),
    causationId: randomUUID(),
    actor: { id: 'user-1', role: 'institution', organizationId: 'mdt' },
    now: '2026-02-01T10:00:00.000Z',
    ...overrides,
  };
}

const readAll = (store: EventStore, stream: string) => collect(store.readStream(stream));
const streamName = uniqueStream;

describe('CommandHandling (load → decide → append) against the embedded server', () => {
  const env = useEventStore();
  const clock = () => new Date('2026-02-01T10:00:05.000Z');
  const handling = (options = {}) =>
    new CommandHandling(env.store, upcasters, () => context(), clock, options);

  it('appends the decided events with the expected revision and full metadata', async () => {
    const stream = streamName('tally');
    const ctx = context();
    const first = await handling().handle(stream, tally, count(3, 'a'), ctx);
    expect(first).toMatchObject({ revision: 0n, replayed: false, state: { total: 3 } });
    expect(first.position).toBeGreaterThanOrEqual(0n);
    const second = await handling().handle(stream, tally, count(4, 'b'), context());
    expect(second.revision).toBe(1n);
    expect(second.state).toEqual({ total: 7, notes: ['a', 'b'] });

    const [stored] = await readAll(env.store, stream);
    const metadata = stored.metadata as unknown as EventMetadata;
    expect(metadata).toMatchObject({
      schemaVersion: 2,
      commandId: ctx.commandId,
      $correlationId: ctx.correlationId,
      $causationId: ctx.causationId,
      actor: ctx.actor,
      occurredAt: ctx.now,
      recordedAt: '2026-02-01T10:00:05.000Z',
    });
    expect(stored.id).toBe(first.events[0].id);
  });

  it('takes the context from the request when the handler passes none', async () => {
    const stream = streamName('tally');
    const ctx = context({ actor: { id: 'someone', role: 'presidency' } });
    const result = await new CommandHandling(env.store, upcasters, () => ctx, clock).handle(
      stream,
      tally,
      count(1),
    );
    const [stored] = await readAll(env.store, stream);
    expect((stored.metadata as any).actor).toEqual({ id: 'someone', role: 'presidency' });
    expect((stored.metadata as any).commandId).toBe(ctx.commandId);
    expect(result.events).toHaveLength(1);
  });

  it('chains an integrity hash through the stream that a reader can recompute', async () => {
    const stream = streamName('tally');
    for (const n of [1, 2, 3]) await handling().handle(stream, tally, count(n), context());
    const stored = await readAll(env.store, stream);
    let previousHash: string | null = null;
    for (const event of stored) {
      const { integrity, ...rest } = event.metadata as unknown as EventMetadata;
      expect(integrity.previousHash).toBe(previousHash);
      expect(integrity.hash).toBe(
        integrityHash({
          streamName: stream,
          revision: event.revision,
          type: event.type,
          data: event.data,
          metadata: rest,
          previousHash,
        }),
      );
      previousHash = integrity.hash;
    }
    // Altering a stored value breaks the link.
    const { integrity, ...rest } = stored[1].metadata as unknown as EventMetadata;
    expect(
      integrityHash({
        streamName: stream,
        revision: 1n,
        type: 'Counted',
        data: { amount: 99, note: 'n' },
        metadata: rest,
        previousHash: integrity.previousHash,
      }),
    ).not.toBe(integrity.hash);
  });

  it('answers a repeated command id with the first result and appends nothing, also from a fresh process', async () => {
    const stream = streamName('tally');
    const ctx = context();
    const first = await handling().handle(stream, tally, count(5), ctx);
    await handling().handle(stream, tally, count(1), context());
    const again = await handling().handle(stream, tally, count(5), ctx);
    expect(again.replayed).toBe(true);
    expect(again.events).toEqual(first.events);
    expect(again.position).toBe(first.position);
    const restarted = await handling().handle(stream, tally, count(5), ctx);
    expect(restarted.events).toEqual(first.events);
    expect(await readAll(env.store, stream)).toHaveLength(2);
  });

  it("knows every command id of the stream, its own, those it read and other processes', without reading again", async () => {
    const stream = streamName('tally');
    const mine = handling();
    const own = Array.from({ length: 30 }, () => context());
    const firsts = [];
    for (const ctx of own) firsts.push(await mine.handle(stream, tally, count(1), ctx));
    const theirs = context();
    const other = await handling().handle(stream, tally, count(2), theirs);
    // A read and a command at once: both bring this process's snapshot forward.
    const [, next] = await Promise.all([
      mine.load(stream, tally),
      mine.handle(stream, tally, count(3), context()),
    ]);
    expect(next.revision).toBe(31n);

    const reads = jest.spyOn(env.store, 'readStream');
    try {
      const again = await mine.handle(stream, tally, count(1), own[0]);
      expect(again.replayed).toBe(true);
      expect(again.events).toEqual(firsts[0].events);
      const fromOther = await mine.handle(stream, tally, count(2), theirs);
      expect(fromOther.replayed).toBe(true);
      expect(fromOther.events).toEqual(other.events);
      expect(fromOther.position).toBe(other.position);
      // Answered from what the process already knew.
      expect(reads).not.toHaveBeenCalled();
    } finally {
      reads.mockRestore();
    }
    expect(await readAll(env.store, stream)).toHaveLength(32);
  });

  it('refuses a command id reused for a different request, by its fingerprint, also from a fresh process', async () => {
    const stream = streamName('tally');
    const ctx = context({ fingerprint: 'request-a' });
    await handling().handle(stream, tally, count(5), ctx);
    const same = await handling().handle(stream, tally, count(5), ctx);
    expect(same.replayed).toBe(true);
    const reused = handling().handle(stream, tally, count(6), { ...ctx, fingerprint: 'request-b' });
    await expect(reused).rejects.toBeInstanceOf(IdempotencyKeyReusedError);
    const [stored] = await readAll(env.store, stream);
    expect((stored.metadata as any).commandFingerprint).toBe('request-a');
    expect(await readAll(env.store, stream)).toHaveLength(1);
  });

  it('binds a keyed command id to its request across streams: another stream refuses it, from any process', async () => {
    const [first, second] = [streamName('tally'), streamName('tally')];
    const ctx = context({ fingerprint: 'request-on-first' });
    const answered = await handling().handle(first, tally, count(1), ctx);
    const elsewhere = { ...ctx, fingerprint: 'request-on-second' };
    await expect(handling().handle(second, tally, count(1), elsewhere)).rejects.toBeInstanceOf(
      IdempotencyKeyReusedError,
    );
    expect(await readAll(env.store, second)).toHaveLength(0);
    // The same request again, from a fresh process, is the first answer.
    const again = await handling().handle(first, tally, count(1), ctx);
    expect(again).toMatchObject({ replayed: true, revision: answered.revision });
    expect(again.events).toEqual(answered.events);
  });

  it('appends no claim for a keyed command the decider refuses', async () => {
    const stream = streamName('tally');
    const ctx = context({ fingerprint: 'refused-request' });
    const refusal = { code: 'NOPE' };
    await expect(handling().handle(stream, tally, () => refusal, ctx)).rejects.toBe(refusal);
    const claim = await readAll(env.store, `idempotency-${ctx.commandId}`);
    expect(claim).toHaveLength(0);
  });

  it('proposes the same event ids for the same command id, so concurrent twins append once', async () => {
    const stream = streamName('tally');
    const ctx = context();
    const [a, b] = await Promise.all([
      handling().handle(stream, tally, count(2), ctx),
      handling().handle(stream, tally, count(2), ctx),
    ]);
    expect(a.events.map((e) => e.id)).toEqual(b.events.map((e) => e.id));
    expect(await readAll(env.store, stream)).toHaveLength(1);
  });

  it('throws what decide returns instead of events, and appends nothing', async () => {
    const stream = streamName('tally');
    await handling().handle(stream, tally, count(900), context());
    await expect(handling().handle(stream, tally, count(200), context())).rejects.toEqual(
      new TallyError('TOO_MUCH'),
    );
    expect(await readAll(env.store, stream)).toHaveLength(1);
  });

  it('fails with 412 semantics when If-Match names a revision the stream moved past', async () => {
    const stream = streamName('tally');
    await handling().handle(stream, tally, count(1), context());
    await handling().handle(stream, tally, count(1), context());
    const stale = handling().handle(stream, tally, count(1), context({ expectedRevision: 0n }));
    await expect(stale).rejects.toBeInstanceOf(StreamRevisionMismatchError);
    await expect(stale).rejects.toMatchObject({ expectedRevision: 0n, actualRevision: 1n });
    const fresh = await handling().handle(
      stream,
      tally,
      count(1),
      context({ expectedRevision: 1n }),
    );
    expect(fresh.revision).toBe(2n);
    expect(await readAll(env.store, stream)).toHaveLength(3);
  });

  it('reloads and decides again when another process wrote in between', async () => {
    const stream = streamName('tally');
    const mine = handling();
    await mine.handle(stream, tally, count(1), context());
    await handling().handle(stream, tally, count(10), context()); // another process
    let decisions = 0;
    const result = await mine.handle(
      stream,
      tally,
      (state) => {
        decisions++;
        return count(100)(state);
      },
      context(),
    );
    expect(result.state.total).toBe(111);
    expect(result.revision).toBe(2n);
    // Decided first on this process's snapshot; the append's expected revision caught the
    // other writer, and the second decision was on the state read from the store.
    expect(decisions).toBe(2);
    const totals = (await readAll(env.store, stream)).map((e) => (e.data as any).amount);
    expect(totals).toEqual([1, 10, 100]);
  });

  /** The real store, except that another writer appends just before each of the first `n` appends. */
  function interleaved(n: number): EventStore {
    const intruder = env.connect();
    let left = n;
    return new Proxy(env.store, {
      get(target, property, receiver) {
        if (property !== 'appendToStream') return Reflect.get(target, property, receiver);
        return async (stream: string, events: unknown, options: unknown) => {
          if (left-- > 0) {
            await intruder.appendToStream(
              stream,
              [eventToAppend('Counted', { amount: 0, note: 'other' }, { schemaVersion: 2 })],
              'any',
            );
          }
          return target.appendToStream(stream, events as any, options as any);
        };
      },
    });
  }

  it('retries a conflict with another writer, deciding again on the new state', async () => {
    const stream = streamName('tally');
    await handling().handle(stream, tally, count(1), context());
    let decisions = 0;
    const result = await new CommandHandling(interleaved(2), upcasters, () => context(), clock, {
      maxAttempts: 3,
    }).handle(
      stream,
      tally,
      (state) => {
        decisions++;
        return count(1, `mine-${decisions}`)(state);
      },
      context(),
    );
    expect(decisions).toBe(3);
    expect(result.revision).toBe(3n);
    const notes = (await readAll(env.store, stream)).map((e) => (e.data as any).note);
    expect(notes).toEqual(['n', 'other', 'other', 'mine-3']);
  });

  it('reports a conflict that outlasts the bounded retries, appending nothing', async () => {
    const stream = streamName('tally');
    await handling().handle(stream, tally, count(1), context());
    const outcome = new CommandHandling(interleaved(99), upcasters, () => context(), clock, {
      maxAttempts: 3,
    }).handle(stream, tally, count(1, 'mine'), context());
    await expect(outcome).rejects.toBeInstanceOf(ConcurrencyConflictError);
    await expect(outcome).rejects.toMatchObject({ attempts: 3, streamName: stream });
    const notes = (await readAll(env.store, stream)).map((e) => (e.data as any).note);
    expect(notes).toEqual(['n', 'other', 'other', 'other']);
  });

  it('runs fifty concurrent commands on one stream: all recorded, revisions contiguous', async () => {
    const stream = streamName('tally');
    const mine = handling();
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        mine.handle(stream, tally, count(1, `c${i}`), context()),
      ),
    );
    expect(results.map((r) => r.revision).sort((a, b) => Number(a - b))).toEqual(
      Array.from({ length: 50 }, (_, i) => BigInt(i)),
    );
    const stored = await readAll(env.store, stream);
    expect(stored.map((e) => e.revision)).toEqual(Array.from({ length: 50 }, (_, i) => BigInt(i)));
    expect((await mine.load(stream, tally)).state.total).toBe(50);
  });

  it('reads a v1 event as v2 through the upcaster registry', async () => {
    const stream = streamName('tally');
    await env.store.appendToStream(
      stream,
      [eventToAppend('Counted', { value: 7 }, { schemaVersion: 1 })],
      'any',
    );
    const loaded = await handling().load(stream, tally);
    expect(loaded.state).toEqual({ total: 7, notes: ['v1'] });
    expect(loaded.revision).toBe(0n);
  });

  it('checks a refusal decided on its snapshot against the store before reporting it', async () => {
    const stream = streamName('tally');
    const mine = handling();
    await mine.handle(stream, tally, count(1), context());
    // Another process resets the tally: this process's snapshot still says 1.
    await env.store.appendToStream(
      stream,
      [eventToAppend('Reset', {}, { schemaVersion: 1 })],
      'any',
    );
    // 1 + 1000 would be too much on the snapshot; on the store's state (0) it is allowed.
    const result = await mine.handle(stream, tally, count(1_000), context());
    expect(result.state.total).toBe(1_000);
    expect(result.revision).toBe(2n);
  });

  it('compares If-Match with the store, not with a snapshot another process made stale', async () => {
    const stream = streamName('tally');
    const mine = handling();
    await mine.handle(stream, tally, count(1), context());
    await handling().handle(stream, tally, count(1), context()); // revision 1, elsewhere
    const result = await mine.handle(stream, tally, count(1), context({ expectedRevision: 1n }));
    expect(result.revision).toBe(2n);
  });

  it('loads a missing stream as the initial state at revision -1', async () => {
    expect(await handling().load(streamName('none'), tally)).toMatchObject({
      revision: -1n,
      state: { total: 0, notes: [] },
    });
  });

  it('answers If-Match with the store’s revision when another writer wins the append, without retrying', async () => {
    const stream = streamName('tally');
    await handling().handle(stream, tally, count(1), context());
    let decisions = 0;
    const outcome = new CommandHandling(interleaved(1), upcasters, () => context(), clock).handle(
      stream,
      tally,
      (state) => {
        decisions++;
        return count(1, 'mine')(state);
      },
      context({ expectedRevision: 0n }),
    );
    await expect(outcome).rejects.toBeInstanceOf(StreamRevisionMismatchError);
    await expect(outcome).rejects.toMatchObject({ expectedRevision: 0n, actualRevision: 1n });
    expect(decisions).toBe(1);
    const notes = (await readAll(env.store, stream)).map((e) => (e.data as any).note);
    expect(notes).toEqual(['n', 'other']);
  });

  it('answers a decision of no events with the stream as the store has it, appending nothing', async () => {
    const stream = streamName('tally');
    const mine = handling();
    await mine.handle(stream, tally, count(1), context());
    await handling().handle(stream, tally, count(2), context()); // revision 1, elsewhere
    let decisions = 0;
    const result = await mine.handle(
      stream,
      tally,
      () => {
        decisions++;
        return [];
      },
      context(),
    );
    // Decided on this process's snapshot, then believed only on the store's state.
    expect(decisions).toBe(2);
    expect(result).toMatchObject({
      revision: 1n,
      events: [],
      replayed: false,
      state: { total: 3 },
    });
    expect(result.position).toBeUndefined();
    expect(await readAll(env.store, stream)).toHaveLength(2);
  });
});
