import type { Database, Statement } from 'better-sqlite3';
import type { EventStore, RecordedEvent } from '@hitos/event-store';
import { CheckpointFormatError, parseCheckpoint } from './checkpoint';
import { CompactRange } from './compact-range';
import { eventDigests, type EventDigests } from './event-digests';
import { LeafHashPool, defaultHashThreads } from './leaf-hash-pool';
import { LeafEncodingError } from './leaf';
import { HASH_SIZE } from './merkle';
import { parseVerifierKey, type NoteVerifier } from './note-key';
import { NoteError, openNote } from './signed-note';
import { CHECKPOINT_STREAM, isLeaf } from './transparency-log.projection';
import { treeOf } from './tree-store';
import {
  finding,
  verdictOf,
  type CheckpointSource,
  type Finding,
  type FindingCode,
  type FindingFacts,
  type Verdict,
} from './verify-findings';

/**
 * The stream categories hitos writes through command handling, each event with a hash-chain
 * link in its metadata (`integrity`). The same list as `HITOS_STREAM_PREFIXES` of
 * `@hitos/read-models`, kept here so that the log does not depend on the read models (a spec
 * checks that the two agree).
 */
export const HITOS_CHAINED_PREFIXES: readonly string[] = [
  'plan-',
  'institution-',
  'organization-',
  'commitment-',
  'redesignhandling-',
  'person-',
  'evidence-downloads-',
];

export interface VerifyHistoryOptions {
  /** The store to walk, from the start of `$all`. */
  store: EventStore;
  /** The log's verifier key (`<name>+<key ID>+<base64 key>`): every checkpoint must verify with it. */
  verifierKey: string;
  /**
   * The transparency-log projection's database, if at hand: each event's leaf is then compared
   * with the leaf hash the log recorded, events the log counted are looked for, and the log's
   * own tree with the checkpoints. Only read; rows the log adds while this runs are ignored.
   */
  db?: Database;
  /** Signed checkpoints kept outside hitos (an auditor's, a witness's), checked like the log's. */
  trustedCheckpoints?: readonly string[];
  /** Each finding as soon as it is found (the report lists them all too). */
  onFinding?: (finding: Finding) => void;
  /** Progress every `progressEvery` events read, and once at the end. */
  onProgress?: (progress: VerifyProgress) => void;
  /** Events between two progress calls (default 10 000). */
  progressEvery?: number;
  /** Stops the walk; the report then says it did not complete. */
  signal?: AbortSignal;
  /** Findings kept in the report (default 10 000); the rest are counted in `findingsOmitted`. */
  maxFindings?: number;
  /** Streams whose events must carry the hash chain (default {@link HITOS_CHAINED_PREFIXES}). */
  chainedPrefixes?: readonly string[];
  /**
   * Leaves kept back so that a checkpoint met in `$all` after its tree was passed can still be
   * recomputed (default 65 536; memory about 32 bytes each, twice).
   */
  lateCheckpointWindow?: number;
  /**
   * Worker threads that hash events while this thread reads (default: one on two cores, see
   * `defaultHashThreads`); 0 hashes on this thread. Either way the digests are the same.
   */
  hashThreads?: number;
}

export interface VerifyProgress {
  eventsRead: number;
  leaves: number;
  findings: number;
  /** The `$all` commit position of the last event read, in decimal. */
  position?: string;
  /** Milliseconds since the walk started (a monotonic clock: for rates, not for dates). */
  elapsedMs: number;
}

export interface VerifyReport {
  /** Completed with no finding of tampering. */
  ok: boolean;
  /** 0 clean, 1 tampered, 2 could not run (see `verdictOf`). */
  verdict: Verdict;
  /** The whole of `$all` was read. */
  completed: boolean;
  eventsRead: number;
  /** Leaves recomputed from the store (events of `$all` but system and checkpoint events). */
  leaves: number;
  /** The recomputed tree: its size and base64 root. */
  tree: { size: number; root: string };
  /** Distinct signed checkpoints whose signature was checked and whose tree was recomputed. */
  checkpointsChecked: number;
  /** Leaves compared with the log's database (0 without one). */
  logLeavesCompared: number;
  findings: Finding[];
  /** Findings past `maxFindings`, counted but not kept. */
  findingsOmitted: number;
  /** Why the walk could not run or complete. */
  error?: { es: string; en: string };
  elapsedMs: number;
}

/** One update of {@link verifyHistoryUpdates}: a finding, progress, or the final report. */
export type VerifyUpdate =
  | { type: 'finding'; finding: Finding }
  | { type: 'progress'; progress: VerifyProgress }
  | { type: 'report'; report: VerifyReport };

const TOMBSTONE_TYPE = '$streamDeleted';
/** Events checked on this thread before the hashing goes to workers (a small store never starts them). */
const POOL_AFTER = 4096;
/** Events per batch sent to a worker. */
const HASH_BATCH = 256;
/** Batches hashed ahead of the one being checked (memory: a few thousand events at most). */
const BATCHES_AHEAD = 4;

type Digests = EventDigests | undefined;
const LOG_PAGE = 4096;

/**
 * Walks the whole store (`$all` from the start) as an auditor would, trusting nothing but the
 * log's verifier key, and reports every sign of tampering it finds:
 *
 * - events whose bytes changed (their hash-chain link or their leaf no longer matches them);
 * - events missing (a revision gap; a leaf the log or a checkpoint counted that the store no
 *   longer has; a truncated history);
 * - events out of order; events written around hitos (in a hitos stream without a hash-chain
 *   link, or with a link that does not follow the stream's previous event);
 * - streams deleted, tombstoned, truncated or given an expiry;
 * - Merkle trees that no longer match a signed checkpoint (each checkpoint's root is recomputed
 *   from the events, in O(log n) memory), and checkpoints whose signature does not verify.
 *
 * Never throws for what it finds or for a store it cannot read: the report says so (`verdict`).
 */
export async function verifyHistory(options: VerifyHistoryOptions): Promise<VerifyReport> {
  return new HistoryVerifier(options).run();
}

/**
 * {@link verifyHistory} as an async iterator: findings and progress as they come, then the
 * report. Leaving the loop early stops the walk.
 */
export async function* verifyHistoryUpdates(
  options: Omit<VerifyHistoryOptions, 'onFinding' | 'onProgress'>,
): AsyncGenerator<VerifyUpdate> {
  const queue: VerifyUpdate[] = [];
  let wake: (() => void) | undefined;
  const push = (update: VerifyUpdate) => {
    queue.push(update);
    wake?.();
  };
  const stop = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal;
  const done = verifyHistory({
    ...options,
    signal,
    onFinding: (f) => push({ type: 'finding', finding: f }),
    onProgress: (p) => push({ type: 'progress', progress: p }),
  }).then((report) => push({ type: 'report', report }));
  try {
    for (;;) {
      while (queue.length > 0) {
        const update = queue.shift()!;
        yield update;
        if (update.type === 'report') return;
      }
      await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
    }
  } finally {
    stop.abort();
    await done;
  }
}

/** A signed checkpoint as the verifier knows it: its tree head and where it was found. */
interface KnownCheckpoint {
  size: number;
  root: Buffer;
  /** The signed note's body (origin, size, root), which a witness co-signs. */
  body: string;
  sources: CheckpointSource[];
  /** Its root was compared with the recomputed tree (or found beyond the store's end). */
  checked?: boolean;
}

interface StreamState {
  /** Last revision seen. */
  last: number;
  /** The hash-chain link a hitos event after it must name as previousHash. */
  hash: string | null;
}

interface LoggedLeaf {
  leafIndex: number;
  eventId: string;
  stream: string;
  revision: number;
  /** The `$all` commit position, in decimal as stored. */
  position: string;
  hash: Buffer;
}

class HistoryVerifier {
  private readonly findings: Finding[] = [];
  /** Witnesses' co-signatures met in the checkpoint stream, checked once the walk is done. */
  private readonly cosignatures: RecordedEvent[] = [];
  private findingsSeen = 0;
  private readonly maxFindings: number;
  private readonly chained: readonly string[];
  private readonly started = performance.now();

  private verifier!: NoteVerifier;
  /** Valid checkpoints by tree size (normally one root each). */
  private readonly checkpoints = new Map<number, KnownCheckpoint[]>();
  /** Every note met, by its text: its checkpoint, or null when it did not verify. */
  private readonly notes = new Map<string, KnownCheckpoint | null>();
  /** Checkpoint events read before the walk, by id: the walk does not check them again. */
  private readonly prescanned = new Set<string>();
  /** Sizes still to reach, ascending. */
  private pending: number[] = [];
  private checkpointsChecked = 0;
  /** The largest checkpoint size whose recomputed root matched: a mismatch lies after it. */
  private lastGoodSize = 0;

  private readonly range = CompactRange.empty();
  private readonly recent: RecentRoots;
  private readonly streams = new Map<string, StreamState>();
  private eventsRead = 0;
  private lastPosition = -1n;

  private log: LogDatabase | undefined;
  private logNext = 0;
  private logLeavesCompared = 0;

  constructor(private readonly options: VerifyHistoryOptions) {
    this.maxFindings = options.maxFindings ?? 10_000;
    this.chained = options.chainedPrefixes ?? HITOS_CHAINED_PREFIXES;
    this.recent = new RecentRoots(options.lateCheckpointWindow ?? 65_536);
  }

  async run(): Promise<VerifyReport> {
    try {
      this.verifier = parseVerifierKey(this.options.verifierKey);
    } catch (error) {
      return this.report(false, {
        es: `clave de verificación inválida: ${(error as Error).message}`,
        en: `invalid verifier key: ${(error as Error).message}`,
      });
    }
    let completed = false;
    let error: { es: string; en: string } | undefined;
    try {
      // What is known before the walk starts: every leaf it counts is in the store by then.
      if (this.options.db) this.log = new LogDatabase(this.options.db);
      for (const note of this.options.trustedCheckpoints ?? []) this.addNote(note, 'trusted');
      if (this.log) {
        for (const row of this.log.checkpoints()) {
          this.addNote(row.note, 'log-database', { treeSize: row.treeSize, root: row.root });
        }
      }
      await this.readCheckpointStream();
      if (this.log) this.checkLogTree();
      this.pending = [...this.checkpoints.keys()].sort((a, b) => a - b);
      this.reachPending();

      await this.walk();
      completed = !this.options.signal?.aborted;
      if (completed) this.finish();
      else error = { es: 'verificación interrumpida', en: 'verification stopped' };
    } catch (cause) {
      const message = (cause as Error).message ?? String(cause);
      error = {
        es: `no se pudo leer la historia: ${message}`,
        en: `could not read the history: ${message}`,
      };
    }
    this.progress();
    return this.report(completed, error);
  }

  /**
   * Every event of `$all`, in order. Past the first {@link POOL_AFTER} events, the hashing is
   * done by worker threads (see LeafHashPool) a batch at a time, a few batches ahead of the
   * events being checked, while this thread goes on decoding what the store sends; each event
   * is still checked here, in order, with the digests of the same functions.
   */
  private async walk(): Promise<void> {
    const every = this.options.progressEvery ?? 10_000;
    const signal = this.options.signal;
    const threads = this.options.hashThreads ?? defaultHashThreads();
    let pool: LeafHashPool | undefined;
    const ahead: { events: RecordedEvent[]; digests: Promise<Digests[] | undefined> }[] = [];
    let batch: RecordedEvent[] = [];
    const check = (event: RecordedEvent, digests?: EventDigests) => {
      this.visit(event, digests);
      if (this.eventsRead % every === 0) this.progress();
    };
    const checkBatch = async () => {
      const { events, digests } = ahead.shift()!;
      const hashed = await digests;
      for (let i = 0; i < events.length && !signal?.aborted; i++) check(events[i], hashed?.[i]);
    };
    const send = () => {
      if (batch.length === 0) return;
      ahead.push({ events: batch, digests: this.digestsOf(pool!, batch) });
      batch = [];
    };
    try {
      let read = 0;
      for await (const event of this.options.store.readAll()) {
        if (signal?.aborted) break;
        read++;
        if (!pool && (threads === 0 || read <= POOL_AFTER)) {
          check(event);
          continue;
        }
        pool ??= LeafHashPool.start(threads);
        batch.push(event);
        if (batch.length < HASH_BATCH) continue;
        send();
        if (ahead.length > BATCHES_AHEAD) await checkBatch();
      }
      send();
      while (ahead.length > 0 && !signal?.aborted) await checkBatch();
    } finally {
      // Batches left behind by an abort or a failed read: nothing waits for them.
      await Promise.all(ahead.map((a) => a.digests));
      await pool?.close();
    }
  }

  /**
   * The digests of a batch's leaves from the pool (undefined for the others, and for any the
   * pool could not do: `visit` then hashes them itself); undefined if the pool failed.
   */
  private digestsOf(pool: LeafHashPool, events: RecordedEvent[]): Promise<Digests[] | undefined> {
    const at: number[] = [];
    const leaves: RecordedEvent[] = [];
    const withLink: boolean[] = [];
    events.forEach((event, i) => {
      const stream = event.streamId;
      if (!isLeaf(stream)) return;
      at.push(i);
      leaves.push(event);
      withLink.push(this.isChained(stream));
    });
    return pool.eventDigests(leaves, withLink).then(
      (digests) => {
        const all: Digests[] = new Array(events.length);
        at.forEach((i, k) => (all[i] = digests[k]));
        return all;
      },
      () => undefined,
    );
  }

  private isChained(stream: string): boolean {
    return this.chained.some((prefix) => stream.startsWith(prefix));
  }

  private report(completed: boolean, error?: { es: string; en: string }): VerifyReport {
    const findings = this.findings;
    const verdict = verdictOf({ findings, error: error ?? (completed ? undefined : 'incomplete') });
    return {
      ok: completed && verdict === 0,
      verdict,
      completed,
      eventsRead: this.eventsRead,
      leaves: this.range.size,
      tree: { size: this.range.size, root: this.range.root().toString('base64') },
      checkpointsChecked: this.checkpointsChecked,
      logLeavesCompared: this.logLeavesCompared,
      findings,
      findingsOmitted: this.findingsSeen - findings.length,
      ...(error ? { error } : {}),
      elapsedMs: performance.now() - this.started,
    };
  }

  private progress(): void {
    this.options.onProgress?.({
      eventsRead: this.eventsRead,
      leaves: this.range.size,
      findings: this.findingsSeen,
      ...(this.lastPosition >= 0n ? { position: this.lastPosition.toString() } : {}),
      elapsedMs: performance.now() - this.started,
    });
  }

  private found(code: FindingCode, facts: FindingFacts): void {
    const f = finding(code, facts);
    this.findingsSeen++;
    if (this.findings.length < this.maxFindings) this.findings.push(f);
    this.options.onFinding?.(f);
  }

  // ------------------------------------------------------------------ checkpoints

  /** The store's checkpoints, read before the walk; a deleted stream is met in `$all` instead. */
  private async readCheckpointStream(): Promise<void> {
    try {
      for await (const event of this.options.store.readStream(CHECKPOINT_STREAM)) {
        this.prescanned.add(event.id);
        this.checkpointEvent(event);
      }
    } catch {
      // Deleted or unreadable: its events still come in $all, and are checked there.
    }
  }

  private checkpointEvent(event: RecordedEvent): void {
    if (event.type === 'CheckpointCosigned') {
      this.cosignatures.push(event);
      return;
    }
    if (event.type !== 'CheckpointSigned') return;
    const note = noteOf(event);
    if (note === undefined) {
      this.found('CHECKPOINT_MALFORMED', { ...locate(event), source: 'store', reason: 'no note' });
      return;
    }
    this.addNote(note, 'store', fieldsOf(event), locate(event));
  }

  /**
   * Checks a note's signature with the log's key and records its tree head; a note met again
   * (the same checkpoint in the store and in the log's database) is checked once.
   */
  private addNote(
    note: string,
    source: CheckpointSource,
    fields?: { treeSize: unknown; root: unknown },
    at: FindingFacts = {},
  ): KnownCheckpoint | null {
    let checkpoint = this.notes.get(note);
    if (checkpoint === undefined) {
      checkpoint = this.openCheckpoint(note, source, fields, at);
      this.notes.set(note, checkpoint);
    } else if (checkpoint && !checkpoint.sources.includes(source)) {
      checkpoint.sources.push(source);
    }
    if (
      checkpoint &&
      fields &&
      (fields.treeSize !== checkpoint.size || fields.root !== checkpoint.root.toString('base64'))
    ) {
      this.found('CHECKPOINT_FIELDS_MISMATCH', { ...at, source, treeSize: checkpoint.size });
    }
    return checkpoint;
  }

  private openCheckpoint(
    note: string,
    source: CheckpointSource,
    fields: { treeSize: unknown; root: unknown } | undefined,
    at: FindingFacts,
  ): KnownCheckpoint | null {
    const treeSize = typeof fields?.treeSize === 'number' ? fields.treeSize : undefined;
    let body: string;
    try {
      body = openNote(note, [this.verifier]).body;
    } catch (error) {
      const code =
        error instanceof NoteError && error.reason === 'malformed'
          ? 'CHECKPOINT_MALFORMED'
          : 'SIGNATURE_INVALID';
      this.found(code, { ...at, source, treeSize, reason: (error as Error).message });
      return null;
    }
    let size: number;
    let root: Buffer;
    try {
      ({ size, root } = parseCheckpoint(body));
    } catch (error) {
      if (!(error instanceof CheckpointFormatError)) throw error;
      this.found('CHECKPOINT_MALFORMED', { ...at, source, treeSize, reason: error.message });
      return null;
    }
    const known = this.checkpoints.get(size) ?? [];
    const same = known.find((c) => c.root.equals(root));
    if (same) {
      if (!same.sources.includes(source)) same.sources.push(source);
      return same;
    }
    for (const other of known) {
      this.found('CHECKPOINT_CONFLICT', {
        ...at,
        source,
        treeSize: size,
        expected: other.root.toString('base64'),
        actual: root.toString('base64'),
      });
    }
    const checkpoint: KnownCheckpoint = { size, root, body, sources: [source] };
    known.push(checkpoint);
    this.checkpoints.set(size, known);
    return checkpoint;
  }

  /** A checkpoint found in `$all` that was not known before the walk (signed meanwhile, say). */
  private lateCheckpoint(event: RecordedEvent, note: string): void {
    if (this.notes.has(note)) return; // known before the walk
    const checkpoint = this.addNote(note, 'store', fieldsOf(event), locate(event));
    if (!checkpoint || checkpoint.checked || this.pending.includes(checkpoint.size)) return;
    if (checkpoint.size > this.range.size) {
      if (!this.pending.includes(checkpoint.size)) {
        this.pending.push(checkpoint.size);
        this.pending.sort((a, b) => a - b);
      }
      return;
    }
    const root = this.recent.rootAt(checkpoint.size, this.range);
    if (root) this.compareRoot(checkpoint, root);
    else this.found('CHECKPOINT_NOT_RECOMPUTED', { ...locate(event), treeSize: checkpoint.size });
  }

  /** The log's own tree against what it signed: its database may have been altered too. */
  private checkLogTree(): void {
    const log = this.log!;
    for (const [size, known] of this.checkpoints) {
      if (size > log.size) continue;
      const root = log.root(size);
      for (const checkpoint of known) {
        if (!root.equals(checkpoint.root)) {
          this.found('LOG_TREE_MISMATCH', {
            source: checkpoint.sources[0],
            treeSize: size,
            expected: checkpoint.root.toString('base64'),
            actual: root.toString('base64'),
          });
        }
      }
    }
  }

  /** Checkpoints whose size the walk has just reached. */
  private reachPending(): void {
    while (this.pending.length > 0 && this.pending[0] <= this.range.size) {
      const size = this.pending.shift()!;
      if (size < this.range.size) continue; // passed before it was known: see lateCheckpoint
      const root = this.range.root();
      for (const checkpoint of this.checkpoints.get(size) ?? []) this.compareRoot(checkpoint, root);
    }
    if (this.log && this.range.size === this.log.size && this.log.size > 0) {
      const logRoot = this.log.root(this.log.size);
      const root = this.range.root();
      if (!logRoot.equals(root)) {
        this.found('LOG_TREE_MISMATCH', {
          treeSize: this.log.size,
          expected: root.toString('base64'),
          actual: logRoot.toString('base64'),
        });
      }
    }
  }

  private compareRoot(checkpoint: KnownCheckpoint, root: Buffer): void {
    checkpoint.checked = true;
    this.checkpointsChecked++;
    if (root.equals(checkpoint.root)) {
      this.lastGoodSize = Math.max(this.lastGoodSize, checkpoint.size);
      return;
    }
    const first = this.lastGoodSize < checkpoint.size ? this.lastGoodSize : 0;
    this.found('ROOT_MISMATCH', {
      source: checkpoint.sources[0],
      treeSize: checkpoint.size,
      expected: checkpoint.root.toString('base64'),
      actual: root.toString('base64'),
      first: String(first),
      last: String(checkpoint.size - 1),
    });
  }

  // ------------------------------------------------------------------ the walk

  /** Checks one event; `hashed`: its digests, if a worker made them. */
  private visit(event: RecordedEvent, hashed?: EventDigests): void {
    this.eventsRead++;
    const position = event.position?.commit;
    if (position !== undefined) {
      if (position <= this.lastPosition) {
        this.found('POSITION_OUT_OF_ORDER', {
          ...locate(event),
          first: this.lastPosition.toString(),
        });
      }
      this.lastPosition = position;
    }
    const stream = event.streamId;
    if (stream.startsWith('$')) {
      if (stream.startsWith('$$') && event.type === '$metadata') this.streamMetadata(event);
      return;
    }
    const tombstone = event.type === TOMBSTONE_TYPE;
    if (tombstone) this.found('STREAM_TOMBSTONED', { ...locate(event), revision: undefined });
    if (stream === CHECKPOINT_STREAM) {
      if (!tombstone) this.checkRevision(event, undefined);
      if (event.type !== 'CheckpointSigned' || this.prescanned.has(event.id)) return;
      const note = noteOf(event);
      if (note !== undefined) this.lateCheckpoint(event, note);
      else this.checkpointEvent(event);
      return;
    }
    const chained = this.isChained(stream);
    let digests: EventDigests;
    try {
      digests = hashed ?? eventDigests(event, chained);
    } catch (error) {
      if (!(error instanceof LeafEncodingError)) throw error;
      if (!tombstone) this.checkRevision(event, undefined);
      this.found('LEAF_UNENCODABLE', { ...locate(event), reason: error.message });
      return;
    }
    if (!tombstone) this.checkRevision(event, chained ? digests : undefined);
    // Neither a system event nor a checkpoint: a leaf.
    const hash = digests.leaf;
    this.compareWithLog(event, hash);
    this.range.push(hash);
    this.recent.pushed(hash, this.range);
    this.reachPending();
  }

  /**
   * Revisions increase by one per stream; hitos streams (`digests` given) carry the hash chain.
   */
  private checkRevision(event: RecordedEvent, digests: EventDigests | undefined): void {
    const stream = event.streamId;
    const revision = Number(event.revision);
    const state = this.streams.get(stream);
    const last = state ? state.last : -1;
    let previous: string | null | undefined;
    if (revision <= last) {
      this.found('REVISION_OUT_OF_ORDER', { ...locate(event), first: String(last) });
    } else if (revision > last + 1) {
      this.found('REVISION_GAP', {
        ...locate(event),
        first: String(last + 1),
        last: String(revision - 1),
      });
    } else {
      previous = state ? state.hash : null;
    }
    let hash = state?.hash ?? null;
    if (digests) hash = this.checkChain(event, digests, previous, hash);
    if (!state) this.streams.set(stream, { last: revision, hash });
    else if (revision > last) {
      state.last = revision;
      state.hash = hash;
    }
  }

  /**
   * The event's hash-chain link: present, matching its content, and naming the previous event's
   * link (when the previous event was seen). Returns the link the next event must name, as
   * command handling computes it: a JSON event's own hash (null without one), and for an event
   * that is not JSON the link before it.
   */
  private checkChain(
    event: RecordedEvent,
    digests: EventDigests,
    previous: string | null | undefined,
    current: string | null,
  ): string | null {
    const at = locate(event);
    const { link, recomputed } = digests;
    if (!link) {
      this.found('NO_INTEGRITY', at);
      return event.isJson ? null : current;
    }
    if (recomputed !== link.hash) {
      this.found('INTEGRITY_HASH_MISMATCH', { ...at, expected: link.hash, actual: recomputed });
    }
    if (previous !== undefined && link.previousHash !== previous) {
      this.found('CHAIN_BROKEN', {
        ...at,
        expected: previous ?? 'null',
        actual: link.previousHash ?? 'null',
      });
    }
    return link.hash;
  }

  /** `$$stream` metadata that deletes, truncates or expires a stream. */
  private streamMetadata(event: RecordedEvent): void {
    const target = event.streamId.slice(2);
    if (target.startsWith('$')) return;
    const data = event.data as Record<string, unknown> | null;
    if (!data || typeof data !== 'object') return;
    const facts = {
      stream: target,
      eventId: event.id,
      eventType: event.type,
      ...(event.position ? { position: event.position.commit.toString() } : {}),
    };
    const tb = data.$tb;
    if (typeof tb === 'number' && tb >= Number.MAX_SAFE_INTEGER) {
      this.found('STREAM_SOFT_DELETED', facts);
    } else if (typeof tb === 'number' && tb > 0) {
      this.found('STREAM_TRUNCATED', { ...facts, first: String(tb) });
    }
    if (data.$maxCount !== undefined || data.$maxAge !== undefined) {
      this.found('STREAM_EXPIRING', facts);
    }
  }

  // ------------------------------------------------------------------ the log's database

  /**
   * Lines the event up with the leaves the log recorded: leaves it counted before this event's
   * position are missing; an event it never counted here was inserted; the event's leaf must be
   * the one recorded.
   */
  private compareWithLog(event: RecordedEvent, hash: Buffer): void {
    const log = this.log;
    if (!log) return;
    const position = event.position?.commit ?? -1n;
    while (this.logNext < log.size) {
      // The same leaf hash is the same event, byte for byte (the leaf holds its id): the rows
      // that say which event a leaf is are read only when the hashes differ.
      if (log.hash(this.logNext)?.equals(hash)) {
        this.logNext++;
        this.logLeavesCompared++;
        return;
      }
      const leaf = log.leaf(this.logNext);
      if (!leaf) {
        this.logNext++;
        continue;
      }
      if (leaf.eventId === event.id && leaf.stream === event.streamId) {
        this.logNext++;
        this.logLeavesCompared++;
        if (!leaf.hash.equals(hash)) {
          this.found('LEAF_HASH_MISMATCH', {
            ...locate(event),
            leafIndex: leaf.leafIndex,
            expected: leaf.hash.toString('base64'),
            actual: hash.toString('base64'),
          });
        }
        return;
      }
      if (BigInt(leaf.position) <= position) {
        this.missingLeaf(leaf);
        this.logNext++;
        continue;
      }
      break;
    }
    if (this.logNext < log.size) this.found('NOT_IN_LOG', locate(event));
  }

  private missingLeaf(leaf: LoggedLeaf): void {
    this.found('LEAF_MISSING', {
      stream: leaf.stream,
      revision: String(leaf.revision),
      eventId: leaf.eventId,
      position: leaf.position,
      leafIndex: leaf.leafIndex,
      expected: leaf.hash.toString('base64'),
    });
  }

  /**
   * Each witness's co-signature recorded in the store, against the log's checkpoint it names:
   * its line must verify with the witness's key over that checkpoint's body. A co-signature
   * written around hitos, or for a checkpoint the log never signed, is a bad signature.
   */
  private checkCosignatures(): void {
    for (const event of this.cosignatures) {
      const data = (event.data ?? {}) as Record<string, unknown>;
      const at = { ...locate(event), source: 'store' as const };
      const treeSize = typeof data.treeSize === 'number' ? data.treeSize : undefined;
      const witness = typeof data.witness === 'string' ? data.witness : undefined;
      const fail = (reason: string) =>
        this.found('COSIGNATURE_INVALID', { ...at, treeSize, witness, reason });
      let key: NoteVerifier;
      try {
        key = parseVerifierKey(String(data.verifierKey));
      } catch (error) {
        fail((error as Error).message);
        continue;
      }
      const checkpoint = treeSize === undefined ? undefined : this.checkpoints.get(treeSize)?.[0];
      if (!checkpoint) {
        fail('no checkpoint of that size signed by the log');
        continue;
      }
      const line = String(data.signatureLine ?? '');
      try {
        const opened = openNote(`${checkpoint.body}\n${line.endsWith('\n') ? line : `${line}\n`}`, [
          key,
        ]);
        if (witness !== undefined && opened.verified[0]?.name !== witness) {
          fail(`signed by ${opened.verified[0]?.name}, recorded as ${witness}`);
        }
      } catch (error) {
        fail((error as Error).message);
      }
    }
  }

  private finish(): void {
    this.checkCosignatures();
    const log = this.log;
    if (log) {
      for (; this.logNext < log.size; this.logNext++) {
        const leaf = log.leaf(this.logNext);
        if (leaf) this.missingLeaf(leaf);
      }
    }
    for (const size of this.pending) {
      if (size <= this.range.size) continue;
      for (const checkpoint of this.checkpoints.get(size) ?? []) {
        checkpoint.checked = true;
        this.checkpointsChecked++;
        this.found('LOG_TRUNCATED', {
          source: checkpoint.sources[0],
          treeSize: size,
          leaves: this.range.size,
          expected: checkpoint.root.toString('base64'),
        });
      }
    }
    this.pending = [];
  }
}

/** Where an event is, for a finding: ids, type and positions only. */
function locate(event: RecordedEvent): FindingFacts {
  return {
    stream: event.streamId,
    revision: event.revision.toString(),
    eventId: event.id,
    eventType: event.type,
    ...(event.position ? { position: event.position.commit.toString() } : {}),
  };
}

function noteOf(event: RecordedEvent): string | undefined {
  const note = (event.data as { note?: unknown } | null)?.note;
  return typeof note === 'string' ? note : undefined;
}

function fieldsOf(event: RecordedEvent): { treeSize: unknown; root: unknown } {
  const data = event.data as { treeSize?: unknown; root?: unknown } | null;
  return { treeSize: data?.treeSize, root: data?.root };
}

/**
 * Roots of trees a little smaller than the one being built, for checkpoints met in `$all` after
 * their size was passed: a copy of the compact range every `window` leaves, and the leaves since
 * the older of the last two copies, in one buffer of 2 × `window` hashes (2 MiB by default).
 */
class RecentRoots {
  private older: CompactRange = CompactRange.empty();
  private newer: CompactRange | undefined;
  private readonly leaves: Buffer;
  private count = 0;

  constructor(private readonly window: number) {
    this.leaves = Buffer.alloc(2 * window * HASH_SIZE);
  }

  pushed(leaf: Buffer, range: CompactRange): void {
    leaf.copy(this.leaves, this.count * HASH_SIZE);
    this.count++;
    if (range.size % this.window !== 0) return;
    if (this.newer) {
      // The newer copy becomes the older one: keep the leaves after it.
      const kept = this.newer.size - this.older.size;
      this.leaves.copyWithin(0, kept * HASH_SIZE, this.count * HASH_SIZE);
      this.count -= kept;
      this.older = this.newer;
    }
    this.newer = range.clone();
  }

  /** The root of the first `size` leaves, if `size` is recent enough. */
  rootAt(size: number, range: CompactRange): Buffer | undefined {
    if (size === range.size) return range.root();
    if (size < this.older.size) return undefined;
    const replay = this.older.clone();
    for (let i = 0; replay.size < size; i++) {
      replay.push(this.leaves.subarray(i * HASH_SIZE, (i + 1) * HASH_SIZE));
    }
    return replay.root();
  }
}

/** The transparency-log projection's tables, read a page at a time. */
class LogDatabase {
  /** The tree's size when the walk started: later leaves are not expected. */
  readonly size: number;
  private readonly tree;
  private readonly leafRow: Statement<[number], LeafRow>;
  private readonly hashes: Statement<[number, number], [number, Buffer]>;
  private readonly checkpointRows: Statement<[]>;
  private pageStart = -1;
  private page: (Buffer | undefined)[] = [];

  constructor(db: Database) {
    this.tree = treeOf(db);
    this.size = this.tree.size();
    this.leafRow = db
      .prepare<[number], LeafRow>(
        'SELECT leaf_index, event_id, stream, revision, position FROM tlog_leaf WHERE leaf_index = ?',
      )
      .raw();
    this.hashes = db
      .prepare<[number, number], [number, Buffer]>(
        'SELECT id, hash FROM tlog_hash WHERE id >= ? AND id <= ? ORDER BY id',
      )
      .raw();
    this.checkpointRows = db.prepare(
      'SELECT tree_size AS treeSize, root, note FROM tlog_checkpoint ORDER BY tree_size',
    );
  }

  checkpoints(): { treeSize: number; root: string; note: string }[] {
    return this.checkpointRows.all() as { treeSize: number; root: string; note: string }[];
  }

  root(size: number): Buffer {
    return this.tree.root(size);
  }

  /** The hash the log recorded for leaf `index`, read a page at a time. */
  hash(index: number): Buffer | undefined {
    const start = index - (index % LOG_PAGE);
    if (start !== this.pageStart) this.load(start);
    return this.page[index - start];
  }

  /** Leaf `index` as the log recorded it (its event and where it was), or undefined. */
  leaf(index: number): LoggedLeaf | undefined {
    const row = this.leafRow.get(index);
    if (!row) return undefined;
    const [leafIndex, eventId, stream, revision, position] = row;
    return { leafIndex, eventId, stream, revision, position, hash: this.hash(index) ?? EMPTY };
  }

  private load(start: number): void {
    const end = Math.min(start + LOG_PAGE, this.size);
    // Every stored hash from the page's first leaf to its last, in key order: a leaf's hash is
    // the row at its key (see storedHashCount).
    const first = storedHashCount(start);
    const rows = this.hashes.all(first, storedHashCount(end - 1));
    this.page = [];
    for (let index = start; index < end; index++) {
      const id = storedHashCount(index);
      const row = rows[id - first];
      this.page.push(row?.[0] === id ? row[1] : rows.find((r) => r[0] === id)?.[1]);
    }
    this.pageStart = start;
  }
}

const EMPTY = Buffer.alloc(0);

type LeafRow = [number, string, string, number, string];

/**
 * Where the tree store keeps leaf `index`'s hash: after the 2·index − popcount(index) hashes
 * that the leaves before it wrote (see TreeStore).
 */
export function storedHashCount(index: number): number {
  let ones = 0;
  for (let rest = index; rest > 0; rest = Math.floor(rest / 2)) ones += rest % 2;
  return 2 * index - ones;
}
