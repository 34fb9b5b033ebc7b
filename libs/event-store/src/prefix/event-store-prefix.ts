import {
  EventStore,
  hiddenFromAllSubscriptions,
  type AllPosition,
  type AllSubscriber,
  type AllSubscription,
  type AppendOutcome,
  type EventToAppend,
  type ExpectedRevision,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type SubscribeToAllOptions,
} from '../event-store.port';

/** An append to a history that ends at a position: nothing is written, ever. */
export class ReadOnlyHistoryError extends Error {
  override readonly name = 'ReadOnlyHistoryError';

  constructor(
    readonly streamName: string,
    /** Where the history ends; null for an empty one. */
    readonly end: AllPosition | null,
  ) {
    super(
      `The history ends at $all position ${end?.commit ?? 'none'}: it is read only (append to ${streamName} refused)`,
    );
  }
}

/**
 * The store as it stood at a position of `$all`: every read ends there (a stream's last event,
 * `$all`, its end, a subscription that catches up and then never hears of anything more), and
 * every append is refused with {@link ReadOnlyHistoryError}. What a replay of the read models
 * serves beside them, so that whatever still reads the store (a commitment's revision, a past
 * view folded from its stream, an audit package) sees the same history as the models.
 *
 * `end` null is a history with no event. The store beneath is not closed by `close()`: its
 * owner closes it. A stream deleted after `end` stays deleted here: the prefix hides what came
 * later, it cannot bring back what the store no longer holds.
 */
export class EventStorePrefix extends EventStore {
  constructor(
    private readonly inner: EventStore,
    readonly end: AllPosition | null,
  ) {
    super();
  }

  appendToStream(
    streamName: string,
    _events?: readonly EventToAppend[],
    _expected?: ExpectedRevision,
  ): Promise<AppendOutcome> {
    return Promise.reject(new ReadOnlyHistoryError(streamName, this.end));
  }

  async *readStream(
    streamName: string,
    options: ReadStreamOptions = {},
  ): AsyncIterable<RecordedEvent> {
    let left = options.maxCount ?? Infinity;
    if (left <= 0) return;
    const backwards = options.direction === 'backwards';
    for await (const event of this.inner.readStream(streamName, {
      ...options,
      maxCount: undefined,
    })) {
      if (this.isAfterEnd(event)) {
        // Forwards, nothing later can be before the end; backwards, what follows is earlier.
        if (backwards) continue;
        return;
      }
      yield event;
      if (--left <= 0) return;
    }
  }

  async lastEventOf(streamName: string): Promise<RecordedEvent | null> {
    const last = await this.inner.lastEventOf(streamName);
    if (!last || !this.isAfterEnd(last)) return last;
    for await (const event of this.readStream(streamName, {
      direction: 'backwards',
      fromRevision: 'end',
      maxCount: 1,
    })) {
      return event;
    }
    return null;
  }

  async *readAll(options: ReadAllOptions = {}): AsyncIterable<RecordedEvent> {
    let left = options.maxCount ?? Infinity;
    if (left <= 0) return;
    const backwards = options.direction === 'backwards';
    for await (const event of this.inner.readAll({ ...options, maxCount: undefined })) {
      if (this.isAfterEnd(event)) {
        if (backwards) continue;
        return;
      }
      yield event;
      if (--left <= 0) return;
    }
  }

  async endOfAll(): Promise<AllPosition | null> {
    if (!this.end) return null;
    const end = await this.inner.endOfAll();
    return end && end.commit < this.end.commit ? end : this.end;
  }

  /** Delivers what the history holds from `fromPosition`, reports it caught up, then is silent. */
  subscribeToAll(options: SubscribeToAllOptions, subscriber: AllSubscriber): AllSubscription {
    let stopped = false;
    const prefixes = options.streamNamePrefixes;
    const done = (async () => {
      try {
        for await (const event of this.readAll({ fromPosition: options.fromPosition })) {
          if (stopped) return;
          if (hiddenFromAllSubscriptions(event.streamId)) continue;
          if (!prefixes || prefixes.some((prefix) => event.streamId.startsWith(prefix))) {
            subscriber.event(event);
          }
        }
        if (!stopped) subscriber.caughtUp?.();
      } catch (error) {
        if (!stopped) subscriber.failed(error as Error);
      }
    })();
    return {
      unsubscribe: async () => {
        stopped = true;
        await done;
      },
    };
  }

  ping(): Promise<void> {
    return this.inner.ping();
  }

  /** Nothing to close: the store beneath is its owner's. */
  close(): Promise<void> {
    return Promise.resolve();
  }

  private isAfterEnd(event: RecordedEvent): boolean {
    if (!this.end) return true;
    return event.position !== undefined && event.position.commit > this.end.commit;
  }
}
