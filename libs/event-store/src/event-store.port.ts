/**
 * The event store as hitos uses it, in hitos's terms: the one door every other library and app
 * goes through. Its only implementation over the network is {@link EsdbEventStore} (the
 * official EventStoreDB client), so moving to another client (e.g. `@kurrent/kurrentdb-client`)
 * is a change in this library alone. It is an abstract class so that Nest can inject it by type.
 */

/** A place in `$all`: events are totally ordered by it. */
export interface AllPosition {
  commit: bigint;
  prepare: bigint;
}

/** An event as the store holds it. */
export interface RecordedEvent {
  /** The event's id (a UUID): what appends are idempotent on, and what a reaction cites. */
  id: string;
  type: string;
  streamId: string;
  revision: bigint;
  /** Parsed JSON when `isJson`; the raw bytes otherwise. */
  data: unknown;
  /** Parsed JSON metadata when present and JSON; the raw bytes or undefined otherwise. */
  metadata: unknown;
  isJson: boolean;
  /** When the store wrote it (its own clock). */
  created: Date;
  /** Its place in `$all`; every event read from a store that has `$all` has one. */
  position?: AllPosition;
}

/** An event to append: JSON data and metadata. */
export interface EventToAppend {
  id: string;
  type: string;
  data: unknown;
  metadata?: unknown;
}

/**
 * What the stream must look like for an append to go through: at this revision (the revision
 * of its last event), not existing yet, existing, or anything.
 */
export type ExpectedRevision = bigint | 'no_stream' | 'stream_exists' | 'any';

export interface AppendOutcome {
  /** The revision of the stream's last event after the append. */
  nextExpectedRevision: bigint;
  /** Where the append's last event sits in `$all`. */
  position?: AllPosition;
}

export type Direction = 'forwards' | 'backwards';

export interface ReadStreamOptions {
  direction?: Direction;
  /** First revision read (inclusive); `start` or `end` of the stream. Default: the direction's start. */
  fromRevision?: bigint | 'start' | 'end';
  maxCount?: number;
}

export interface ReadAllOptions {
  direction?: Direction;
  /** First position read (inclusive); `start` or `end` of `$all`. Default: the direction's start. */
  fromPosition?: AllPosition | 'start' | 'end';
  maxCount?: number;
}

export interface SubscribeToAllOptions {
  /** Catch up from here (inclusive), then stay live; default the start of `$all`. */
  fromPosition?: AllPosition | 'start';
  /** Only events of streams whose names start with one of these prefixes. */
  streamNamePrefixes?: readonly string[];
}

/**
 * Events of `$all` that a read returns but no subscription to `$all` delivers (EventStoreDB's
 * default `$all` filter): the epoch record a node writes each time it starts, and the
 * persistent subscriptions' own checkpoints and parked messages of `$all`. Whoever compares
 * what a subscription has delivered with what a read finds must leave them out. (The embedded
 * server applies the same rule as `defaultAllFilter`; the package stands alone, and a real
 * cluster applies its own, so the port keeps its copy.)
 */
export function hiddenFromAllSubscriptions(streamId: string): boolean {
  return (
    streamId === '$epoch-information' ||
    (streamId.startsWith('$persistentsubscription-$all::') &&
      (streamId.endsWith('-checkpoint') || streamId.endsWith('-parked')))
  );
}

/** Where a subscription delivers. Called in `$all` order; none of them after `unsubscribe`. */
export interface AllSubscriber {
  event(event: RecordedEvent): void;
  /** Once, when the subscription has delivered everything that existed when it started. */
  caughtUp?(): void;
  /** The subscription broke (the store went away, the server ended it); nothing follows. */
  failed(error: Error): void;
}

export interface AllSubscription {
  unsubscribe(): Promise<void>;
}

export abstract class EventStore {
  /**
   * Appends the events atomically if the stream is as `expected`; otherwise nothing is written
   * and {@link WrongExpectedRevisionError} is thrown. Appending events whose ids the stream
   * already holds, at the same place, is answered as the first time (idempotent).
   */
  abstract appendToStream(
    streamName: string,
    events: readonly EventToAppend[],
    expected: ExpectedRevision,
  ): Promise<AppendOutcome>;

  /**
   * The stream's events; none when the stream does not exist or was deleted. Leaving the loop
   * early is safe: the read is cancelled.
   */
  abstract readStream(
    streamName: string,
    options?: ReadStreamOptions,
  ): AsyncIterable<RecordedEvent>;

  /** The stream's last event, or null when it has none: one event read, whatever its length. */
  abstract lastEventOf(streamName: string): Promise<RecordedEvent | null>;

  /** `$all`, system events included. Leaving the loop early is safe. */
  abstract readAll(options?: ReadAllOptions): AsyncIterable<RecordedEvent>;

  /** The position of the last event of `$all` (system events included); null on an empty store. */
  abstract endOfAll(): Promise<AllPosition | null>;

  /**
   * The position of the last event a subscription to `$all` can deliver (not one of those
   * {@link hiddenFromAllSubscriptions} names, such as the epoch record a restarted store
   * writes): what a subscriber waits for to have seen everything. Null when there is none.
   */
  async endOfSubscriptions(): Promise<AllPosition | null> {
    for await (const event of this.readAll({ direction: 'backwards', fromPosition: 'end' })) {
      if (!hiddenFromAllSubscriptions(event.streamId)) return event.position ?? null;
    }
    return null;
  }

  /**
   * Catch-up subscription to `$all`: from a position, then live; never the events
   * {@link hiddenFromAllSubscriptions} names.
   */
  abstract subscribeToAll(
    options: SubscribeToAllOptions,
    subscriber: AllSubscriber,
  ): AllSubscription;

  /** Resolves when the store answers a read (a full round trip); rejects otherwise. */
  abstract ping(): Promise<void>;

  /** Closes the connection. */
  abstract close(): Promise<void>;
}

/** The stream was not as the append expected it: nothing was written. */
export class WrongExpectedRevisionError extends Error {
  override readonly name = 'WrongExpectedRevisionError';

  constructor(
    readonly streamName: string,
    readonly expected: ExpectedRevision,
    /** The stream's revision when known; -1n when it does not exist. */
    readonly actual?: bigint,
  ) {
    super(
      `Append to ${streamName} expected revision ${String(expected)} but the stream is at ${
        actual === undefined ? 'another revision' : String(actual)
      }`,
    );
  }
}
