import { EventEmitter } from 'node:events';
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { open, type Database, type RootDatabase } from 'lmdb';
import { DataDirectoryLock } from './data-dir-lock';
import {
  type LoggedRecord,
  type RecordLocator,
  type StoredRecord,
  decodeFrame,
  decodeRecord,
  encodeFrame,
  recordSize,
} from './log-record';
import { RecentEventIds } from './recent-event-ids';
import { FRAME_HEADER, LogReader, WriteAheadLog } from './write-ahead-log';
import {
  type AppendOutcome,
  type DeleteOutcome,
  type MultiAppendOutcome,
  type MultiAppendRequest,
  type ExpectedRevision,
  type ProposedEvent,
  type StoredEvent,
  type StreamMetadata,
  TOMBSTONE_REVISION,
  isSoftDeleted,
  metastreamOf,
  parseMetadata,
} from './stored-event';

/** An event id and where it was written, as read back from a record. */
type WrittenId = Pick<StoredRecord, 'i' | 's' | 'r'>;

interface StreamState {
  last: number; // last revision, -1 when the stream has no events
  tomb?: boolean;
}

/**
 * Wall-clock milliseconds with a sub-millisecond fraction: `created` is kept in ticks. The
 * milliseconds are the wall clock's own, read each time; only the fraction comes from the
 * monotonic clock. (`timeOrigin + performance.now()` drifts from the wall clock while the process
 * runs — a suspended VM, an NTP step — and stamped events seconds in the past.)
 */
export const preciseNow = (): number => Date.now() + (performance.now() % 1);

export interface EventLogOptions {
  dataDir: string;
  /** Overridable for tests; defaults to wall-clock milliseconds with sub-ms precision. */
  now?: () => number;
  /** How many of the latest event ids are surely remembered (RecentEventIds); for tests. */
  recentEventIds?: number;
}

/** Emitted after every durable commit: the new `$all` head and the streams it touched. */
export interface CommitNotice {
  head: number;
  streams: ReadonlySet<string>;
}

/** KurrentDB 26.1's stream-state constants (ExpectedStreamCondition, ActualStreamCondition). */
export const STREAM_STATE = {
  noStream: -1,
  any: -2,
  exists: -4,
  deleted: -5,
  tombstoned: -6,
} as const;

/** A consistency check: a revision (>= 0) or one of {@link STREAM_STATE}. */
export interface StateCheck {
  stream: string;
  expected: number;
}

/** A record for `appendRecords`: its stream is the one of check number `check`. */
export interface RecordToWrite {
  check: number;
  event: ProposedEvent;
}

/** Each written check's stream's last revision and the commit's position, or every violation. */
export type RecordsOutcome =
  | { kind: 'ok'; revisions: Map<number, number>; position: number }
  | { kind: 'violations'; violations: { index: number; actual: number }[] };

interface CheckedState {
  actual: number;
  last: number;
  metadata: StreamMetadata | undefined;
}

/**
 * KurrentDB 26.1's check matrix (ApiErrors.AppendConsistencyViolation): a revision matches
 * that revision (a soft-deleted stream keeps its last one, and writing revives it); NO_STREAM
 * holds for a missing or soft-deleted stream; EXISTS for a stream with events; DELETED for a
 * soft-deleted one. A tombstoned stream satisfies NO_STREAM, ANY and TOMBSTONED when only
 * checked, but is never written to. Unlike 26.1's table, TOMBSTONED does not hold for a live
 * stream.
 */
function stateHolds(expected: number, state: CheckedState, written: boolean): boolean {
  const { actual, last } = state;
  if (actual === STREAM_STATE.tombstoned) {
    return (
      !written &&
      (expected === STREAM_STATE.tombstoned ||
        expected === STREAM_STATE.noStream ||
        expected === STREAM_STATE.any)
    );
  }
  if (expected >= 0)
    return actual === STREAM_STATE.deleted ? last === expected : actual === expected;
  switch (expected) {
    case STREAM_STATE.noStream:
      return actual < 0;
    case STREAM_STATE.any:
      return true;
    case STREAM_STATE.exists:
      return actual >= 0;
    case STREAM_STATE.deleted:
      return actual === STREAM_STATE.deleted;
    default:
      return false;
  }
}

const SOFT_DELETE_METADATA = Buffer.from('{"$tb":9223372036854775807}');
const EMPTY = Buffer.alloc(0);
const APPEND = { append: true };

/**
 * Where recovery after a process crash starts (EventLog.open): every record before `batchFirst`
 * is in LMDB and in the log before `walStart`, durable; from `walStart` on, the log's frames
 * carry the records from `batchFirst` on, which LMDB may or may not hold yet. Written with
 * every batch of records LMDB takes, and at a clean close.
 */
interface Recovery {
  walStart: number;
  batchFirst: number;
}

/**
 * Kept outside LMDB, so that after a machine crash the untrusted index is set aside without
 * being opened: lmdb-js may crash the process on a damaged file rather than report it.
 */
interface OpenMarker {
  boot: string; // the machine's boot id when the store was opened
  clean: boolean; // closed cleanly (LMDB synced) since then
}

/**
 * What LMDB's `log` holds at each position: where the record lies in the write-ahead log, or,
 * in stores written before 2026-12-04, the record itself (still read, never written).
 */
type LogEntry = RecordLocator | StoredRecord;

interface Stores {
  root: RootDatabase;
  log: Database<LogEntry, number>;
  index: Database<number, [string, number]>;
  meta: Database<Recovery, string>;
}

/**
 * Group commits whose frames may be on their way to the disk at once. Two keep the disk busy
 * (one frame syncing, the next being written); more only lengthen the queue on a disk that
 * syncs one write at a time.
 */
const FRAMES_IN_FLIGHT = 2;

/**
 * Records decided and logged wait in memory (EventLog.pending) until this many have gathered
 * and the flush waits for the disk, or the log falls idle (EventLog.applyWhenIdle), or
 * something reads LMDB; then LMDB takes them in one transaction. One transaction per group cost
 * the store a tenth of its appends at 16 writers (docs/benchmarks.md, 2026-12-04).
 */
const APPLY_AFTER = 64;

/**
 * With this many records waiting when the log falls idle, LMDB takes them on the next turn.
 * Not in the same turn: the answers just given leave at its end, and a transaction would stand
 * before them — with one writer, idle after each append, a commit per append on the path of
 * its answer, which cost it a tenth of its rate (docs/benchmarks.md, 2026-12-04, midday).
 */
const IDLE_BATCH = 16;

/** Fewer records wait until the log has been idle this long: one writer batches them too. */
const IDLE_APPLY_MS = 5;

/** Stream heads kept in memory (EventLog.heads): about 100 bytes each. */
const HEADS_KEPT = 100_000;

/**
 * Event ids remembered for idempotent `any` appends: at least this many of the latest, at most
 * twice as many (RecentEventIds), about 100 bytes each — EventStoreDB keeps 8 MiB of them.
 */
const RECENT_IDS = 65_536;

/**
 * Of them, how many are read back from the log's tail at start: the appends a restart may have
 * cut off from their answers, whose clients retry. (Reading all 65,536 took 180 ms and 85 MB
 * more at start on a million events; EventStoreDB starts with none.)
 */
const RECENT_IDS_AT_START = RECENT_IDS / 4;

interface UnsyncedGroup {
  walStart: number; // where its frame begins in the log
  batchFirst: number; // its first position
  acked: Promise<void>; // settles once it and every group before it are durable
  /** Its records: until its frame is durable, a decision reads them here, not in the log. */
  records: LoggedRecord[];
}

/**
 * What the group being decided has written so far. Its records reach LMDB only once its frame
 * is on its way to the disk; until then the group's later decisions read them here first (the
 * records by a scan from the newest: a group holds tens of them, and most decisions find
 * nothing of their own group).
 */
interface Decision {
  records: LoggedRecord[];
  touched: Set<string>;
  heads: Map<string, StreamState>;
  /** Where the group's frame will begin, and its first position. */
  start: Recovery;
}

interface PendingWrite {
  decide: () => { kind: string };
  resolve: (outcome: any) => void;
  reject: (error: Error) => void;
}

/**
 * The event store's storage. Durability comes from a write-ahead log of our own
 * (`wal.log`): each group of writes costs one sequential `fdatasync`, and nothing is
 * acknowledged before it. The log is also where the records are read from, as EventStoreDB
 * reads them from its chunks. LMDB holds the indexes, written without syncing: by `$all`
 * position, where each record lies in the log (RecordLocator), and (stream, revision) →
 * position, which gives each stream's head. (Until 2026-12-04 LMDB held a second copy of each
 * record, which cost a quarter of the store's CPU per append at 64 writers, in process, and
 * doubled its size on disk; such stores are still read.) LMDB takes the records' places in
 * batches of several groups (APPLY_AFTER), behind the log, as EventStoreDB's index trails its
 * transaction file: until then they wait in memory (`pending`), and anything that reads LMDB —
 * a reader, or a decision that needs more than the stream heads kept in memory — first writes
 * them to it. Readers see only what the log has made durable; a decision may also need a
 * record whose frame is still on its way, and finds it in its group (`unsynced`). The ids of the latest events are kept in memory for idempotent `any` appends,
 * as EventStoreDB keeps them (RecentEventIds); stores written by earlier versions also hold an
 * `event-ids` database, no longer read nor written.
 *
 * Recovery. A process crash (SIGKILL) leaves LMDB's writes in the page cache, so LMDB is
 * whole, but it may lack the latest records, and may hold records whose frames never reached
 * the disk. The `recovery` point written with each batch says from where neither is certain:
 * LMDB's records from there on are removed, and the log's intact frames from there on are
 * written to LMDB again; a torn frame at the end was never acknowledged and is cut off. After
 * a machine crash (a new boot id without a clean close) an unsynced LMDB may be damaged, so it
 * is rebuilt from the log, which holds every record.
 */
export class EventLog {
  readonly events = new EventEmitter();
  private head: number; // position of the last durable record, -1 when empty
  private nextPosition: number;
  private closed = false;
  private failure: Error | undefined;
  private queue: PendingWrite[] = [];
  private flushing: Promise<void> | undefined; // the latest flush, for close() to wait on
  private flushActive = false;
  /** Set while a group's writes are being decided (EventLog.flush). */
  private deciding: Decision | undefined;
  private readonly stores: Stores;
  private readonly root: RootDatabase;
  private readonly log: Database<LogEntry, number>;
  private readonly index: Database<number, [string, number]>;
  private readonly meta: Database<Recovery, string>;
  /** Ids of the latest writes, for idempotent `any` appends; the group's own included. */
  private readonly recentIds: RecentEventIds;

  /** Where the durable frames end in the log: readers read records below it. */
  private durableEnd: number;

  private constructor(
    stores: Stores,
    private readonly wal: WriteAheadLog,
    private readonly reader: LogReader,
    private readonly lock: DataDirectoryLock,
    private readonly dataDir: string,
    private readonly now: () => number,
    recentEventIds: number,
  ) {
    this.stores = stores;
    this.root = stores.root;
    this.log = stores.log;
    this.index = stores.index;
    this.meta = stores.meta;
    this.recentIds = new RecentEventIds(recentEventIds);
    this.durableEnd = wal.size;
    this.events.setMaxListeners(0);
    // The latest records, newest first: the head, and the ids a restart should still know
    // (only what RecentEventIds keeps of them is held, not the records).
    this.head = -1;
    this.nextPosition = 0;
    const latest: WrittenId[] = [];
    const warm = Math.min(recentEventIds, RECENT_IDS_AT_START);
    for (const { key, value } of this.log.getRange({ reverse: true, limit: Math.max(1, warm) })) {
      const record = this.recordFrom(value);
      if (this.head < 0) {
        this.head = key;
        this.nextPosition = key + recordSize(record);
      }
      const { i, s, r } = record;
      if (r !== TOMBSTONE_REVISION) latest.push({ i, s, r });
    }
    for (let k = latest.length - 1; k >= 0; k--) {
      this.recentIds.remember(latest[k].i, latest[k].s, latest[k].r);
    }
  }

  static async open(options: EventLogOptions): Promise<EventLog> {
    mkdirSync(options.dataDir, { recursive: true });
    const lock = DataDirectoryLock.acquire(options.dataDir);
    let stores: Stores | undefined;
    try {
      const walPath = join(options.dataDir, 'wal.log');
      const boot = bootId();
      const hasLog = existsSync(walPath);
      const marker = readMarker(options.dataDir);
      const machineCrashed =
        hasLog && marker !== undefined && !marker.clean && marker.boot !== boot;
      if (machineCrashed) removeIndex(options.dataDir);
      stores = openStores(options.dataDir);
      const recovery = machineCrashed ? undefined : stores.meta.get('recovery');
      if (!hasLog && stores.log.getKeysCount() > 0) {
        throw new Error(
          `${options.dataDir} holds an event index but no wal.log to recover it from`,
        );
      }
      if (recovery === undefined && hasLog) {
        // A lost or untrusted index: the log holds every record.
        await stores.root.close();
        removeIndex(options.dataDir);
        stores = openStores(options.dataDir);
        rebuildFromLog(stores, walPath);
      } else if (recovery && hasLog) {
        recoverFromLog(stores, walPath, recovery);
      }
      // Either opened above or rebuilt: an unreadable index always takes the rebuild branch.
      const opened = stores;
      writeMarker(options.dataDir, { boot, clean: false });
      const wal = await WriteAheadLog.open(walPath);
      const reader = new LogReader(walPath);
      const now = options.now ?? preciseNow;
      const recentIds = options.recentEventIds ?? RECENT_IDS;
      const eventLog = new EventLog(opened, wal, reader, lock, options.dataDir, now, recentIds);
      opened.meta.putSync('recovery', { walStart: wal.size, batchFirst: eventLog.nextPosition });
      await syncLmdb(opened.root);
      return eventLog;
    } catch (error) {
      await stores?.root.close().catch(() => undefined);
      lock.release();
      throw error;
    }
  }

  /** Position of the last durable record; -1 for an empty log. */
  get headPosition(): number {
    return this.head;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.flushing;
    clearTimeout(this.idleTimer);
    if (!this.failure) {
      this.applyPending();
      this.meta.putSync('recovery', { walStart: this.wal.size, batchFirst: this.nextPosition });
      await syncLmdb(this.root);
      writeMarker(this.dataDir, { boot: bootId(), clean: true });
    }
    await this.wal.close();
    this.reader.close();
    await this.root.close();
    this.lock.release();
  }

  // ---------------------------------------------------------------- writes

  /** Records the server's epoch in `$epoch-information`, as EventStoreDB does at every start. */
  async writeEpoch(): Promise<void> {
    const stream = '$epoch-information';
    const epochNumber = this.streamState(stream).last + 1;
    const data = Buffer.from(
      JSON.stringify({
        epochId: randomUUID(),
        epochNumber,
        epochPosition: this.nextPosition,
        leaderInstanceId: randomUUID(),
        time: new Date(this.now()).toISOString(),
      }),
    );
    await this.append(stream, 'any', [
      { id: randomUUID(), type: '$epoch', isJson: true, data, metadata: EMPTY },
    ]);
  }

  /**
   * Events for several streams in one write: chosen by `choose` inside the write's own decision
   * (so it sees every write before it and nothing can come between), then logged in one frame —
   * all of them durable, or none. Each event is appended to its stream as with `any`; the
   * caller's `choose` is where the conditions live. Resolves with how many were written.
   */
  writeTogether(choose: () => Array<{ stream: string; event: ProposedEvent }>): Promise<number> {
    return this.write(() => {
      const chosen = choose();
      for (const { stream, event } of chosen) this.writeEvents(stream, [event]);
      return { kind: 'ok', written: chosen.length };
    }).then((outcome) => outcome.written);
  }

  append(
    stream: string,
    expected: ExpectedRevision,
    events: ProposedEvent[],
  ): Promise<AppendOutcome> {
    return this.write(() => this.decideAppend(stream, expected, events));
  }

  /**
   * `append`, answered through callbacks rather than a promise, for the transport's path of
   * single appends: a promise and its turn through the microtask queue per append is a part
   * of the server's time worth saving there (docs/benchmarks.md, issue 18 §5). `failed` is
   * called before this returns if the store can no longer write.
   */
  appendThen(
    stream: string,
    expected: ExpectedRevision,
    events: ProposedEvent[],
    done: (outcome: AppendOutcome) => void,
    failed: (error: Error) => void,
  ): void {
    this.enqueue(() => this.decideAppend(stream, expected, events), done, failed);
  }

  /**
   * Appends to several streams atomically (KurrentDB's multi-stream append): every stream's
   * expectation is checked first, and either all the events are written, in request order and
   * in one commit, or none. The outcome names the first stream whose check failed. Streams
   * must be distinct. A request with no events only checks its stream.
   */
  appendMany(requests: readonly MultiAppendRequest[]): Promise<MultiAppendOutcome> {
    return this.write((): MultiAppendOutcome => {
      for (let index = 0; index < requests.length; index++) {
        const { stream, expected, events } = requests[index];
        const verdict = this.checkAppend(stream, expected, events);
        if (verdict.kind === 'deleted' || verdict.kind === 'wrong-expected-version') {
          return { ...verdict, index };
        }
      }
      const written = requests.map(({ stream, expected, events }) => {
        const outcome = this.decideAppend(stream, expected, events);
        // Checked just above, in the same synchronous transaction, on distinct streams.
        if (outcome.kind !== 'ok') throw new Error(`multi-stream append: ${stream} changed`);
        return outcome;
      });
      const positions = written.flatMap((w) => (w.position === undefined ? [] : [w.position]));
      return {
        kind: 'ok',
        revisions: written.map((w) => w.revision),
        position: positions.length > 0 ? Math.max(...positions) : undefined,
      };
    });
  }

  /**
   * KurrentDB 26.1's `AppendRecords`: every check is evaluated first, in one decision, and
   * either all fail-free records are written in the given order (interleaved across streams,
   * the log keeps that order) in one commit, or none and every violated check is named. Each
   * record names its stream by the index of that stream's check; a stream written without a
   * check of its own gets an ANY (-2) check from the caller. Record ids are not matched
   * against earlier writes (no idempotent replay, unlike `append`).
   */
  appendRecords(
    checks: readonly StateCheck[],
    records: readonly RecordToWrite[],
  ): Promise<RecordsOutcome> {
    return this.write((): RecordsOutcome => {
      const targets = new Set(records.map((r) => r.check));
      const states = checks.map((c) => this.checkedState(c.stream));
      const violations = checks.flatMap((check, index) =>
        stateHolds(check.expected, states[index], targets.has(index))
          ? []
          : [{ index, actual: states[index].actual }],
      );
      if (violations.length > 0) return { kind: 'violations', violations };
      const revisions = new Map<number, number>();
      let position = -1;
      for (const { check, event } of records) {
        const written = this.writeEvents(checks[check].stream, [event]);
        revisions.set(check, written.revision);
        position = written.position;
      }
      for (const index of revisions.keys()) {
        const { actual, metadata, last } = states[index];
        if (actual === STREAM_STATE.deleted) this.revive(checks[index].stream, metadata, last);
      }
      return { kind: 'ok', revisions, position };
    });
  }

  softDelete(stream: string, expected: ExpectedRevision): Promise<DeleteOutcome> {
    return this.write(() => {
      const state = this.streamState(stream);
      if (state.tomb) return { kind: 'deleted' };
      const hasMetadata = this.streamState(metastreamOf(stream)).last >= 0;
      const mismatch = this.checkExpected(state.last, expected, false);
      if (mismatch) return mismatch;
      if (state.last < 0 && !hasMetadata) return { kind: 'wrong-expected-version', actual: -1 };
      const position = this.writeEvents(metastreamOf(stream), [
        {
          id: randomUUID(),
          type: '$metadata',
          isJson: true,
          data: SOFT_DELETE_METADATA,
          metadata: EMPTY,
        },
      ]).position;
      return { kind: 'ok', position };
    });
  }

  tombstone(stream: string, expected: ExpectedRevision): Promise<DeleteOutcome> {
    return this.write(() => {
      const state = this.streamState(stream);
      if (state.tomb) return { kind: 'deleted' };
      const mismatch = this.checkExpected(state.last, expected, false);
      if (mismatch) return mismatch;
      const position = this.nextPosition;
      const record: StoredRecord = {
        s: stream,
        r: TOMBSTONE_REVISION,
        i: randomUUID(),
        t: '$streamDeleted',
        j: false,
        c: this.now(),
        d: EMPTY,
        m: EMPTY,
      };
      this.put(position, record);
      return { kind: 'ok', position };
    });
  }

  private write<T extends { kind: string }>(decide: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => this.enqueue(decide, resolve, reject));
  }

  /**
   * Queues a write for the next group: `resolve` gets its outcome once it is durable, `reject`
   * the store's failure (at once, if it has already failed or is closed).
   */
  private enqueue<T extends { kind: string }>(
    decide: () => T,
    resolve: (outcome: T) => void,
    reject: (error: Error) => void,
  ): void {
    if (this.failure) return reject(this.failure);
    if (this.closed) return reject(new Error('The event store is closed'));
    this.queue.push({ decide, resolve, reject });
    // A flush waiting on a frame in flight starts the next group now, on the next turn (so
    // that every request already read joins it).
    const wake = this.wake;
    if (wake) {
      this.wake = undefined;
      setImmediate(wake);
    }
    // Start on the next turn, not inside the first caller: every request the transport has
    // already read joins this group instead of waiting a whole flush for the next one.
    if (!this.flushActive) {
      this.flushActive = true;
      this.flushing = new Promise<void>((r) => setImmediate(r)).then(() => this.flush());
    }
  }

  /**
   * Group commit: every write queued while earlier groups were being logged is decided and
   * written to LMDB in one synchronous transaction and logged in one `O_DSYNC` frame; it is
   * acknowledged once that frame and every frame before it are on disk. Up to
   * FRAMES_IN_FLIGHT frames are written side by side: the next group is decided (and its LMDB
   * transaction committed) while the previous frame is still on its way, so the disk does not
   * wait for the CPU nor the CPU for the disk.
   */
  private async flush(): Promise<void> {
    let previous: Promise<void> = Promise.resolve();
    while (!this.failure) {
      if (this.queue.length === 0 || this.unsynced.length >= FRAMES_IN_FLIGHT) {
        if (this.unsynced.length === 0) break;
        // Waiting for the disk: the time for LMDB to take what has gathered.
        if (this.pending.length >= APPLY_AFTER && !this.applied()) break;
        // Until the oldest group is acknowledged, or, with room for a frame, a write arrives.
        await new Promise<void>((resolve) => {
          if (this.unsynced.length < FRAMES_IN_FLIGHT) this.wake = resolve;
          this.unsynced[0].acked.then(resolve, resolve);
        });
        this.wake = undefined;
        continue;
      }
      const batch = this.queue.splice(0);
      const group: UnsyncedGroup = {
        walStart: this.wal.size,
        batchFirst: this.nextPosition,
        acked: previous,
        records: [],
      };
      const decision: Decision = {
        records: [],
        touched: new Set(),
        heads: new Map(),
        start: group,
      };
      const { records, touched } = decision;
      let outcomes: Array<{ kind: string }>;
      let logged: Promise<void> | undefined;
      let walEnd = group.walStart;
      try {
        // Nothing in the decisions yields, so no reader and no other decision sees the group
        // part-way. They read LMDB only after the records still pending are written to it.
        this.deciding = decision;
        try {
          outcomes = batch.map((w) => w.decide());
        } finally {
          this.deciding = undefined;
        }
        if (records.length > 0) {
          const frame = encodeFrame(records, group.walStart + FRAME_HEADER);
          logged = this.wal.append(frame.payload);
          walEnd = this.wal.size;
          for (let k = 0; k < records.length; k++) {
            this.pending.push([records[k][0], frame.locators[k]]);
          }
          group.records = records;
        }
        for (const [stream, head] of decision.heads) this.remember(stream, head);
      } catch (error) {
        // A failed decision leaves the counters ahead of what was logged: refuse every later
        // write rather than hand out positions that were never stored. A restart recovers
        // from what is durable. Groups already logged are still acknowledged.
        this.fail(error as Error, batch);
        void logged?.catch(() => undefined);
        break;
      }
      // Acknowledged in order: after its own frame and every earlier group's.
      group.acked = Promise.all([previous, logged]).then(
        () => {
          this.unsynced.shift();
          if (records.length > 0) {
            this.head = records[records.length - 1][0];
            this.durableEnd = walEnd;
            this.events.emit('commit', {
              head: this.head,
              streams: touched,
            } satisfies CommitNotice);
          }
          answerEach(batch, (w, i) => w.resolve(outcomes[i]));
        },
        (error: Error) => {
          this.unsynced.shift();
          this.fail(error, batch);
          throw this.failure;
        },
      );
      this.unsynced.push(group);
      previous = group.acked;
      // Should the flush never wait (a frame always free, a write always queued), LMDB still
      // takes the records before they pile up.
      if (this.pending.length >= 4 * APPLY_AFTER && !this.applied()) break;
      // Let requests that arrived meanwhile queue up, so they share the next group.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    // After a failure, groups still in flight settle (acknowledged or refused) before close.
    while (this.unsynced.length > 0) await this.unsynced[0].acked.catch(() => undefined);
    this.flushes++;
    // Idle: LMDB catches up with the log, unless writes come again soon.
    if (!this.failure) this.applyWhenIdle();
    // Cleared in the same turn as the last look at the queue: a write queued by a caller
    // resumed by the last acknowledgement starts a new flush.
    this.flushActive = false;
  }

  /**
   * Writes the records pending to LMDB, in one transaction with the point recovery would
   * start from. Whatever reads LMDB calls it first. After a failure only durable records are
   * written, and the recovery point is left where it was (earlier, so still true).
   */
  private applyPending(): void {
    if (this.pending.length === 0) return;
    const failed = this.failure !== undefined;
    const records = failed
      ? this.pending.filter(([position]) => position <= this.head)
      : this.pending;
    // The oldest group not known to be durable, else the group being decided, else the end.
    const from: Recovery = this.unsynced[0] ??
      this.deciding?.start ?? { walStart: this.wal.size, batchFirst: this.nextPosition };
    try {
      this.root.transactionSync(() => {
        for (const [position, locator] of records) storeRecord(this.stores, position, locator);
        if (!failed) {
          this.meta.putSync('recovery', { walStart: from.walStart, batchFirst: from.batchFirst });
        }
      });
      this.pending = [];
    } catch (error) {
      this.fail(error as Error, []);
      throw this.failure;
    }
  }

  /** Flushes ended: tells the idle timer whether the log has been idle since it was set. */
  private flushes = 0;
  private idleTimer: NodeJS.Timeout | undefined;

  /**
   * When the log falls idle: LMDB takes what waits on the next turn, after the answers just
   * given have gone out (their sends are queued ahead of it), if IDLE_BATCH records or more
   * wait and no flush has started since; fewer wait until the log has been idle for
   * IDLE_APPLY_MS.
   */
  private applyWhenIdle(): void {
    if (this.pending.length === 0) return;
    const seen = this.flushes;
    const idle = () => !this.closed && !this.failure && !this.flushActive && this.flushes === seen;
    if (this.pending.length >= IDLE_BATCH) {
      setImmediate(() => {
        if (idle()) this.applied();
      });
      return;
    }
    if (this.idleTimer !== undefined) return;
    this.idleTimer = setTimeout(() => {
      this.idleTimer = undefined;
      // A flush under way calls this again when it ends; one that ended since starts the wait over.
      if (this.closed || this.failure || this.flushActive) return;
      if (this.flushes === seen) this.applied();
      else this.applyWhenIdle();
    }, IDLE_APPLY_MS);
    // A pending record is in the log already: nothing is lost if the process ends first.
    this.idleTimer.unref();
  }

  /** applyPending for the flush: false (the store failed) when LMDB refused the records. */
  private applied(): boolean {
    try {
      this.applyPending();
      return true;
    } catch {
      return false;
    }
  }

  /** Records decided and logged (or on their way), not yet in LMDB; in log order. */
  private pending: Array<[number, RecordLocator]> = [];

  /** Stops every later write, and refuses `batch` and what is queued. */
  private fail(error: Error, batch: PendingWrite[]): void {
    this.heads.clear();
    this.recentIds.clear();
    const first = this.failure === undefined;
    const failure = (this.failure ??= new Error(
      `The event store can no longer write: ${error.message}`,
    ));
    if (first) this.events.emit('fatal', failure);
    answerEach([...batch, ...this.queue.splice(0)], (w) => w.reject(failure));
  }

  /** Set while the flush waits with room for another frame in flight: starts the next group. */
  private wake: (() => void) | undefined;

  /** Groups written to LMDB and logged (or being logged), not yet acknowledged; oldest first. */
  private readonly unsynced: UnsyncedGroup[] = [];

  private decideAppend(
    stream: string,
    expected: ExpectedRevision,
    events: ProposedEvent[],
  ): AppendOutcome {
    const verdict = this.checkAppend(stream, expected, events);
    if (verdict.kind !== 'write') return verdict;
    const { last, metadata } = verdict;
    if (events.length === 0) {
      return { kind: 'ok', revision: last, position: undefined };
    }
    const written = this.writeEvents(stream, events, last);
    if (isSoftDeleted(metadata)) this.revive(stream, metadata, last);
    return { kind: 'ok', revision: written.revision, position: written.position };
  }

  /** Appending to a soft-deleted stream revives it: what came before stays truncated. */
  private revive(stream: string, metadata: StreamMetadata | undefined, last: number): void {
    const revived = { ...(metadata?.raw ?? {}), $tb: last + 1 };
    this.writeEvents(metastreamOf(stream), [
      {
        id: randomUUID(),
        type: '$metadata',
        isJson: true,
        data: Buffer.from(JSON.stringify(revived)),
        metadata: EMPTY,
      },
    ]);
  }

  /**
   * A stream's state as KurrentDB 26.1's consistency checks see it: its last revision, or
   * NO_STREAM (-1), DELETED (-5, soft-deleted) or TOMBSTONED (-6).
   */
  private checkedState(stream: string): CheckedState {
    const state = this.streamState(stream);
    if (state.tomb || this.isMetastreamOfTombstoned(stream)) {
      return { actual: STREAM_STATE.tombstoned, last: state.last, metadata: undefined };
    }
    const metadata = stream.startsWith('$$') ? undefined : this.metadataOf(stream);
    const actual = isSoftDeleted(metadata) ? STREAM_STATE.deleted : state.last;
    return { actual, last: state.last, metadata };
  }

  /**
   * What an append to `stream` under `expected` comes to, without writing: refused (deleted,
   * wrong expected version), answered as an idempotent repeat, or to be written after `last`.
   */
  private checkAppend(
    stream: string,
    expected: ExpectedRevision,
    events: ProposedEvent[],
  ): AppendOutcome | { kind: 'write'; last: number; metadata: StreamMetadata | undefined } {
    const state = this.streamState(stream);
    if (state.tomb || this.isMetastreamOfTombstoned(stream)) return { kind: 'deleted' };
    const metadata = stream.startsWith('$$') ? undefined : this.metadataOf(stream);
    const softDeleted = isSoftDeleted(metadata);

    if (events.length > 0) {
      const replay = this.idempotentReplay(stream, state.last, expected, events);
      if (replay) return replay;
    }

    if (softDeleted && expected === 'stream_exists') return { kind: 'deleted' };
    // A stream that has only metadata already "exists" for `stream_exists` (IndexWriter).
    const onlyMetadata =
      expected === 'stream_exists' &&
      state.last < 0 &&
      this.streamState(metastreamOf(stream)).last >= 0;
    if (!onlyMetadata) {
      const mismatch = this.checkExpected(state.last, expected, softDeleted);
      if (mismatch) return mismatch;
    }
    return { kind: 'write', last: state.last, metadata };
  }

  /** A mismatch against the expected revision, or undefined when it holds. */
  private checkExpected(
    last: number,
    expected: ExpectedRevision,
    softDeleted: boolean,
  ): { kind: 'wrong-expected-version'; actual: number } | undefined {
    if (expected === 'any') return undefined;
    if (expected === 'no_stream') {
      return last < 0 || softDeleted ? undefined : { kind: 'wrong-expected-version', actual: last };
    }
    if (expected === 'stream_exists') {
      return last >= 0 ? undefined : { kind: 'wrong-expected-version', actual: last };
    }
    return expected === last ? undefined : { kind: 'wrong-expected-version', actual: last };
  }

  /**
   * EventStoreDB's idempotency (IndexWriter.CheckCommit): events already written with the same
   * ids at the revisions this append would give them are acknowledged again with the original
   * result; a partial match is a conflict. With an exact expected revision (or `no_stream`) the
   * stream itself is read at those revisions, so a repeat is found however old; with `any` or
   * `stream_exists` the ids are looked up among the latest ones written (RecentEventIds), so a
   * repeat of an older append is written again — EventStoreDB's documented limit.
   */
  private idempotentReplay(
    stream: string,
    last: number,
    expected: ExpectedRevision,
    events: ProposedEvent[],
  ): AppendOutcome | undefined {
    const byId = expected === 'any' || expected === 'stream_exists';
    let first: number | undefined;
    if (byId) {
      first = this.recentRevisionOf(stream, events[0].id);
      if (first === undefined) return undefined;
    } else {
      const from = expected === 'no_stream' ? -1 : expected;
      if (from >= last) return undefined;
      first = from + 1;
    }
    for (let k = 0; k < events.length; k++) {
      const revision = first + k;
      const repeated =
        revision <= last &&
        (byId
          ? this.recentRevisionOf(stream, events[k].id) === revision
          : this.holdsId(stream, revision, events[k].id));
      if (!repeated) return byId ? { kind: 'wrong-expected-version', actual: last } : undefined;
    }
    const revision = first + events.length - 1;
    return { kind: 'ok', revision, position: this.positionOf(stream, revision) };
  }

  private writeEvents(
    stream: string,
    events: ProposedEvent[],
    last = this.streamState(stream).last,
  ): { revision: number; position: number } {
    const created = this.now();
    let revision = last;
    let position = -1;
    for (const event of events) {
      revision++;
      position = this.nextPosition;
      this.put(position, {
        s: stream,
        r: revision,
        i: event.id,
        t: event.type,
        j: event.isJson,
        c: created,
        d: event.data,
        m: event.metadata,
      });
    }
    return { revision, position };
  }

  /** Takes one record into the group being decided (EventLog.flush writes it to LMDB). */
  private put(position: number, record: StoredRecord): void {
    const decision = this.deciding;
    if (!decision) throw new Error('A record can only be written inside a decision');
    const tombstone = record.r === TOMBSTONE_REVISION;
    // A tombstone keeps the last revision and marks the stream deleted.
    const head = tombstone
      ? { last: this.streamState(record.s).last, tomb: true }
      : { last: record.r };
    decision.records.push([position, record]);
    if (!tombstone) this.recentIds.remember(record.i, record.s, record.r);
    decision.heads.set(record.s, head);
    decision.touched.add(record.s);
    this.nextPosition = position + recordSize(record);
  }

  /** The newest record of the group being decided that `matches`. */
  private decided(matches: (record: StoredRecord) => boolean): [number, StoredRecord] | undefined {
    const records = this.deciding?.records;
    if (records === undefined) return undefined;
    for (let i = records.length - 1; i >= 0; i--) {
      if (matches(records[i][1])) return records[i];
    }
    return undefined;
  }

  /** Where (stream, revision) was written, this group's writes included. */
  private positionOf(stream: string, revision: number): number | undefined {
    const own = this.decided((r) => r.s === stream && r.r === revision);
    if (own) return own[0];
    this.applyPending();
    return this.index.get([stream, revision]);
  }

  /**
   * The revision `id` was last written at, if that was in `stream` and recently enough to be
   * remembered (RecentEventIds), this group's writes included.
   */
  private recentRevisionOf(stream: string, id: string): number | undefined {
    const seen = this.recentIds.get(id);
    return seen !== undefined && seen.stream === stream ? seen.revision : undefined;
  }

  /** Whether the event at (stream, revision) has id `id`, this group's writes included. */
  private holdsId(stream: string, revision: number, id: string): boolean {
    return (
      this.recentRevisionOf(stream, id) === revision || this.recordAt(stream, revision)?.i === id
    );
  }

  /**
   * The record at (stream, revision): the group being decided's own first (a decision reads
   * them; a reader, `ofGroup` false, only what LMDB holds), then LMDB's.
   */
  private recordAt(stream: string, revision: number, ofGroup = true): StoredRecord | undefined {
    const own = ofGroup ? this.decided((r) => r.s === stream && r.r === revision) : undefined;
    if (own) return own[1];
    this.applyPending();
    const position = this.index.get([stream, revision]);
    return position === undefined ? undefined : this.recordAtPosition(position);
  }

  /**
   * The record at `position`, wherever it is: one whose frame is not durable yet (only a
   * decision asks for those) from its group in memory, a durable one from the log.
   */
  private recordAtPosition(position: number): StoredRecord | undefined {
    if (position > this.head) {
      for (const group of this.unsynced) {
        const found = group.records.find(([p]) => p === position);
        if (found) return found[1];
      }
      return undefined;
    }
    const entry = this.log.get(position);
    return entry === undefined ? undefined : this.recordFrom(entry);
  }

  /** A durable record from what LMDB holds of it (for older stores, the record itself). */
  private recordFrom(entry: LogEntry): StoredRecord {
    if (!Array.isArray(entry)) return entry;
    return decodeRecord(this.reader.read(entry[0], entry[1], this.durableEnd))[1];
  }

  // ---------------------------------------------------------------- reads

  /** A tombstone deletes the stream's metastream with it. */
  isMetastreamOfTombstoned(stream: string): boolean {
    return stream.startsWith('$$') && this.streamState(stream.slice(2)).tomb === true;
  }

  /**
   * A stream's head as readers may see it. LMDB may already hold a batch whose log frame is
   * still being flushed; readers stop at the durable head so they never see an event that a
   * crash could take back.
   */
  readableState(stream: string): StreamState {
    this.applyPending();
    const state = this.streamState(stream);
    const durable = (revision: number) => {
      const at = this.index.get([stream, revision]);
      return at !== undefined && at <= this.head;
    };
    let last = state.last;
    while (last >= 0 && !durable(last)) last--;
    return state.tomb && durable(TOMBSTONE_REVISION) ? { last, tomb: true } : { last };
  }

  /** The head decisions are taken against: everything written, durable or about to be. */
  streamState(stream: string): StreamState {
    let state = this.deciding?.heads.get(stream) ?? this.heads.get(stream);
    if (state === undefined) {
      this.applyPending();
      state = headInIndex(this.stores, stream);
      this.remember(stream, state);
    }
    return state;
  }

  /**
   * Stream heads as the index holds them, absent streams included (as -1): every append asks
   * for its stream's and its metastream's, and a map answers faster than LMDB. Set once each
   * group's LMDB transaction is done (until then its decisions read the group's own heads);
   * forgotten whole past HEADS_KEPT streams, and after a failed write.
   */
  private readonly heads = new Map<string, StreamState>();

  private remember(stream: string, state: StreamState): void {
    if (this.heads.size >= HEADS_KEPT) this.heads.clear();
    this.heads.set(stream, state);
  }

  metadataOf(stream: string, readable = false): StreamMetadata | undefined {
    const meta = metastreamOf(stream);
    const last = (readable ? this.readableState(meta) : this.streamState(meta)).last;
    if (last < 0) return undefined;
    // A decision reads its own group's metadata first; a reader only what LMDB holds.
    const record = this.recordAt(meta, last, !readable);
    return record ? parseMetadata(record.d) : undefined;
  }

  eventAt(stream: string, revision: number): StoredEvent | undefined {
    this.applyPending();
    const position = this.index.get([stream, revision]);
    if (position === undefined || position > this.head) return undefined;
    const record = this.recordAtPosition(position);
    return record && toEvent(position, record);
  }

  /** Events of one stream by revision, inclusive bounds, in the given direction. */
  *streamRange(
    stream: string,
    from: number,
    to: number,
    backwards: boolean,
  ): Generator<StoredEvent> {
    if (from > to) return;
    this.applyPending();
    const range = backwards
      ? this.index.getRange({ start: [stream, to], end: [stream, from - 1], reverse: true })
      : this.index.getRange({ start: [stream, from], end: [stream, to + 1] });
    for (const { value: position } of range) {
      if (position > this.head) {
        if (backwards) continue;
        return;
      }
      const record = this.recordAtPosition(position);
      if (record) yield toEvent(position, record);
    }
  }

  /**
   * `$all` in log order, up to the durable head. Forwards from `from` inclusive; backwards from
   * `from` exclusive (Infinity: from the end).
   */
  *allRange(from: number, backwards: boolean): Generator<StoredEvent> {
    this.applyPending();
    const range = backwards
      ? this.log.getRange({ start: from === Infinity ? undefined : from, reverse: true })
      : this.log.getRange({ start: Math.max(0, from) });
    for (const { key, value } of range) {
      if (key > this.head) {
        if (backwards) continue;
        return;
      }
      if (backwards && key >= from) continue;
      yield toEvent(key, this.recordFrom(value));
    }
  }
}

/**
 * Answers each write of a group. A callback that throws (appendThen's; a promise's never does)
 * does not keep the writes after it from their answers: its error is thrown again on its own,
 * after them.
 */
function answerEach(
  writes: readonly PendingWrite[],
  answer: (write: PendingWrite, index: number) => void,
): void {
  for (let i = 0; i < writes.length; i++) {
    try {
      answer(writes[i], i);
    } catch (error) {
      queueMicrotask(() => {
        throw error;
      });
    }
  }
}

function toEvent(position: number, r: StoredRecord): StoredEvent {
  return {
    position,
    streamId: r.s,
    revision: r.r,
    id: r.i,
    type: r.t,
    isJson: r.j,
    created: r.c,
    data: r.d,
    metadata: r.m,
  };
}

function openStores(dataDir: string): Stores {
  const root = open({
    path: join(dataDir, 'events.mdb'),
    // The write-ahead log is the durability point; LMDB is synced at open and at a clean close.
    noSync: true,
    // Pages are changed in the memory map itself: a commit writes nothing through write(2),
    // which on this stack halves its system time (docs/event-store.md, "Storage and
    // durability"). A process crash leaves the map in the page cache, whole; a machine crash
    // rebuilds LMDB from the log, as without it.
    useWritemap: true,
    compression: false,
    maxDbs: 8,
  });
  return {
    root,
    log: root.openDB<LogEntry, number>({
      name: 'log',
      sharedStructuresKey: Symbol.for('structures'),
    }),
    index: root.openDB<number, [string, number]>({ name: 'stream-index' }),
    meta: root.openDB<Recovery, string>({ name: 'meta' }),
  };
}

/**
 * Indexes one record — the one place that knows how: by position, where it lies in the log;
 * by (stream, revision), its position, which also gives each stream's head (`headInIndex`).
 */
function storeRecord(stores: Stores, position: number, locator: RecordLocator): void {
  // Positions only grow: LMDB appends to its last page instead of searching the tree.
  stores.log.putSync(position, locator, APPEND);
  stores.index.putSync([locator[2], locator[3]], position);
}

/**
 * A stream's head as the index holds it: its last revision below the tombstone's, and whether
 * it has a tombstone. (Stores before 2026-12-03 also kept each head in a `streams` database;
 * it is no longer read nor written.)
 */
function headInIndex(stores: Stores, stream: string): StreamState {
  let tomb = false;
  for (const revision of stores.index.getKeys({
    start: [stream, TOMBSTONE_REVISION],
    end: [stream, -1],
    reverse: true,
    limit: 2,
  })) {
    if (revision[1] === TOMBSTONE_REVISION) tomb = true;
    else return tomb ? { last: revision[1], tomb } : { last: revision[1] };
  }
  return tomb ? { last: -1, tomb } : { last: -1 };
}

/** Replays every intact frame of the log into empty stores, and cuts off a torn tail. */
function rebuildFromLog(stores: Stores, walPath: string): void {
  replayLog(stores, walPath, 0);
}

/**
 * After a process crash, from the recovery point on: LMDB's records are removed (some may
 * never have reached the disk), and the log's intact frames are written to LMDB again (some
 * may never have reached LMDB). A torn frame at the end was never acknowledged: cut off.
 * (Stores written before 2026-12-04 kept LMDB ahead of the log instead, and logged its last
 * groups again at start; the same point serves them, their unlogged groups being dropped:
 * none was ever acknowledged.)
 */
function recoverFromLog(stores: Stores, walPath: string, from: Recovery): void {
  const tail = [...stores.log.getRange({ start: from.batchFirst })].map(({ key, value }) => ({
    position: key,
    stream: Array.isArray(value) ? value[2] : value.s,
    revision: Array.isArray(value) ? value[3] : value.r,
  }));
  if (tail.length > 0) {
    stores.root.transactionSync(() => {
      for (const { position, stream, revision } of tail) {
        stores.index.removeSync([stream, revision]);
        stores.log.removeSync(position);
      }
    });
  }
  replayLog(stores, walPath, from.walStart);
}

/** Writes the log's intact frames from `from` on to LMDB, and cuts off a torn tail. */
function replayLog(stores: Stores, walPath: string, from: number): void {
  if (!existsSync(walPath)) return;
  let end = from;
  for (const frame of WriteAheadLog.frames(walPath, from)) {
    const records = decodeFrame(frame.payload, frame.payloadAt);
    stores.root.transactionSync(() => {
      for (const { logged, locator } of records) storeRecord(stores, logged[0], locator);
    });
    end = frame.end;
  }
  WriteAheadLog.truncateSync(walPath, end);
}

function syncLmdb(root: RootDatabase): Promise<void> {
  const env = root as unknown as { sync(callback: (error?: Error) => void): void };
  return new Promise((resolve, reject) => env.sync((error) => (error ? reject(error) : resolve())));
}

let cachedBootId: string | undefined;
/** Changes when the machine restarts: tells a process crash from a machine crash. */
function bootId(): string {
  if (cachedBootId === undefined) {
    try {
      cachedBootId = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    } catch {
      cachedBootId = 'unknown';
    }
  }
  return cachedBootId;
}

const MARKER = 'open-marker.json';

function readMarker(dataDir: string): OpenMarker | undefined {
  try {
    return JSON.parse(readFileSync(join(dataDir, MARKER), 'utf8')) as OpenMarker;
  } catch {
    return undefined;
  }
}

function writeMarker(dataDir: string, marker: OpenMarker): void {
  const path = join(dataDir, MARKER);
  const fd = openSync(`${path}.tmp`, 'w');
  try {
    writeSync(fd, JSON.stringify(marker));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(`${path}.tmp`, path);
  // The rename itself must survive a machine crash, or a stale "clean" would be trusted.
  const dir = openSync(dataDir, 'r');
  try {
    fsyncSync(dir);
  } finally {
    closeSync(dir);
  }
}

function removeIndex(dataDir: string): void {
  rmSync(join(dataDir, 'events.mdb'), { force: true });
  rmSync(join(dataDir, 'events.mdb-lock'), { force: true });
}
