/**
 * The NULL SERVER: the same gRPC services as the real event store (Streams Read / Append /
 * BatchAppend and ServerFeatures, advertising BatchAppend so the client uses it), answering
 * from memory with no storage at all. It is the ceiling that the client, grpc-js and the
 * loopback leave for any server on this machine:
 *
 * - reads and subscriptions of `$all` stream N ready-made, already serialized ReadResp
 *   messages (~500-byte JSON events with increasing positions, 100 events per stream);
 * - appends are acknowledged at once with increasing revisions (per stream) and positions;
 *   appended events are not kept, and reads of single streams answer stream_not_found.
 *
 * With `durableDir` it is the DURABLE FLOOR instead: appends are answered only once their
 * events are on disk, through the store's own write-ahead log (`WriteAheadLog` of
 * libs/eventstore-server: one `O_DSYNC` frame per group) and the store's grouping — every append that
 * arrived while earlier groups were being written shares the next write, up to two frames on
 * their way to the disk at once, each group answered once it and the ones before it are on
 * disk. Nothing else: no
 * index, no decision, no LMDB. What it does per second is the most any durable server built on
 * this stack could do on this machine.
 *
 * Runs as a child process of bench/eventstore.bench.ts (like bench/server-child.ts) and reports
 * its port over IPC. Config (JSON in BENCH_CHILD_CONFIG): { events: number, durableDir?: string }
 */
import * as grpc from '@grpc/grpc-js';
import { StreamsService } from '@eventstore/db-client/generated/streams_grpc_pb';
import {
  AppendReq,
  AppendResp,
  ReadReq,
  ReadResp,
} from '@eventstore/db-client/generated/streams_pb';
import { ServerFeaturesService } from '@eventstore/db-client/generated/serverfeatures_grpc_pb';
import {
  SupportedMethod,
  SupportedMethods,
} from '@eventstore/db-client/generated/serverfeatures_pb';
import { StreamIdentifier, UUID } from '@eventstore/db-client/generated/shared_pb';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { WriteAheadLog } from '../libs/eventstore-server/src/storage/write-ahead-log';
import {
  type BatchAppendOptions,
  type BatchAppendRequest,
  decodeBatchAppendRequest,
  encodeBatchAppendSuccess,
} from '../libs/eventstore-server/src/protocol/batch-append-wire';
import { installChildControl } from './lib/child-control';
import { childConfig, sendToParent } from './lib/ipc';
import { EVENT_TYPE, eventData } from './lib/payload';
import { epochMs } from './lib/util';

const scriptStartAt = epochMs();

interface NullServerConfig {
  /** How many events `$all` holds for reads and catch-up subscriptions. */
  events: number;
  /** The durable floor: appends are answered once logged in a write-ahead log here. */
  durableDir?: string;
}

/** Distance between the positions of two consecutive events (about one record's size). */
const POSITION_STRIDE = 700;
const EVENTS_PER_STREAM = 100;
const UNIX_EPOCH_TICKS = 621355968000000000n;

function uuidFor(i: number): string {
  const hex = i.toString(16).padStart(12, '0');
  return `00000000-0000-4000-8000-${hex}`;
}

/** N serialized ReadResp{event} messages, built once at start-up. */
function buildEvents(count: number): Buffer[] {
  const created = String(UNIX_EPOCH_TICKS + BigInt(Date.now()) * 10000n);
  const out = new Array<Buffer>(count);
  for (let i = 0; i < count; i++) {
    const position = String(i * POSITION_STRIDE);
    const record = new ReadResp.ReadEvent.RecordedEvent();
    const id = new UUID();
    id.setString(uuidFor(i));
    record.setId(id);
    const stream = new StreamIdentifier();
    stream.setStreamName(Buffer.from(`null-${Math.floor(i / EVENTS_PER_STREAM)}`, 'utf8'));
    record.setStreamIdentifier(stream);
    record.setStreamRevision(String(i % EVENTS_PER_STREAM));
    record.setPreparePosition(position);
    record.setCommitPosition(position);
    const metadata = record.getMetadataMap();
    metadata.set('type', EVENT_TYPE);
    metadata.set('created', created);
    metadata.set('content-type', 'application/json');
    record.setCustomMetadata(new Uint8Array(0));
    record.setData(Buffer.from(JSON.stringify(eventData(i, i % 64)), 'utf8'));
    const readEvent = new ReadResp.ReadEvent();
    readEvent.setEvent(record);
    readEvent.setCommitPosition(position);
    const resp = new ReadResp();
    resp.setEvent(readEvent);
    out[i] = Buffer.from(resp.serializeBinary());
  }
  return out;
}

function serialized(resp: ReadResp): Buffer {
  return Buffer.from(resp.serializeBinary());
}

const CONFIRMATION = serialized(
  new ReadResp().setConfirmation(
    new ReadResp.SubscriptionConfirmation().setSubscriptionId('null-server-subscription'),
  ),
);
const CAUGHT_UP = serialized(new ReadResp().setCaughtUp(new ReadResp.CaughtUp()));

function notFound(streamName: Uint8Array | string): Buffer {
  const stream = new StreamIdentifier();
  stream.setStreamName(streamName);
  return serialized(
    new ReadResp().setStreamNotFound(new ReadResp.StreamNotFound().setStreamIdentifier(stream)),
  );
}

type ReadCall = grpc.ServerWritableStream<ReadReq, Buffer>;

/** Waits until the call can take more messages; false when the client went away. */
function drained(call: ReadCall): Promise<boolean> {
  return new Promise((resolve) => {
    const onDrain = (): void => {
      call.off('cancelled', onGone);
      call.off('close', onGone);
      resolve(true);
    };
    const onGone = (): void => {
      call.off('drain', onDrain);
      resolve(false);
    };
    call.once('drain', onDrain);
    call.once('cancelled', onGone);
    call.once('close', onGone);
  });
}

async function writeRange(
  call: ReadCall,
  events: Buffer[],
  from: number,
  to: number,
  step: number,
) {
  for (let i = from; step > 0 ? i < to : i > to; i += step) {
    if (call.cancelled) return false;
    if (!call.write(events[i])) {
      if (!(await drained(call))) return false;
    }
  }
  return true;
}

/** First event index at or after a `$all` position (forward reads include it). */
function indexAtOrAfter(position: bigint): number {
  const stride = BigInt(POSITION_STRIDE);
  return Number((position + stride - 1n) / stride);
}

function makeRead(events: Buffer[]) {
  return async (call: ReadCall): Promise<void> => {
    const options = call.request.getOptions();
    if (!options) {
      call.end();
      return;
    }
    if (options.hasStream()) {
      const name = options.getStream()?.getStreamIdentifier()?.getStreamName() ?? '';
      call.write(notFound(name));
      call.end();
      return;
    }
    const all = options.getAll();
    const n = events.length;
    if (options.hasSubscription()) {
      call.write(CONFIRMATION);
      let from = 0;
      if (all?.hasEnd()) from = n;
      else if (all?.hasPosition()) {
        const p = BigInt(all.getPosition()?.getCommitPosition() ?? '0');
        from = Math.min(n, Number(p / BigInt(POSITION_STRIDE)) + 1);
      }
      if (!(await writeRange(call, events, from, n, 1))) return;
      call.write(CAUGHT_UP);
      // Live: nothing more ever comes; the client cancels.
      return;
    }
    const count = Number(options.getCount() || String(n));
    const backwards = options.getReadDirection() === ReadReq.Options.ReadDirection.BACKWARDS;
    if (!backwards) {
      let from = 0;
      if (all?.hasEnd()) from = n;
      else if (all?.hasPosition()) {
        from = Math.min(n, indexAtOrAfter(BigInt(all.getPosition()?.getCommitPosition() ?? '0')));
      }
      const to = Math.min(n, from + count);
      if (await writeRange(call, events, from, to, 1)) call.end();
      return;
    }
    let from = n - 1;
    if (all?.hasStart()) from = -1;
    else if (all?.hasPosition()) {
      // backward reads exclude the position itself
      from = Math.min(n, indexAtOrAfter(BigInt(all.getPosition()?.getCommitPosition() ?? '0'))) - 1;
    }
    const to = Math.max(-1, from - count);
    if (await writeRange(call, events, from, to, -1)) call.end();
  };
}

class Acknowledger {
  private nextPosition: bigint;
  private readonly revisions = new Map<string, bigint>();
  private queue: Array<{ data: Buffer[]; answer: () => void }> = [];
  private flushing = false;
  private inFlight: Array<Promise<void>> = [];
  private wake: (() => void) | undefined;

  constructor(
    startPosition: number,
    private readonly log?: WriteAheadLog,
  ) {
    this.nextPosition = BigInt(startPosition);
  }

  /** Only the durable floor keeps the events' bytes: the null server must not pay for it. */
  get durable(): boolean {
    return this.log !== undefined;
  }

  /**
   * Calls `answer` with the stream's new revision and the position of its last event: at once,
   * or — for the durable floor — once the events are in the log, one write per group.
   */
  ack(
    stream: string,
    count: number,
    data: Buffer[],
    answer: (written: { revision: bigint; position: bigint }) => void,
  ): void {
    const respond = () => {
      const previous = this.revisions.get(stream) ?? -1n;
      const revision = previous + BigInt(count);
      this.revisions.set(stream, revision);
      this.nextPosition += BigInt(count * POSITION_STRIDE);
      answer({ revision, position: this.nextPosition - BigInt(POSITION_STRIDE) });
    };
    if (!this.log) return respond();
    this.queue.push({ data, answer: respond });
    const wake = this.wake;
    if (wake) {
      this.wake = undefined;
      setImmediate(wake);
    }
    if (this.flushing) return;
    this.flushing = true;
    setImmediate(() => void this.flush());
  }

  /**
   * As the store's EventLog groups: up to FRAMES_IN_FLIGHT frames written side by side, each
   * group answered once its frame and every earlier one are on disk; a request arriving while
   * a frame is in flight (and there is room) starts the next group on the next turn.
   */
  private async flush(): Promise<void> {
    let previous: Promise<void> = Promise.resolve();
    while (true) {
      if (this.queue.length === 0 || this.inFlight.length >= FRAMES_IN_FLIGHT) {
        if (this.inFlight.length === 0) break;
        await new Promise<void>((resolve) => {
          if (this.inFlight.length < FRAMES_IN_FLIGHT) this.wake = resolve;
          void this.inFlight[0].then(resolve);
        });
        this.wake = undefined;
        continue;
      }
      const group = this.queue.splice(0);
      const logged = this.log!.append(Buffer.concat(group.flatMap((g) => g.data)));
      const acked = Promise.all([previous, logged]).then(
        () => {
          void this.inFlight.shift();
          for (const g of group) g.answer();
        },
        (error: unknown) => {
          // A floor that cannot write measures nothing: stop, and the driver reports it.
          console.error(error);
          process.exit(1);
        },
      );
      this.inFlight.push(acked);
      previous = acked;
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    this.flushing = false;
  }
}

/** As libs/eventstore-server's EventLog: group commits whose frames may be in flight at once. */
const FRAMES_IN_FLIGHT = 2;

function streamKey(identifier: StreamIdentifier | undefined): string {
  const name = identifier?.getStreamName_asU8();
  return name ? Buffer.from(name).toString('utf8') : '';
}

/**
 * BatchAppend read and answered with the real server's own hand-written reader and writer
 * (libs/eventstore-server's batch-append-wire.ts), so that neither server pays for a codec the
 * other is spared: what separates them is the store.
 */
function makeBatchAppend(acks: Acknowledger) {
  return (call: grpc.ServerDuplexStream<BatchAppendRequest, Buffer>): void => {
    // Appends larger than one chunk arrive in several requests with the same correlation id.
    const pending = new Map<
      string,
      { options: BatchAppendOptions | undefined; count: number; data: Buffer[] }
    >();
    call.on('data', (req: BatchAppendRequest) => {
      const correlationId = req.correlationId ?? Buffer.alloc(0);
      const key = correlationId.toString('latin1');
      let state = pending.get(key);
      if (!state) {
        state = { options: req.options, count: 0, data: [] };
        pending.set(key, state);
      }
      state.count += req.messages.length;
      if (acks.durable) for (const message of req.messages) state.data.push(message.data);
      if (!req.isFinal) return;
      pending.delete(key);
      const { options, count, data } = state;
      const streamName = options?.streamName ?? Buffer.alloc(0);
      acks.ack(streamName.toString('utf8'), count, data, ({ revision, position }) => {
        const answer = encodeBatchAppendSuccess({
          correlationId,
          streamName,
          expectation: options?.expectation,
          revision: Number(revision),
          position: Number(position),
        });
        if (!call.cancelled && call.writable) call.write(answer);
      });
    });
    call.on('end', () => call.end());
    call.on('error', () => undefined);
  };
}

function makeAppend(acks: Acknowledger) {
  return (
    call: grpc.ServerReadableStream<AppendReq, AppendResp>,
    callback: grpc.sendUnaryData<AppendResp>,
  ): void => {
    let stream: StreamIdentifier | undefined;
    let count = 0;
    const data: Buffer[] = [];
    call.on('data', (req: AppendReq) => {
      if (req.hasOptions()) stream = req.getOptions()?.getStreamIdentifier();
      else if (req.hasProposedMessage()) {
        count++;
        if (acks.durable) data.push(Buffer.from(req.getProposedMessage()!.getData_asU8()));
      }
    });
    call.on('end', () => {
      acks.ack(streamKey(stream), count, data, ({ revision, position }) => {
        const success = new AppendResp.Success();
        success.setCurrentRevision(revision.toString());
        success.setPosition(
          new AppendResp.Position()
            .setCommitPosition(position.toString())
            .setPreparePosition(position.toString()),
        );
        callback(null, new AppendResp().setSuccess(success));
      });
    });
    call.on('error', () => undefined);
  };
}

function supportedMethods(): SupportedMethods {
  const method = (name: string, features: string[] = []): SupportedMethod =>
    new SupportedMethod()
      .setServiceName('event_store.client.streams.streams')
      .setMethodName(name)
      .setFeaturesList(features);
  return new SupportedMethods()
    .setEventStoreServerVersion('24.10.4')
    .setMethodsList([
      method('read', ['position', 'events']),
      method('append'),
      method('batchappend', ['deadline_duration']),
      method('delete'),
      method('tombstone'),
    ]);
}

async function main(): Promise<void> {
  const config = childConfig<NullServerConfig>();
  const events = buildEvents(config.events);
  const importedAt = epochMs();
  let log: WriteAheadLog | undefined;
  if (config.durableDir) {
    mkdirSync(config.durableDir, { recursive: true });
    log = await WriteAheadLog.open(join(config.durableDir, 'wal.log'));
  }
  const acks = new Acknowledger(config.events * POSITION_STRIDE, log);

  const server = new grpc.Server({
    'grpc.max_receive_message_length': 17 * 1024 * 1024,
    'grpc.max_send_message_length': 17 * 1024 * 1024,
  });
  // Read responses go out pre-serialized: the definition's serializer becomes the identity.
  // BatchAppend is read and answered by hand, as the real server does.
  const streamsDefinition: grpc.ServiceDefinition = {
    ...StreamsService,
    read: { ...StreamsService.read, responseSerialize: (value: Buffer) => value },
    batchAppend: {
      ...StreamsService.batchAppend,
      requestDeserialize: decodeBatchAppendRequest,
      responseSerialize: (value: Buffer) => value,
    },
  };
  const unimplemented = (_call: unknown, callback: grpc.sendUnaryData<never>): void =>
    callback({ code: grpc.status.UNIMPLEMENTED, details: 'null server' }, null);
  const read = makeRead(events);
  server.addService(streamsDefinition, {
    read: (call: ReadCall) => void read(call),
    append: makeAppend(acks),
    batchAppend: makeBatchAppend(acks),
    delete: unimplemented,
    tombstone: unimplemented,
  });
  const features = supportedMethods();
  server.addService(ServerFeaturesService, {
    getSupportedMethods: (_call: unknown, callback: grpc.sendUnaryData<SupportedMethods>) =>
      callback(null, features),
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, bound) =>
      err ? reject(err) : resolve(bound),
    ),
  );
  const listeningAt = epochMs();

  installChildControl(async () => {
    server.forceShutdown();
    await log?.close();
  });

  sendToParent({
    type: 'ready',
    port,
    connectionString: `esdb://127.0.0.1:${port}?tls=false`,
    timings: { processStartAt: performance.timeOrigin, scriptStartAt, importedAt, listeningAt },
    info: { events: config.events, durable: Boolean(config.durableDir) },
  });
}

main().catch((err: unknown) => {
  const error = err instanceof Error ? err : new Error(String(err));
  sendToParent({ type: 'error', message: error.message, stack: error.stack });
  setTimeout(() => process.exit(1), 100);
});
