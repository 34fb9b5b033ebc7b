import {
  ANY,
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  NO_STREAM,
  START,
  STREAM_EXISTS,
  StreamNotFoundError,
  WrongExpectedVersionError,
  jsonEvent,
  streamNameFilter,
  type AllStreamResolvedEvent,
  type AppendExpectedRevision,
  type ResolvedEvent,
  type StreamingRead,
} from '../esdb-client';
import {
  EventStore,
  WrongExpectedRevisionError,
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

/** A stream nobody writes: reading it is a full round trip the server ends at once. */
const PROBE_STREAM = 'hitos-health-probe';

/**
 * hitos's {@link EventStore} over the official EventStoreDB client (`@eventstore/db-client`),
 * for EventStoreDB / KurrentDB and for the embedded server that speaks its protocol. The one
 * place that knows the client's types, constants and errors, and maps them both ways.
 */
export class EsdbEventStore extends EventStore {
  constructor(private readonly client: EventStoreDBClient) {
    super();
  }

  static connect(connectionString: string): EsdbEventStore {
    return new EsdbEventStore(EventStoreDBClient.connectionString(connectionString));
  }

  async appendToStream(
    streamName: string,
    events: readonly EventToAppend[],
    expected: ExpectedRevision,
  ): Promise<AppendOutcome> {
    try {
      const result = await this.client.appendToStream(
        streamName,
        events.map((event) =>
          jsonEvent({
            id: event.id,
            type: event.type,
            data: event.data as any,
            metadata: event.metadata as any,
          }),
        ),
        { expectedRevision: toClientRevision(expected) },
      );
      return { nextExpectedRevision: result.nextExpectedRevision, position: result.position };
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) {
        const actual = error.actualVersion;
        throw new WrongExpectedRevisionError(
          streamName,
          expected,
          typeof actual === 'bigint' ? actual : actual === NO_STREAM ? -1n : undefined,
        );
      }
      throw error;
    }
  }

  async *readStream(
    streamName: string,
    { direction = 'forwards', fromRevision, maxCount }: ReadStreamOptions = {},
  ): AsyncIterable<RecordedEvent> {
    const read = this.client.readStream(streamName, {
      direction: direction === 'forwards' ? FORWARDS : BACKWARDS,
      fromRevision:
        fromRevision === 'start' || fromRevision === undefined
          ? direction === 'forwards'
            ? START
            : END
          : fromRevision === 'end'
            ? END
            : fromRevision,
      ...(maxCount !== undefined ? { maxCount } : {}),
    });
    yield* recordedEvents<ResolvedEvent>(read, (resolved) =>
      resolved.event ? fromClient(resolved.event) : undefined,
    );
  }

  async lastEventOf(streamName: string): Promise<RecordedEvent | null> {
    for await (const event of this.readStream(streamName, {
      direction: 'backwards',
      fromRevision: 'end',
      maxCount: 1,
    })) {
      return event;
    }
    return null;
  }

  async *readAll({
    direction = 'forwards',
    fromPosition,
    maxCount,
  }: ReadAllOptions = {}): AsyncIterable<RecordedEvent> {
    const read = this.client.readAll({
      direction: direction === 'forwards' ? FORWARDS : BACKWARDS,
      fromPosition:
        fromPosition === undefined
          ? direction === 'forwards'
            ? START
            : END
          : fromPosition === 'start'
            ? START
            : fromPosition === 'end'
              ? END
              : fromPosition,
      ...(maxCount !== undefined ? { maxCount } : {}),
    });
    yield* recordedEvents<AllStreamResolvedEvent>(read, (resolved) =>
      resolved.event ? fromClient(resolved.event) : undefined,
    );
  }

  async endOfAll(): Promise<AllPosition | null> {
    for await (const event of this.readAll({
      direction: 'backwards',
      fromPosition: 'end',
      maxCount: 1,
    })) {
      return event.position ?? null;
    }
    return null;
  }

  subscribeToAll(options: SubscribeToAllOptions, subscriber: AllSubscriber): AllSubscription {
    const from = options.fromPosition;
    const subscription = this.client.subscribeToAll({
      fromPosition: from === undefined || from === 'start' ? START : from,
      ...(options.streamNamePrefixes
        ? { filter: streamNameFilter({ prefixes: [...options.streamNamePrefixes] }) }
        : {}),
    });
    let open = true;
    const fail = (error: Error) => {
      if (!open) return;
      open = false;
      subscriber.failed(error);
    };
    subscription.on('data', (resolved: AllStreamResolvedEvent) => {
      if (open && resolved.event) subscriber.event(fromClient(resolved.event));
    });
    subscription.on('caughtUp', () => {
      if (open) subscriber.caughtUp?.();
    });
    subscription.on('error', (error: Error) => fail(error));
    subscription.on('end', () => fail(new Error('The subscription ended')));
    return {
      unsubscribe: async () => {
        open = false;
        await subscription.unsubscribe().catch(() => undefined);
      },
    };
  }

  async ping(): Promise<void> {
    for await (const _ of this.readStream(PROBE_STREAM, {
      direction: 'backwards',
      fromRevision: 'end',
      maxCount: 1,
    })) {
      // nothing is ever written there
    }
  }

  /**
   * Closes the client. A read abandoned without cancelling leaves a gRPC call that the
   * client's dispose() waits for forever, so closing gives up waiting after a while.
   */
  async close(): Promise<void> {
    const disposed = await Promise.race([
      this.client.dispose().then(() => true),
      new Promise<false>((resolve) => setTimeout(resolve, DISPOSE_TIMEOUT_MS, false).unref()),
    ]);
    if (!disposed) {
      throw new Error(`the event store client did not close within ${DISPOSE_TIMEOUT_MS} ms`);
    }
  }
}

const DISPOSE_TIMEOUT_MS = 2_000;

function toClientRevision(expected: ExpectedRevision): AppendExpectedRevision {
  switch (expected) {
    case 'any':
      return ANY;
    case 'no_stream':
      return NO_STREAM;
    case 'stream_exists':
      return STREAM_EXISTS;
    default:
      return expected;
  }
}

type ClientRecordedEvent = NonNullable<ResolvedEvent['event']>;

function fromClient(event: ClientRecordedEvent): RecordedEvent {
  const position = (event as { position?: AllPosition }).position;
  return {
    id: event.id,
    type: event.type,
    streamId: event.streamId,
    revision: event.revision,
    data: event.data,
    metadata: event.metadata,
    isJson: event.isJson,
    created: event.created instanceof Date ? event.created : new Date(event.created as any),
    ...(position ? { position: { commit: position.commit, prepare: position.prepare } } : {}),
  };
}

/** Events a read may hold before it is paused (the consumer is slower than the network). */
const READ_BUFFER = 512;
/**
 * Events handed on between two turns of the event loop. Events already queued are handed on
 * in microtasks, during which nothing is read from the socket: without a turn now and then, a
 * consumer slower than the store drains the whole queue before the HTTP/2 layer acknowledges
 * what came in, and the store waits for that window while the consumer waits for the store
 * (measured: `verifyHistory` over 100,000 events read 40% faster with turns than without).
 */
const EVENTS_PER_TURN = 64;

/**
 * The events of one client read. A stream that does not exist reads as empty. A consumer that
 * leaves early must not leave the gRPC call behind (the client's dispose() waits for every call
 * to finish): the read is cancelled and let flow to its end, unread, so the call finishes
 * whether or not the server had already sent everything. (Leaving a `for await` over the
 * client's stream instead destroys it and strands what the server had sent: the call never
 * finishes.) The read is paused when {@link READ_BUFFER} events wait and resumed at half, so
 * the store keeps sending while the consumer works through the rest.
 */
async function* recordedEvents<R>(
  read: StreamingRead<R>,
  convert: (resolved: R) => RecordedEvent | undefined,
): AsyncIterable<RecordedEvent> {
  const queue: R[] = [];
  let ended = false;
  let paused = false;
  let failure: unknown;
  let wake: (() => void) | undefined;
  const onData = (resolved: R) => {
    queue.push(resolved);
    if (queue.length >= READ_BUFFER && !paused) {
      paused = true;
      read.pause();
    }
    wake?.();
  };
  read.on('data', onData);
  read.once('end', () => {
    ended = true;
    wake?.();
  });
  // Stays attached after an early exit: an error of an abandoned read is nobody's concern.
  read.on('error', (error: unknown) => {
    failure ??= error;
    ended = true;
    wake?.();
  });
  let finished = false;
  let handed = 0;
  try {
    for (;;) {
      while (queue.length > 0) {
        const event = convert(queue.shift()!);
        if (paused && queue.length <= READ_BUFFER / 2) {
          paused = false;
          read.resume();
        }
        if (event) yield event;
        if (++handed % EVENTS_PER_TURN === 0 && !ended) {
          await new Promise<void>((resolve) => setImmediate(resolve));
        }
      }
      if (failure !== undefined) throw failure;
      if (ended) break;
      await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
    }
    finished = true;
  } catch (error) {
    finished = true;
    if (!(error instanceof StreamNotFoundError)) throw error;
  } finally {
    if (!finished) {
      read.removeListener('data', onData);
      await read.cancel().catch(() => undefined);
      read.resume();
    }
  }
}
