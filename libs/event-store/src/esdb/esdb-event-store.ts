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
    yield* recordedEvents(read, (resolved) => resolved.event && fromClient(resolved.event));
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
    yield* recordedEvents(read, (resolved: AllStreamResolvedEvent) =>
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

/**
 * The events of one client read. A stream that does not exist reads as empty; leaving early
 * cancels the gRPC call (an abandoned one would hold the client's dispose() forever).
 */
async function* recordedEvents<R>(
  read: AsyncIterable<R> & { cancel(): Promise<void> },
  convert: (resolved: R) => RecordedEvent | undefined,
): AsyncIterable<RecordedEvent> {
  let finished = false;
  try {
    for await (const resolved of read) {
      const event = convert(resolved);
      if (event) yield event;
    }
    finished = true;
  } catch (error) {
    finished = true;
    if (!(error instanceof StreamNotFoundError)) throw error;
  } finally {
    if (!finished) await read.cancel().catch(() => undefined);
  }
}
