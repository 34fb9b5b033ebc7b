import { EventEmitter } from 'node:events';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { open, type Database, type RootDatabase } from 'lmdb';
import { DataDirectoryLock } from './data-dir-lock';
import {
  type AppendOutcome,
  type DeleteOutcome,
  type ExpectedRevision,
  type ProposedEvent,
  type StoredEvent,
  type StreamMetadata,
  TOMBSTONE_REVISION,
  isSoftDeleted,
  metastreamOf,
  parseMetadata,
} from './stored-event';

interface StoredRecord {
  s: string; // stream
  r: number; // revision (TOMBSTONE_REVISION for `$streamDeleted`)
  i: string; // event id
  t: string; // type
  j: boolean; // content-type is application/json
  c: number; // created, epoch milliseconds with a sub-millisecond fraction
  d: Buffer; // data
  m: Buffer; // custom metadata
}

interface StreamState {
  last: number; // last revision, -1 when the stream has no events
  tomb?: boolean;
}

export interface EventLogOptions {
  dataDir: string;
  /** Overridable for tests; defaults to wall-clock milliseconds with sub-ms precision. */
  now?: () => number;
}

/** Emitted after every durable commit: the new `$all` head and the streams it touched. */
export interface CommitNotice {
  head: number;
  streams: ReadonlySet<string>;
}

const SOFT_DELETE_METADATA = Buffer.from('{"$tb":9223372036854775807}');
const EMPTY = Buffer.alloc(0);

/**
 * The event log on LMDB: records keyed by their `$all` position, an index of (stream,
 * revision) → position, an index of (stream, event id) → revision for idempotent appends,
 * and each stream's head. Every write runs as an LMDB transaction callback: lmdb-js batches
 * the callbacks queued while the previous commit is being flushed into one durable commit
 * (group commit), and a callback sees the writes of those before it, so deciding a write and
 * making it are one atomic step. Promises resolve only after the commit is on disk.
 */
export class EventLog {
  readonly events = new EventEmitter();
  private head: number; // position of the last committed record, -1 when empty
  private nextPosition: number;
  private closed = false;
  private failure: Error | undefined;

  private constructor(
    private readonly root: RootDatabase,
    private readonly log: Database<StoredRecord, number>,
    private readonly index: Database<number, [string, number]>,
    private readonly ids: Database<number, [string, string]>,
    private readonly streams: Database<StreamState, string>,
    private readonly lock: DataDirectoryLock,
    private readonly now: () => number,
  ) {
    this.events.setMaxListeners(0);
    let last: { key: number; value: StoredRecord } | undefined;
    for (const entry of log.getRange({ reverse: true, limit: 1 })) last = entry;
    this.head = last ? last.key : -1;
    this.nextPosition = last ? last.key + recordSize(last.value) : 0;
  }

  static open(options: EventLogOptions): EventLog {
    mkdirSync(options.dataDir, { recursive: true });
    const lock = DataDirectoryLock.acquire(options.dataDir);
    try {
      const root = open({
        path: join(options.dataDir, 'events.mdb'),
        // Sync commits: a write promise resolves only once its commit is flushed to disk.
        overlappingSync: false,
        compression: false,
        maxDbs: 8,
      });
      const log = root.openDB<StoredRecord, number>({
        name: 'log',
        sharedStructuresKey: Symbol.for('structures'),
      });
      const index = root.openDB<number, [string, number]>({ name: 'stream-index' });
      const ids = root.openDB<number, [string, string]>({ name: 'event-ids' });
      const streams = root.openDB<StreamState, string>({ name: 'streams' });
      const now = options.now ?? (() => performance.timeOrigin + performance.now());
      return new EventLog(root, log, index, ids, streams, lock, now);
    } catch (error) {
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
    await this.root.flushed;
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

  append(
    stream: string,
    expected: ExpectedRevision,
    events: ProposedEvent[],
  ): Promise<AppendOutcome> {
    return this.write(() => this.decideAppend(stream, expected, events));
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
      this.index.put([stream, TOMBSTONE_REVISION], position);
      this.streams.put(stream, { last: state.last, tomb: true });
      return { kind: 'ok', position };
    });
  }

  private async write<T extends { kind: string }>(decide: () => T): Promise<T> {
    if (this.failure) throw this.failure;
    if (this.closed) throw new Error('The event store is closed');
    const touched = new Set<string>();
    let decidedHead = -1;
    let outcome: T;
    try {
      outcome = await this.root.transaction(() => {
        const before = this.nextPosition;
        this.touched = touched;
        try {
          const result = decide();
          if (this.nextPosition !== before) decidedHead = this.lastWritten;
          return result;
        } finally {
          this.touched = undefined;
        }
      });
    } catch (error) {
      // A commit that failed leaves the counters here ahead of the disk: refuse every later
      // write rather than hand out positions that were never stored. A restart recovers
      // from what is durable.
      this.failure ??= new Error(
        `The event store can no longer write: ${(error as Error).message}`,
      );
      this.events.emit('fatal', this.failure);
      throw this.failure;
    }
    if (decidedHead > this.head) {
      this.head = decidedHead;
      this.events.emit('commit', { head: decidedHead, streams: touched } satisfies CommitNotice);
    }
    return outcome;
  }

  private touched: Set<string> | undefined;
  private lastWritten = -1;

  private decideAppend(
    stream: string,
    expected: ExpectedRevision,
    events: ProposedEvent[],
  ): AppendOutcome {
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

    if (events.length === 0) {
      return { kind: 'ok', revision: state.last, position: undefined };
    }
    const written = this.writeEvents(stream, events, state.last);
    if (softDeleted) {
      // Appending to a soft-deleted stream revives it: what came before stays truncated.
      const revived = { ...(metadata?.raw ?? {}), $tb: state.last + 1 };
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
    return { kind: 'ok', revision: written.revision, position: written.position };
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
   * EventStoreDB's idempotency: events already written with the same ids at the revisions
   * this append would give them are acknowledged again with the original result; a partial
   * match is a conflict.
   */
  private idempotentReplay(
    stream: string,
    last: number,
    expected: ExpectedRevision,
    events: ProposedEvent[],
  ): AppendOutcome | undefined {
    let first: number | undefined;
    if (expected === 'any' || expected === 'stream_exists') {
      first = this.ids.get([stream, events[0].id]);
      if (first === undefined) return undefined;
    } else {
      const from = expected === 'no_stream' ? -1 : expected;
      if (from >= last) return undefined;
      first = from + 1;
    }
    for (let k = 0; k < events.length; k++) {
      if (first + k > last || this.ids.get([stream, events[k].id]) !== first + k) {
        return expected === 'any' || expected === 'stream_exists'
          ? { kind: 'wrong-expected-version', actual: last }
          : undefined;
      }
    }
    const revision = first + events.length - 1;
    return { kind: 'ok', revision, position: this.index.get([stream, revision]) };
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
      this.index.put([stream, revision], position);
      this.ids.put([stream, event.id], revision);
    }
    this.streams.put(stream, { last: revision });
    return { revision, position };
  }

  private put(position: number, record: StoredRecord): void {
    this.log.put(position, record);
    this.nextPosition = position + recordSize(record);
    this.lastWritten = position;
    this.touched?.add(record.s);
  }

  // ---------------------------------------------------------------- reads

  /** A tombstone deletes the stream's metastream with it. */
  isMetastreamOfTombstoned(stream: string): boolean {
    return stream.startsWith('$$') && this.streamState(stream.slice(2)).tomb === true;
  }

  streamState(stream: string): StreamState {
    return this.streams.get(stream) ?? { last: -1 };
  }

  metadataOf(stream: string): StreamMetadata | undefined {
    const meta = metastreamOf(stream);
    const last = this.streamState(meta).last;
    if (last < 0) return undefined;
    const position = this.index.get([meta, last]);
    const record = position === undefined ? undefined : this.log.get(position);
    return record ? parseMetadata(record.d) : undefined;
  }

  eventAt(stream: string, revision: number): StoredEvent | undefined {
    const position = this.index.get([stream, revision]);
    if (position === undefined) return undefined;
    const record = this.log.get(position);
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
    const range = backwards
      ? this.index.getRange({ start: [stream, to], end: [stream, from - 1], reverse: true })
      : this.index.getRange({ start: [stream, from], end: [stream, to + 1] });
    for (const { value: position } of range) {
      const record = this.log.get(position);
      if (record) yield toEvent(position, record);
    }
  }

  /**
   * `$all` in log order. Forwards from `from` inclusive; backwards from `from` exclusive
   * (Infinity: from the end).
   */
  *allRange(from: number, backwards: boolean): Generator<StoredEvent> {
    const range = backwards
      ? this.log.getRange({ start: from === Infinity ? undefined : from, reverse: true })
      : this.log.getRange({ start: Math.max(0, from) });
    for (const { key, value } of range) {
      if (backwards && key >= from) continue;
      yield toEvent(key, value);
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

/**
 * Positions advance by each record's size, like EventStoreDB's log byte offsets: they are
 * strictly increasing, and the gap between two events says how much lies between them.
 */
function recordSize(r: StoredRecord): number {
  return 64 + Buffer.byteLength(r.s) + Buffer.byteLength(r.t) + r.d.length + r.m.length;
}
