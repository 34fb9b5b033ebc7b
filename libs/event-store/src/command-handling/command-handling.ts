import {
  WrongExpectedRevisionError,
  type AppendOutcome,
  type EventStore,
  type EventToAppend,
} from '../event-store.port';
import type { CommandContext, EventMetadata } from '../metadata/event-metadata';
import { integrityHash } from '../metadata/integrity-hash';
import type { UpcasterRegistry } from '../upcasting/upcaster-registry';
import {
  ConcurrencyConflictError,
  IdempotencyKeyReusedError,
  StreamRevisionMismatchError,
} from './command-handling.errors';
import { deterministicEventId } from './event-ids';
import { IdempotencyKeyClaims } from './idempotency-key-claims';
import { KeyedMutex } from './keyed-mutex';

/** The shape of a domain event as deciders see it. */
export interface DecidedEvent {
  type: string;
  data: unknown;
}

/** The fold half of a decider; `decide` is passed per command. */
export interface Fold<S, E extends DecidedEvent = DecidedEvent> {
  initialState(): S;
  evolve(state: S, event: E): S;
}

/** What a decision sees of the request besides the state: who asks, and when. */
export interface DecisionMetadata {
  actor: CommandContext['actor'];
  now: string;
}

/**
 * Decides from the current state: the events to append, or anything else (a domain error
 * value), which is thrown to the caller unchanged and appends nothing.
 */
export type Decision<S, E extends DecidedEvent> = (
  state: S,
  metadata: DecisionMetadata,
) => readonly E[] | object;

export interface LoadedStream<S> {
  streamName: string;
  state: S;
  /** Revision of the last event; `-1n` when the stream does not exist. */
  revision: bigint;
}

export interface CommandResult<S> extends LoadedStream<S> {
  /** `$all` commit position of the last event this command appended (or first appended). */
  position?: bigint;
  /** The events this command produced, in order. */
  events: { id: string; type: string; revision: bigint }[];
  /**
   * True when the command id had already been handled: nothing was appended, and the result
   * is that of the first time.
   */
  replayed: boolean;
}

interface CommandRecord {
  position?: bigint;
  events: { id: string; type: string; revision: bigint }[];
  /** What the request was (see CommandContext.fingerprint), when it was recorded. */
  fingerprint?: string;
}

/**
 * The command ids recorded in one stream, with what each appended. It only ever learns what
 * the store holds (events read, or appends the store acknowledged), and a stream's history
 * only grows, so every snapshot of the stream shares one index instead of copying it per
 * command: a snapshot at revision R sees the records whose last event is at or before R.
 */
class CommandIndex {
  private readonly records = new Map<string, CommandRecord>();

  get(commandId: string, upTo: bigint): CommandRecord | undefined {
    const record = this.records.get(commandId);
    return record && record.events[record.events.length - 1].revision <= upTo ? record : undefined;
  }

  /** A command this process appended, as the store acknowledged it. */
  appended(commandId: string, record: CommandRecord): void {
    this.records.set(commandId, record);
  }

  /** An event read from the store that carries `commandId`; reading it twice changes nothing. */
  read(
    commandId: string,
    event: CommandRecord['events'][number],
    position: bigint | undefined,
    fingerprint: string | undefined,
  ): void {
    const known = this.records.get(commandId);
    if (known && known.events[known.events.length - 1].revision >= event.revision) return;
    // Records are shared with other snapshots: replace, never mutate.
    this.records.set(commandId, {
      events: [...(known?.events ?? []), event],
      position,
      fingerprint,
    });
  }
}

/**
 * A stream folded up to `revision`, kept so that the next command only reads what is new.
 * Never changed once remembered: a read and a command on the same stream may each fold from
 * the same snapshot at once, and each remembers a new one.
 */
interface Snapshot<S> {
  fold: Fold<S, any>;
  state: S;
  revision: bigint;
  lastHash: string | null;
  commands: CommandIndex;
}

/** An event about to be appended, with the revision and the hash it will have. */
interface ProposedEvent {
  revision: bigint;
  hash: string;
  event: EventToAppend;
}

/**
 * Events decided on a snapshot, to append after it; `verified` when the snapshot was read from
 * the store just now rather than remembered.
 */
interface ToAppend<S, E> {
  answer?: undefined;
  snapshot: Snapshot<S>;
  events: readonly E[];
  verified: boolean;
}

/** What deciding came to: events to append, or an answer that appends nothing (a replay, a no-op). */
type Decided<S, E> = ToAppend<S, E> | { answer: CommandResult<S> };

/** How a command ended, for metrics: appended, answered from a previous run, or not at all. */
export type CommandOutcome =
  'appended' | 'unchanged' | 'replayed' | 'rejected' | 'stale' | 'conflict' | 'failed';

export interface CommandHandlingOptions {
  /** Told of every command's outcome, its stream, and how many events it produced (to count them). */
  observe?: (
    outcome: CommandOutcome,
    streamName: string,
    position?: bigint,
    events?: number,
  ) => void;
  /** Attempts (load, decide, append) before a conflict is reported; default 10. */
  maxAttempts?: number;
  /** Streams whose folded state is kept in memory; default 2,000. */
  cacheSize?: number;
}

/**
 * Load → decide → append, the one way hitos changes a stream.
 *
 * - Commands on one stream from this process run one at a time (see {@link KeyedMutex}); a
 *   conflict with another process is retried (reload, decide again) up to `maxAttempts`, then
 *   reported as {@link ConcurrencyConflictError}. With `expectedRevision` in the context (the
 *   caller's `If-Match`) a stale state is {@link StreamRevisionMismatchError} at once.
 * - Every event gets its metadata from the {@link CommandContext} and a deterministic id from
 *   the command id; a command id already present in the stream is answered with its first
 *   result and appends nothing, also after a restart (the stream is the record).
 * - Events are upcast to their current schema before they are folded.
 */
export class CommandHandling {
  private readonly mutex = new KeyedMutex();
  private readonly snapshots = new Map<string, Snapshot<any>>();
  private readonly maxAttempts: number;
  private readonly cacheSize: number;
  private readonly observe?: CommandHandlingOptions['observe'];
  private readonly claims: IdempotencyKeyClaims;

  constructor(
    private readonly store: EventStore,
    private readonly upcasters: UpcasterRegistry,
    /** The current request's context (from the app's request-scoped storage). */
    private readonly currentContext: () => CommandContext,
    private readonly clock: () => Date = () => new Date(),
    options: CommandHandlingOptions = {},
  ) {
    this.maxAttempts = options.maxAttempts ?? 10;
    this.cacheSize = options.cacheSize ?? 2_000;
    this.observe = options.observe;
    this.claims = new IdempotencyKeyClaims(store);
  }

  /** The stream's current state, for reads and for the facts other commands need. */
  async load<S>(streamName: string, fold: Fold<S, any>): Promise<LoadedStream<S>> {
    const snapshot = await this.catchUp(streamName, fold);
    return { streamName, state: snapshot.state, revision: snapshot.revision };
  }

  async handle<S, E extends DecidedEvent>(
    streamName: string,
    fold: Fold<S, E>,
    decide: Decision<S, E>,
    context: CommandContext = this.currentContext(),
  ): Promise<CommandResult<S>> {
    const observe = this.observe;
    if (!observe) return this.decideAndAppend(streamName, fold, decide, context);
    return this.decideAndAppend(streamName, fold, decide, context).then(
      (result) => {
        observe(
          result.replayed ? 'replayed' : result.events.length ? 'appended' : 'unchanged',
          streamName,
          result.position,
          result.events.length,
        );
        return result;
      },
      (error: unknown) => {
        observe(
          error instanceof StreamRevisionMismatchError
            ? 'stale'
            : error instanceof ConcurrencyConflictError
              ? 'conflict'
              : error instanceof Error && !(error instanceof IdempotencyKeyReusedError)
                ? 'failed'
                : 'rejected',
          streamName,
        );
        throw error;
      },
    );
  }

  /**
   * One command, under the stream's mutex (one at a time per stream in this process): decide on
   * the snapshot kept in memory or on the store ({@link decideOnCache}, {@link decideOnStore};
   * a replay or a no-op is answered there), give the events their ids, metadata and hash chain
   * ({@link propose}), {@link append} them under the expected revision, and
   * {@link advanceSnapshot}. An append another writer beat is decided again
   * ({@link retryOrGiveUp}). Each step keeps one of the guarantees listed on the class.
   */
  private decideAndAppend<S, E extends DecidedEvent>(
    streamName: string,
    fold: Fold<S, E>,
    decide: Decision<S, E>,
    context: CommandContext,
  ): Promise<CommandResult<S>> {
    return this.mutex.run(streamName, async () => {
      // If-Match is compared with the store, never with what this process remembers.
      let fromCache = context.expectedRevision === undefined;
      let claimed = false;
      for (let attempt = 1; ; attempt++) {
        const decided =
          (fromCache && this.decideOnCache(streamName, fold, decide, context)) ||
          (await this.decideOnStore(streamName, fold, decide, context));
        fromCache = false;
        if (decided.answer) return decided.answer;
        // The caller's key, bound to this request across every stream before anything is appended.
        if (context.fingerprint && !claimed) {
          await this.claims.claim(context.commandId, context.fingerprint, streamName);
          claimed = true;
        }
        const proposed = this.propose(streamName, decided.snapshot, decided.events, context);
        const outcome = await this.append(streamName, decided.snapshot, proposed);
        if (outcome) return this.advanceSnapshot(streamName, decided, proposed, outcome, context);
        // A snapshot that was merely out of date is not a conflict: read, and try again.
        if (!decided.verified) {
          attempt--;
          continue;
        }
        await this.retryOrGiveUp(streamName, fold, context, attempt);
      }
    });
  }

  /**
   * Decides on the snapshot this process keeps, without asking the store: the append's expected
   * revision fails if another process wrote since, and the retry reads. `undefined` when there
   * is none, or when it decided a refusal or a no-op: those are believed only on the store's
   * state ({@link decideOnStore}).
   */
  private decideOnCache<S, E extends DecidedEvent>(
    streamName: string,
    fold: Fold<S, E>,
    decide: Decision<S, E>,
    context: CommandContext,
  ): Decided<S, E> | undefined {
    const snapshot = this.cached(streamName, fold);
    return snapshot && decideOnSnapshot(streamName, snapshot, decide, context, false);
  }

  /** Decides on the stream as the store has it, reading only what the snapshot lacks. */
  private async decideOnStore<S, E extends DecidedEvent>(
    streamName: string,
    fold: Fold<S, E>,
    decide: Decision<S, E>,
    context: CommandContext,
  ): Promise<Decided<S, E>> {
    const snapshot = await this.catchUp(streamName, fold);
    return decideOnSnapshot(streamName, snapshot, decide, context, true)!;
  }

  /**
   * Appends with the snapshot's revision as the expected one, so that nothing another writer
   * appended since the decision is overlooked. `undefined` when the store had moved past it;
   * the snapshot is forgotten then, so that the next attempt reads.
   */
  private async append<S>(
    streamName: string,
    snapshot: Snapshot<S>,
    proposed: readonly ProposedEvent[],
  ): Promise<AppendOutcome | undefined> {
    try {
      return await this.store.appendToStream(
        streamName,
        proposed.map((p) => p.event),
        snapshot.revision < 0n ? 'no_stream' : snapshot.revision,
      );
    } catch (error) {
      if (!(error instanceof WrongExpectedRevisionError)) throw error;
      this.snapshots.delete(streamName);
      return undefined;
    }
  }

  /**
   * Folds what was just appended into the snapshot, exactly as a reload would, and remembers
   * it with the command's record: the next command on the stream reads nothing, and a repeat
   * of this one is answered from memory.
   */
  private advanceSnapshot<S, E extends DecidedEvent>(
    streamName: string,
    { snapshot, events }: ToAppend<S, E>,
    proposed: readonly ProposedEvent[],
    outcome: AppendOutcome,
    context: CommandContext,
  ): CommandResult<S> {
    let state = snapshot.state;
    for (const event of events) state = snapshot.fold.evolve(state, event);
    const record: CommandRecord = {
      fingerprint: context.fingerprint,
      position: outcome.position?.commit,
      events: proposed.map((p) => ({ id: p.event.id, type: p.event.type, revision: p.revision })),
    };
    const revision = outcome.nextExpectedRevision;
    const { fingerprint: _, ...answer } = record;
    if (revision === snapshot.revision + BigInt(events.length)) {
      snapshot.commands.appended(context.commandId, record);
      this.remember(streamName, {
        fold: snapshot.fold,
        state,
        revision,
        lastHash: proposed[proposed.length - 1].hash,
        commands: snapshot.commands,
      });
    } else {
      // The store answered an idempotent repeat of a concurrent twin: read what is there.
      this.snapshots.delete(streamName);
    }
    return { streamName, state, revision, replayed: false, ...answer };
  }

  /**
   * After another writer won the append: with If-Match the caller decided on a state that is
   * gone, theirs to read again ({@link StreamRevisionMismatchError}, with the store's revision);
   * without, a short jittered wait before deciding again, until `maxAttempts`
   * ({@link ConcurrencyConflictError}).
   */
  private async retryOrGiveUp<S>(
    streamName: string,
    fold: Fold<S, any>,
    context: CommandContext,
    attempt: number,
  ): Promise<void> {
    if (context.expectedRevision !== undefined) {
      const actual = await this.load(streamName, fold);
      throw new StreamRevisionMismatchError(streamName, context.expectedRevision, actual.revision);
    }
    if (attempt >= this.maxAttempts) throw new ConcurrencyConflictError(streamName, attempt);
    await pause(attempt);
  }

  private propose<S>(
    streamName: string,
    snapshot: Snapshot<S>,
    events: readonly DecidedEvent[],
    context: CommandContext,
  ): ProposedEvent[] {
    const recordedAt = this.clock().toISOString();
    let previousHash = snapshot.lastHash;
    return events.map((event, index) => {
      const revision = snapshot.revision + 1n + BigInt(index);
      const base = {
        schemaVersion: this.upcasters.currentVersion(event.type),
        commandId: context.commandId,
        $correlationId: context.correlationId,
        $causationId: context.causationId,
        actor: context.actor,
        occurredAt: context.now,
        recordedAt,
        ...(context.fingerprint ? { commandFingerprint: context.fingerprint } : {}),
        ...(context.requestCorrelationId
          ? { requestCorrelationId: context.requestCorrelationId }
          : {}),
      };
      const hash = integrityHash({
        streamName,
        revision,
        type: event.type,
        data: event.data,
        metadata: base,
        previousHash,
      });
      const metadata: EventMetadata = { ...base, integrity: { previousHash, hash } };
      previousHash = hash;
      return {
        revision,
        hash,
        event: {
          id: deterministicEventId(context.commandId, streamName, index),
          type: event.type,
          data: event.data,
          metadata,
        } satisfies EventToAppend,
      };
    });
  }

  /** The fold this process last saw of the stream, if it keeps one for this fold. */
  private cached<S>(streamName: string, fold: Fold<S, any>): Snapshot<S> | undefined {
    const snapshot = this.snapshots.get(streamName) as Snapshot<S> | undefined;
    return snapshot?.fold === fold ? snapshot : undefined;
  }

  /** The cached fold of the stream, brought up to date with what the store holds past it. */
  private async catchUp<S>(streamName: string, fold: Fold<S, any>): Promise<Snapshot<S>> {
    let snapshot = this.snapshots.get(streamName) as Snapshot<S> | undefined;
    if (!snapshot || snapshot.fold !== fold) {
      snapshot = {
        fold,
        state: fold.initialState(),
        revision: -1n,
        lastHash: null,
        commands: new CommandIndex(),
      };
    }
    const fresh: Snapshot<S> = { ...snapshot };
    // A stream that does not exist reads as empty. hitos never deletes streams; one deleted
    // behind a cached snapshot would be noticed at the next append (wrong expected revision).
    for await (const event of this.store.readStream(streamName, {
      fromRevision: fresh.revision + 1n,
    })) {
      fresh.revision = event.revision;
      if (!event.isJson) continue;
      const metadata = (event.metadata ?? {}) as Partial<EventMetadata>;
      const data = this.upcasters.upcast(event.type, metadata.schemaVersion ?? 1, event.data);
      fresh.state = fold.evolve(fresh.state, { type: event.type, data });
      fresh.lastHash = metadata.integrity?.hash ?? null;
      if (metadata.commandId) {
        fresh.commands.read(
          metadata.commandId,
          { id: event.id, type: event.type, revision: event.revision },
          event.position?.commit,
          metadata.commandFingerprint,
        );
      }
    }
    this.remember(streamName, fresh);
    return fresh;
  }

  private remember(streamName: string, snapshot: Snapshot<any>): void {
    // Re-inserting moves the stream to the back of the Map's order: least recently used first.
    this.snapshots.delete(streamName);
    this.snapshots.set(streamName, snapshot);
    if (this.snapshots.size > this.cacheSize) {
      const oldest = this.snapshots.keys().next().value;
      if (oldest !== undefined) this.snapshots.delete(oldest);
    }
  }
}

/**
 * The decision on one snapshot: the first result of a command id already handled, If-Match
 * checked, then the decider's events, refusal or no-op. `undefined` for a refusal or a no-op
 * on a snapshot not `verified` against the store (it may be behind).
 */
function decideOnSnapshot<S, E extends DecidedEvent>(
  streamName: string,
  snapshot: Snapshot<S>,
  decide: Decision<S, E>,
  context: CommandContext,
  verified: boolean,
): Decided<S, E> | undefined {
  const replay = replayOf(streamName, snapshot, context);
  if (replay) return { answer: replay };
  checkExpectedRevision(streamName, snapshot, context);
  const decided = decide(snapshot.state, { actor: context.actor, now: context.now });
  if (Array.isArray(decided) && decided.length > 0) {
    return { snapshot, events: decided as readonly E[], verified };
  }
  if (!verified) return undefined;
  if (!Array.isArray(decided)) throw decided;
  const { state, revision } = snapshot;
  return { answer: { streamName, state, revision, events: [], replayed: false } };
}

/**
 * The first result of a command id the stream already holds: a retried request appends nothing
 * twice, also after a restart (the stream is the record). The same id for a different request
 * (another fingerprint) is refused with {@link IdempotencyKeyReusedError}.
 */
function replayOf<S>(
  streamName: string,
  snapshot: Snapshot<S>,
  context: CommandContext,
): CommandResult<S> | undefined {
  const previous = snapshot.commands.get(context.commandId, snapshot.revision);
  if (!previous) return undefined;
  if (previous.fingerprint && context.fingerprint && previous.fingerprint !== context.fingerprint) {
    throw new IdempotencyKeyReusedError(streamName, context.commandId);
  }
  const { fingerprint: _, ...first } = previous;
  return {
    streamName,
    state: snapshot.state,
    // The revision the command reached, as first answered: later commands do not change it.
    revision: first.events[first.events.length - 1].revision,
    replayed: true,
    ...first,
  };
}

/**
 * If-Match: the caller decided on `expectedRevision`; a stream that has moved on since is
 * {@link StreamRevisionMismatchError} at once (412), never retried on the caller's behalf.
 */
function checkExpectedRevision(
  streamName: string,
  snapshot: Snapshot<unknown>,
  context: CommandContext,
): void {
  const { expectedRevision } = context;
  if (expectedRevision !== undefined && expectedRevision !== snapshot.revision) {
    throw new StreamRevisionMismatchError(streamName, expectedRevision, snapshot.revision);
  }
}

/** A short, jittered wait before retrying, so that competing processes spread out. */
function pause(attempt: number): Promise<void> {
  const ms = Math.random() * Math.min(50, 2 ** attempt);
  return new Promise((resolve) => setTimeout(resolve, ms));
}
