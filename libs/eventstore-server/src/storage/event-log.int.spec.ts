/**
 * Group commit with two frames in flight, and LMDB taking the records in batches behind the
 * log: a group is decided while the frame before it is still on its way to the disk, and LMDB
 * may hold records whose frames never reached it, or lack records already acknowledged. These
 * check that a restart repairs both from the recovery point, and that acknowledgements keep
 * their order.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { open, type RootDatabase } from 'lmdb';
import { pack } from 'msgpackr';
import type { DataDirectoryLock } from './data-dir-lock';
import { EventLog } from './event-log';
import { type LoggedRecord, type StoredRecord, recordSize } from './log-record';
import type { ProposedEvent } from './stored-event';
import { WriteAheadLog } from './write-ahead-log';

/** The parts of an EventLog this test reaches into, to hold frames and to crash it. */
interface Internals {
  wal: WriteAheadLog;
  root: RootDatabase;
  lock: DataDirectoryLock;
  pending: unknown[];
}

const event = (n: number): ProposedEvent => ({
  id: randomUUID(),
  type: 'Numbered',
  isJson: true,
  data: Buffer.from(JSON.stringify({ n })),
  metadata: Buffer.alloc(0),
});

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
const numbers = (log: EventLog, stream: string) =>
  [...log.streamRange(stream, 0, Number.MAX_SAFE_INTEGER, false)].map(
    (e) => (JSON.parse(e.data.toString('utf8')) as { n: number }).n,
  );

describe('EventLog group commit with frames in flight', () => {
  let dataDir: string;
  const now = () => 1_764_000_000_000;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'hitos-event-log-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  /**
   * Frames after the first `written` never reach the file and never settle: a process that
   * dies while they are on their way.
   */
  const holdFramesAfter = (log: EventLog, written: number): Array<Buffer> => {
    const internals = log as unknown as Internals;
    const append = internals.wal.append.bind(internals.wal);
    const held: Buffer[] = [];
    let count = 0;
    internals.wal.append = (payload: Buffer) => {
      if (count++ < written) return append(payload);
      held.push(payload);
      return new Promise<void>(() => undefined);
    };
    return held;
  };

  /** A SIGKILL: LMDB's committed pages stay (the page cache), nothing is closed cleanly. */
  const crash = async (log: EventLog) => {
    const internals = log as unknown as Internals;
    await internals.root.close();
    internals.lock.release();
  };

  it('given two groups whose frames never reached the log, when the store restarts, then neither is there and the stream goes on from the last durable event', async () => {
    const log = await EventLog.open({ dataDir, now });
    await log.append('s', 'any', [event(0)]);
    const held = holdFramesAfter(log, 0);

    // Two groups: the second is decided while the first one's frame is still on its way.
    const first = log.append('s', 'any', [event(1)]);
    await turn();
    await turn();
    const second = log.append('s', 'any', [event(2)]);
    await turn();
    await turn();
    await turn();
    expect(held).toHaveLength(2);
    let acknowledged = false;
    void Promise.race([first, second]).then(() => (acknowledged = true));
    await turn();
    expect(acknowledged).toBe(false);
    // Readers see only what is durable.
    expect(numbers(log, 's')).toEqual([0]);
    await crash(log);

    const reopened = await EventLog.open({ dataDir, now });
    expect(numbers(reopened, 's')).toEqual([0]);
    await expect(reopened.append('s', 0, [event(3)])).resolves.toMatchObject({
      kind: 'ok',
      revision: 1,
    });
    expect(numbers(reopened, 's')).toEqual([0, 3]);
    await reopened.close();
  });

  it('given a group acknowledged while LMDB had not taken it yet, when the process dies, then the restart takes it from the log', async () => {
    const log = await EventLog.open({ dataDir, now });
    await log.append('s', 'any', [event(0)]);
    // The first group is logged; the second's frame never arrives, so the log is never idle
    // and LMDB is not brought up to date before the crash.
    const held = holdFramesAfter(log, 1);
    const first = log.append('s', 'any', [event(1)]);
    await turn();
    await turn();
    void log.append('t', 'any', [event(2)]);
    // Its group is decided on a later turn: the first group's frame may reach the disk before.
    for (let k = 0; k < 20 && held.length === 0; k++) await turn();
    expect(held).toHaveLength(1);
    await expect(first).resolves.toMatchObject({ kind: 'ok', revision: 1 });
    expect((log as unknown as Internals).pending.length).toBeGreaterThan(0);
    await crash(log);

    const reopened = await EventLog.open({ dataDir, now });
    expect(numbers(reopened, 's')).toEqual([0, 1]);
    expect(numbers(reopened, 't')).toEqual([]);
    await expect(reopened.append('s', 1, [event(3)])).resolves.toMatchObject({ revision: 2 });
    await reopened.close();

    // The log holds what LMDB holds: an index rebuilt from it holds the same.
    rmSync(join(dataDir, 'events.mdb'), { force: true });
    rmSync(join(dataDir, 'events.mdb-lock'), { force: true });
    const rebuilt = await EventLog.open({ dataDir, now });
    expect(numbers(rebuilt, 's')).toEqual([0, 1, 3]);
    await rebuilt.close();
  });

  it('given a batch LMDB took while its frame was on its way, when the frame never arrives and the process dies, then the restart removes it from LMDB', async () => {
    const log = await EventLog.open({ dataDir, now });
    await log.append('s', 'any', [event(0)]);
    const held = holdFramesAfter(log, 0);
    // More records than LMDB waits for: it takes them at once, before their frame is durable.
    const many = Array.from({ length: 80 }, (_, k) => event(100 + k));
    const lost = log.append('s', 0, many);
    await turn();
    await turn();
    expect(held).toHaveLength(1);
    expect((log as unknown as Internals).pending).toHaveLength(0);
    let acknowledged = false;
    void lost.then(() => (acknowledged = true));
    await turn();
    expect(acknowledged).toBe(false);
    await crash(log);

    const reopened = await EventLog.open({ dataDir, now });
    expect(numbers(reopened, 's')).toEqual([0]);
    expect(reopened.eventAt('s', 1)).toBeUndefined();
    // The stream goes on at revision 1, and the log at the position after event 0.
    const next = await reopened.append('s', 0, [event(1)]);
    expect(next).toMatchObject({ kind: 'ok', revision: 1 });
    expect(reopened.eventAt('s', 1)?.position).toBe((next as { position: number }).position);
    expect(numbers(reopened, 's')).toEqual([0, 1]);
    await reopened.close();
  });

  it('given a soft delete whose frame is not durable yet, when the stream is appended to in the next group, then that decision reads the delete from memory and revives the stream', async () => {
    const log = await EventLog.open({ dataDir, now });
    await log.append('s', 'any', [event(0)]);
    // Frames are written at once, but acknowledged only once the gate opens.
    const internals = log as unknown as Internals;
    const append = internals.wal.append.bind(internals.wal);
    let openGate!: () => void;
    const gate = new Promise<void>((resolve) => (openGate = resolve));
    let frames = 0;
    internals.wal.append = (payload: Buffer) => {
      frames++;
      const written = append(payload);
      return gate.then(() => written);
    };

    const deleted = log.softDelete('s', 0);
    await turn();
    await turn();
    const appended = log.append('s', 'any', [event(1)]);
    for (let k = 0; k < 20 && frames < 2; k++) await turn();
    // Both groups decided, neither durable: the second read the first's records in memory.
    expect(frames).toBe(2);
    openGate();

    expect(await deleted).toMatchObject({ kind: 'ok' });
    expect(await appended).toMatchObject({ kind: 'ok', revision: 1 });
    // Revived: what came before the delete stays truncated, the new event is read.
    expect(log.metadataOf('s', true)?.truncateBefore).toBe(1);
    expect(log.readableState('s')).toEqual({ last: 1 });
    expect(numbers(log, 's')).toEqual([0, 1]);
    await log.close();
  });

  it('given appends followed by a pause, then LMDB takes the records waiting once the log has been idle, with no reader asking', async () => {
    const log = await EventLog.open({ dataDir, now });
    const internals = log as unknown as Internals;
    await log.append('s', 'any', [event(0)]);
    await log.append('s', 'any', [event(1)]);
    // Each append left the log idle only for an instant: no transaction for either yet.
    expect(internals.pending).toHaveLength(2);

    for (let waited = 0; internals.pending.length > 0 && waited < 1_000; waited++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(internals.pending).toHaveLength(0);
    const index = internals.root.openDB<unknown, number>({ name: 'log' });
    expect(index.getKeysCount()).toBe(2);
    // LMDB holds where each record lies in the log, not a second copy of it.
    expect(index.get(0)).toEqual([expect.any(Number), expect.any(Number), 's', 0]);
    expect(numbers(log, 's')).toEqual([0, 1]);
    await log.close();
  });

  it('given sixteen records or more waiting when the log falls idle, then LMDB takes them within a few turns, without waiting for the log to stay idle', async () => {
    const log = await EventLog.open({ dataDir, now });
    const internals = log as unknown as Internals;
    await log.append(
      's',
      'any',
      Array.from({ length: 20 }, (_, k) => event(k)),
    );

    for (let k = 0; k < 3 && internals.pending.length > 0; k++) await turn();
    expect(internals.pending).toHaveLength(0);
    expect(numbers(log, 's')).toHaveLength(20);
    await log.close();
  });

  it('given many concurrent appends, then every one is acknowledged in order of its group, each stream without gaps', async () => {
    const log = await EventLog.open({ dataDir, now });
    const order: number[] = [];
    const writes = Array.from({ length: 200 }, (_, i) =>
      log.append(`w-${i % 8}`, 'any', [event(i)]).then((outcome) => {
        if (outcome.kind !== 'ok' || outcome.position === undefined) throw new Error('refused');
        order.push(outcome.position);
        return outcome;
      }),
    );
    const outcomes = await Promise.all(writes);

    expect(order).toEqual([...order].sort((a, b) => a - b));
    for (let w = 0; w < 8; w++) {
      const revisions = outcomes.filter((_, i) => i % 8 === w).map((o) => o.revision);
      expect(revisions).toEqual(revisions.map((_, k) => k));
    }
    expect(log.headPosition).toBe(Math.max(...order));
    await log.close();
  });

  it('given writes decided in one group, then each decision sees the writes before it in that group', async () => {
    const log = await EventLog.open({ dataDir, now });
    const repeated = event(0);
    // Queued in the same turn: one group, decided in this order before LMDB holds any of it.
    const outcomes = await Promise.all([
      log.append('a', 'no_stream', [repeated]),
      log.append('a', 'any', [repeated]),
      log.append('a', 0, [event(1)]),
      log.append('a', 0, [event(2)]),
      log.append('b', 'any', [event(3)]),
      log.tombstone('b', 0),
      log.append('b', 'any', [event(4)]),
    ]);
    expect(outcomes.map((o) => (o.kind === 'ok' && 'revision' in o ? o.revision : o.kind))).toEqual(
      [
        0,
        0, // the same event id again: acknowledged with its first revision, not written twice
        1,
        'wrong-expected-version',
        0,
        'ok',
        'deleted',
      ],
    );
    expect(numbers(log, 'a')).toEqual([0, 1]);
    await log.close();
  });

  it('given appends answered through callbacks in one group, when the first callback throws, then the others still get their outcomes and the error is thrown again on its own', async () => {
    const log = await EventLog.open({ dataDir, now });
    const rethrown: Array<() => void> = [];
    const microtask = jest
      .spyOn(global, 'queueMicrotask')
      .mockImplementation((task) => void rethrown.push(task));
    try {
      const outcomes: string[] = [];
      const failed = (error: Error) => outcomes.push(`failed: ${error.message}`);
      const second = new Promise<void>((resolve) => {
        // Queued in the same turn: one group.
        log.appendThen(
          'a',
          'any',
          [event(0)],
          () => {
            throw new Error('the caller broke');
          },
          failed,
        );
        log.appendThen(
          'b',
          'any',
          [event(1)],
          (outcome) => {
            outcomes.push(outcome.kind);
            resolve();
          },
          failed,
        );
      });
      await second;
      expect(outcomes).toEqual(['ok']);
      expect(rethrown).toHaveLength(1);
      expect(rethrown[0]).toThrow('the caller broke');
    } finally {
      microtask.mockRestore();
    }
    expect(numbers(log, 'a')).toEqual([0]);
    expect(numbers(log, 'b')).toEqual([1]);
    await log.close();
  });

  describe('idempotency beyond the ids kept in memory', () => {
    const kept = 4; // RecentEventIds: at least the latest 4 ids, at most 8

    it('given an append with any, when the store restarts and the same ids are appended with any, then the original result comes back', async () => {
      const log = await EventLog.open({ dataDir, now, recentEventIds: kept });
      const events = [event(0), event(1)];
      const original = await log.append('s', 'any', events);
      await log.close();

      const reopened = await EventLog.open({ dataDir, now, recentEventIds: kept });
      expect(await reopened.append('s', 'any', events)).toEqual(original);
      expect(numbers(reopened, 's')).toEqual([0, 1]);
      await reopened.close();
    });

    it('given an append with an exact expected revision followed by more ids than are kept, when it is repeated, then the stream itself answers: the original result, nothing added', async () => {
      const log = await EventLog.open({ dataDir, now, recentEventIds: kept });
      await log.append('s', 'no_stream', [event(0)]);
      const events = [event(1), event(2)];
      const original = await log.append('s', 0, events);
      for (let n = 3; n < 3 + 3 * kept; n++) await log.append('other', 'any', [event(n)]);
      await log.close();

      const reopened = await EventLog.open({ dataDir, now, recentEventIds: kept });
      expect(await reopened.append('s', 0, events)).toEqual(original);
      // A partial repeat is not one: the second id differs, so the revision check decides.
      expect(await reopened.append('s', 0, [events[0], event(99)])).toEqual({
        kind: 'wrong-expected-version',
        actual: 2,
      });
      expect(numbers(reopened, 's')).toEqual([0, 1, 2]);
      await reopened.close();
    });

    it('given an append with any followed by more ids than are kept, when it is repeated with any, then it is written again, as EventStoreDB does past its cache', async () => {
      const log = await EventLog.open({ dataDir, now, recentEventIds: kept });
      const repeated = event(0);
      await log.append('s', 'any', [repeated]);
      for (let n = 1; n <= 2 * kept; n++) await log.append('other', 'any', [event(n)]);

      expect(await log.append('s', 'any', [repeated])).toMatchObject({ kind: 'ok', revision: 1 });
      expect(numbers(log, 's')).toEqual([0, 0]);
      await log.close();
    });
  });

  it('given streams with events and a tombstone, when the store reopens, then decisions take each head from the index', async () => {
    const log = await EventLog.open({ dataDir, now });
    await log.append('a', 'any', [event(0), event(1), event(2)]);
    await log.append('b', 'any', [event(3), event(4)]);
    await log.tombstone('b', 1);
    await log.close();

    const reopened = await EventLog.open({ dataDir, now });
    expect(await reopened.append('a', 1, [event(5)])).toEqual({
      kind: 'wrong-expected-version',
      actual: 2,
    });
    expect(await reopened.append('a', 2, [event(6)])).toMatchObject({ kind: 'ok', revision: 3 });
    expect(await reopened.append('b', 'any', [event(7)])).toEqual({ kind: 'deleted' });
    expect(reopened.readableState('b')).toEqual({ last: 1, tomb: true });
    expect(await reopened.append('c', 'no_stream', [event(8)])).toMatchObject({
      kind: 'ok',
      revision: 0,
    });
    await reopened.close();
  });

  describe('a store written before 2026-12-04, its LMDB holding each record whole', () => {
    const record = (stream: string, revision: number, n: number): StoredRecord => ({
      s: stream,
      r: revision,
      i: randomUUID(),
      t: 'Numbered',
      j: true,
      c: now(),
      d: Buffer.from(JSON.stringify({ n })),
      m: Buffer.alloc(0),
    });

    /** One frame of `[position, record]` pairs, and LMDB as those versions wrote it. */
    const writeOldStore = async (records: StoredRecord[]) => {
      const logged: LoggedRecord[] = [];
      let next = 0;
      for (const r of records) {
        logged.push([next, r]);
        next += recordSize(r);
      }
      const walPath = join(dataDir, 'wal.log');
      const wal = await WriteAheadLog.open(walPath);
      await wal.append(pack(logged));
      await wal.close();
      const root = open({ path: join(dataDir, 'events.mdb'), maxDbs: 8, compression: false });
      const log = root.openDB<StoredRecord, number>({
        name: 'log',
        sharedStructuresKey: Symbol.for('structures'),
      });
      const index = root.openDB<number, [string, number]>({ name: 'stream-index' });
      const meta = root.openDB<unknown, string>({ name: 'meta' });
      root.transactionSync(() => {
        for (const [position, r] of logged) {
          log.putSync(position, r);
          index.putSync([r.s, r.r], position);
        }
        meta.putSync('recovery', { walStart: statSync(walPath).size, batchFirst: next });
      });
      await root.close();
      return logged;
    };

    const old = () => [record('a', 0, 0), record('b', 0, 1), record('a', 1, 2)];
    const all = (log: EventLog, backwards = false) =>
      [...log.allRange(backwards ? Infinity : 0, backwards)].map((e) => [e.streamId, e.revision]);

    it('given such a store, when it is opened, then its events read as before and appends go on after them', async () => {
      const logged = await writeOldStore(old());
      const log = await EventLog.open({ dataDir, now });
      expect(numbers(log, 'a')).toEqual([0, 2]);
      expect(log.eventAt('b', 0)).toMatchObject({ id: logged[1][1].i, position: logged[1][0] });
      expect(all(log)).toEqual([
        ['a', 0],
        ['b', 0],
        ['a', 1],
      ]);
      const next = await log.append('a', 1, [event(3)]);
      expect(next).toMatchObject({ kind: 'ok', revision: 2 });
      expect((next as { position: number }).position).toBe(logged[2][0] + recordSize(logged[2][1]));
      await log.close();

      const reopened = await EventLog.open({ dataDir, now });
      expect(numbers(reopened, 'a')).toEqual([0, 2, 3]);
      expect(all(reopened, true)).toEqual([
        ['a', 2],
        ['a', 1],
        ['b', 0],
        ['a', 0],
      ]);
      await reopened.close();
    });

    it('given such a store whose LMDB is lost, when it is opened, then the index is rebuilt from its frames', async () => {
      await writeOldStore(old());
      rmSync(join(dataDir, 'events.mdb'), { force: true });
      rmSync(join(dataDir, 'events.mdb-lock'), { force: true });
      const log = await EventLog.open({ dataDir, now });
      expect(numbers(log, 'a')).toEqual([0, 2]);
      expect(numbers(log, 'b')).toEqual([1]);
      await expect(log.append('b', 0, [event(4)])).resolves.toMatchObject({ revision: 1 });
      expect(numbers(log, 'b')).toEqual([1, 4]);
      await log.close();
    });
  });
});
