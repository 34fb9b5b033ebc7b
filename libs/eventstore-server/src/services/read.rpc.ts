import { randomUUID } from 'node:crypto';
import type { ServerWritableStream } from '@grpc/grpc-js';
import { AllStreamPosition } from '@eventstore/db-client/generated/shared_pb';
import { ReadReq, ReadResp } from '@eventstore/db-client/generated/streams_pb';
import {
  ProtocolError,
  atPosition,
  parseUint64,
  streamIdentifier,
  streamNameOf,
} from '../protocol/codec';
import { invalidArgument, streamDeleted } from '../protocol/errors';
import type { CommitNotice, EventLog } from '../storage/event-log';
import { TOMBSTONE_REVISION, isSoftDeleted, type StoredEvent } from '../storage/stored-event';
import {
  defaultAllFilter,
  parseFilter,
  type EventPredicate,
  type SubscriptionFilter,
} from './event-filter';
import { readEventBytes, type ReadEventOptions } from './read-event';
import { accessDenied } from '../security/call-security';

/** Events go out as the bytes readEventBytes wrote; other answers as ReadResp (STREAMS_SERVICE). */
type ReadCall = ServerWritableStream<ReadReq, ReadResp | Buffer>;

/** Events read from storage per synchronous step; between steps the event loop breathes. */
const PAGE = 256;

/**
 * Writes to the call, waiting for the transport when its buffer is full: a slow reader
 * slows its own stream and nothing else.
 */
class Sink {
  private closed = false;
  private settle!: () => void;
  /** Settles when the call is over, however it ends, so a sleeping subscription wakes. */
  readonly whenClosed = new Promise<void>((resolve) => (this.settle = resolve));

  constructor(private readonly call: ReadCall) {
    const close = () => {
      this.closed = true;
      this.settle();
    };
    call.on('cancelled', close);
    call.on('close', close);
    call.on('error', close);
  }

  get isClosed(): boolean {
    return this.closed || this.call.cancelled;
  }

  async write(message: ReadResp | Buffer): Promise<void> {
    if (this.isClosed) return;
    if (!this.call.write(message)) {
      await new Promise<void>((resolve) => {
        const done = () => {
          this.call.off('drain', done);
          this.call.off('cancelled', done);
          this.call.off('close', done);
          resolve();
        };
        this.call.on('drain', done);
        this.call.on('cancelled', done);
        this.call.on('close', done);
      });
    }
  }

  end(): void {
    if (!this.isClosed) this.call.end();
  }

  fail(error: Error): void {
    if (!this.isClosed) {
      this.closed = true;
      this.settle();
      this.call.emit('error', error);
    }
  }
}

const breathe = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function handleRead(log: EventLog, call: ReadCall, now: () => number): Promise<void> {
  const sink = new Sink(call);
  try {
    const options = call.request.getOptions();
    if (!options) throw new ProtocolError('options are required');
    const eventOptions: ReadEventOptions = {
      structuredIds: options.getUuidOption()?.hasStructured() ?? false,
      resolveLinks: options.getResolveLinks(),
    };
    const backwards = options.getReadDirection() === ReadReq.Options.ReadDirection.BACKWARDS;
    const subscription = options.hasSubscription();
    const filter = options.hasFilter() ? parseFilter(options.getFilter()!) : undefined;
    const compatibility = options.getControlOption()?.getCompatibility() ?? 0;
    const denied = accessDenied(
      call,
      'read',
      options.hasStream() ? streamNameOf(options.getStream()!.getStreamIdentifier()) : '$all',
    );
    if (denied) throw denied;

    if (options.hasStream()) {
      if (filter) throw new ProtocolError('Filters apply only to reads and subscriptions of $all');
      const streamOptions = options.getStream()!;
      const stream = streamNameOf(streamOptions.getStreamIdentifier());
      if (subscription) {
        const from = streamOptions.hasStart()
          ? -1
          : streamOptions.hasEnd()
            ? log.readableState(stream).last
            : parseUint64(streamOptions.getRevision(), 'revision');
        await subscribeToStream(log, sink, stream, from, eventOptions, now);
      } else {
        // Stream reads include their starting revision in both directions.
        const from = streamOptions.hasStart()
          ? 0
          : streamOptions.hasEnd()
            ? Infinity
            : parseUint64(streamOptions.getRevision(), 'revision');
        const count = countOf(options);
        await readStream(
          log,
          sink,
          stream,
          from,
          backwards,
          count,
          eventOptions,
          now,
          compatibility,
        );
      }
    } else if (options.hasAll()) {
      const allOptions = options.getAll()!;
      const position = allOptions.hasPosition()
        ? parseUint64(allOptions.getPosition()!.getCommitPosition(), 'commit_position')
        : undefined;
      if (subscription) {
        const from = allOptions.hasStart()
          ? -1
          : allOptions.hasEnd()
            ? log.headPosition
            : position!;
        await subscribeToAll(log, sink, from, filter, eventOptions);
      } else {
        const from = allOptions.hasStart() ? 0 : allOptions.hasEnd() ? Infinity : position!;
        await readAll(
          log,
          sink,
          from,
          backwards,
          countOf(options),
          filter?.predicate,
          eventOptions,
          compatibility,
        );
      }
    } else {
      throw new ProtocolError('options must name a stream or $all');
    }
  } catch (error) {
    if (error instanceof ProtocolError) sink.fail(invalidArgument(error.message));
    else if (error instanceof StreamDeletedSignal) sink.fail(streamDeleted(error.stream));
    else sink.fail(error as Error);
  }
}

class StreamDeletedSignal extends Error {
  constructor(readonly stream: string) {
    super(`stream ${stream} is deleted`);
  }
}

function countOf(options: ReadReq.Options): number {
  if (!options.hasCount()) return Infinity;
  const count = parseUint64(options.getCount(), 'count');
  return count;
}

/** The lowest revision a read may see: `$tb`, `$maxCount`; metastreams keep only their last. */
function visibleFrom(
  log: EventLog,
  stream: string,
  last: number,
  now: () => number,
): { from: number; minCreated: number; deleted: boolean } {
  if (stream.startsWith('$$'))
    return { from: Math.max(0, last), minCreated: -Infinity, deleted: false };
  const metadata = log.metadataOf(stream, true);
  if (!metadata) return { from: 0, minCreated: -Infinity, deleted: false };
  let from = metadata.truncateBefore ?? 0;
  if (metadata.maxCount !== undefined) from = Math.max(from, last - metadata.maxCount + 1);
  return {
    from,
    minCreated: metadata.maxAge !== undefined ? now() - metadata.maxAge * 1000 : -Infinity,
    deleted: isSoftDeleted(metadata),
  };
}

async function readStream(
  log: EventLog,
  sink: Sink,
  stream: string,
  from: number,
  backwards: boolean,
  count: number,
  eventOptions: ReadEventOptions,
  now: () => number,
  compatibility: number,
): Promise<void> {
  const state = log.readableState(stream);
  if (state.tomb || log.isMetastreamOfTombstoned(stream)) throw new StreamDeletedSignal(stream);
  const visibility = visibleFrom(log, stream, state.last, now);
  if (state.last < 0 || visibility.deleted) {
    const notFound = new ReadResp.StreamNotFound();
    notFound.setStreamIdentifier(streamIdentifier(stream));
    const resp = new ReadResp();
    resp.setStreamNotFound(notFound);
    await sink.write(resp);
    sink.end();
    return;
  }
  const minCreated = visibility.minCreated;
  if (compatibility >= 1) {
    const first = new ReadResp();
    first.setFirstStreamPosition(String(visibility.from));
    await sink.write(first);
  }
  let sent = 0;
  let cursor = backwards ? Math.min(from, state.last) : Math.max(from, visibility.from);
  while (sent < count && !sink.isClosed) {
    const lo = backwards ? Math.max(visibility.from, cursor - PAGE + 1) : cursor;
    const hi = backwards ? cursor : Math.min(state.last, cursor + PAGE - 1);
    if (lo > hi) break;
    const page = [...log.streamRange(stream, lo, hi, backwards)];
    for (const event of page) {
      if (sent >= count) break;
      if (event.created < minCreated) continue;
      await sink.write(readEventBytes(log, event, eventOptions));
      sent++;
    }
    cursor = backwards ? lo - 1 : hi + 1;
    await breathe();
  }
  if (compatibility >= 1) {
    const last = new ReadResp();
    last.setLastStreamPosition(String(state.last));
    await sink.write(last);
  }
  sink.end();
}

function* pageOfAll(
  log: EventLog,
  from: number,
  backwards: boolean,
  until = Infinity,
): Generator<StoredEvent> {
  let n = 0;
  for (const event of log.allRange(from, backwards)) {
    if (!backwards && event.position > until) return;
    yield event;
    if (++n >= PAGE) return;
  }
}

async function readAll(
  log: EventLog,
  sink: Sink,
  from: number,
  backwards: boolean,
  count: number,
  predicate: EventPredicate | undefined,
  eventOptions: ReadEventOptions,
  compatibility: number,
): Promise<void> {
  // Reads see what was durable when they started; later commits belong to the next read.
  const head = log.headPosition;
  let cursor = backwards ? Math.min(from, head + 1) : from;
  let sent = 0;
  while (sent < count && !sink.isClosed) {
    const page = [...pageOfAll(log, cursor, backwards, head)];
    if (page.length === 0) break;
    for (const event of page) {
      if (sent >= count) break;
      if (predicate && !predicate(event)) continue;
      await sink.write(readEventBytes(log, event, eventOptions));
      sent++;
    }
    cursor = backwards ? page[page.length - 1].position : page[page.length - 1].position + 1;
    await breathe();
  }
  if (compatibility >= 1) {
    const last = new ReadResp();
    last.setLastAllStreamPosition(atPosition(new AllStreamPosition(), Math.max(head, 0)));
    await sink.write(last);
  }
  sink.end();
}

// ---------------------------------------------------------------- subscriptions

/**
 * Sleeps until the log commits something the subscriber cares about, or the call ends.
 * Called right after finding nothing to read, with no `await` in between: commits are
 * announced on later turns, so none can slip between that check and this registration.
 */
function nextCommit(
  log: EventLog,
  sink: Sink,
  relevant: (streams: ReadonlySet<string>) => boolean,
): Promise<void> {
  let onCommit!: (notice: CommitNotice) => void;
  const committed = new Promise<void>((resolve) => {
    onCommit = (notice) => {
      if (relevant(notice.streams)) resolve();
    };
    log.events.on('commit', onCommit);
  });
  return Promise.race([committed, sink.whenClosed]).finally(() =>
    log.events.off('commit', onCommit),
  );
}

async function confirm(sink: Sink): Promise<void> {
  const confirmation = new ReadResp.SubscriptionConfirmation();
  confirmation.setSubscriptionId(randomUUID());
  const resp = new ReadResp();
  resp.setConfirmation(confirmation);
  await sink.write(resp);
}

async function caughtUp(sink: Sink): Promise<void> {
  const resp = new ReadResp();
  resp.setCaughtUp(new ReadResp.CaughtUp());
  await sink.write(resp);
}

/**
 * A subscription is a cursor over the durable log: it reads everything after its cursor,
 * and when nothing is left it says `caught_up` once and sleeps until the next commit. Live
 * events are read back from the log rather than pushed, so the hand-off from catch-up to
 * live can neither skip nor repeat an event, and a slow reader only falls behind.
 */
async function subscribeToStream(
  log: EventLog,
  sink: Sink,
  stream: string,
  fromExclusive: number,
  eventOptions: ReadEventOptions,
  now: () => number,
): Promise<void> {
  await confirm(sink);
  let cursor = fromExclusive;
  let live = false;
  while (!sink.isClosed) {
    const state = log.readableState(stream);
    if (state.last > cursor) {
      const { from } = visibleFrom(log, stream, state.last, now);
      const lo = Math.max(cursor + 1, from);
      const hi = Math.min(state.last, lo + PAGE - 1);
      for (const event of [...log.streamRange(stream, lo, hi, false)]) {
        await sink.write(readEventBytes(log, event, eventOptions));
      }
      cursor = hi;
      await breathe();
      continue;
    }
    if (state.tomb) {
      const tombstone = log.eventAt(stream, TOMBSTONE_REVISION);
      if (tombstone) await sink.write(readEventBytes(log, tombstone, eventOptions));
      throw new StreamDeletedSignal(stream);
    }
    if (!live) {
      live = true;
      await caughtUp(sink);
      continue; // look again: something may have been committed while that was written
    }
    await nextCommit(log, sink, (streams) => streams.has(stream));
  }
}

async function subscribeToAll(
  log: EventLog,
  sink: Sink,
  fromExclusive: number,
  filter: SubscriptionFilter | undefined,
  eventOptions: ReadEventOptions,
): Promise<void> {
  await confirm(sink);
  const predicate: EventPredicate = filter
    ? (e) => defaultAllFilter(e) && filter.predicate(e)
    : defaultAllFilter;
  let lastCheckpoint = -1;
  const checkpoint = async (position: number) => {
    // Never the same checkpoint twice: the end of catch-up may fall on an interval.
    if (position <= lastCheckpoint) return;
    lastCheckpoint = position;
    const resp = new ReadResp();
    resp.setCheckpoint(atPosition(new ReadResp.Checkpoint(), position));
    await sink.write(resp);
  };
  let cursor = fromExclusive;
  let considered = 0;
  let live = false;
  while (!sink.isClosed) {
    const head = log.headPosition;
    if (head > cursor) {
      for (const event of [...pageOfAll(log, cursor + 1, false, head)]) {
        cursor = event.position;
        if (predicate(event)) await sink.write(readEventBytes(log, event, eventOptions));
        if (filter && ++considered >= filter.checkpointInterval) {
          considered = 0;
          await checkpoint(cursor);
        }
      }
      await breathe();
      continue;
    }
    if (!live) {
      live = true;
      // The end of catch-up is always a checkpoint, so a filter that matched nothing still
      // tells the client how far it has looked.
      if (filter) await checkpoint(Math.max(cursor, head, 0));
      await caughtUp(sink);
      continue; // look again: something may have been committed while that was written
    }
    await nextCommit(log, sink, () => true);
  }
}
