import { randomUUID } from 'node:crypto';
import type { sendUnaryData, ServerDuplexStream, ServerUnaryCall } from '@grpc/grpc-js';
import { Empty } from '@eventstore/db-client/generated/shared_pb';
import {
  PersistentSubscriptionsService,
  type IPersistentSubscriptionsServer,
} from '@eventstore/db-client/generated/persistent_grpc_pb';
import {
  CreateReq,
  CreateResp,
  DeleteResp,
  GetInfoReq,
  GetInfoResp,
  ListReq,
  ListResp,
  ReadReq,
  ReadResp,
  ReplayParkedReq,
  ReplayParkedResp,
  SubscriptionInfo,
  UpdateReq,
  UpdateResp,
} from '@eventstore/db-client/generated/persistent_pb';
import { ProtocolError, parseUint64, streamNameOf, uuidToString } from '../../protocol/codec';
import { bytesOrMessage, uuidOfBytes } from '../../protocol/wire';
import { decodeReadRequest, isAck, type AckRequest } from '../../protocol/persistent-read-wire';
import {
  callerName,
  subscriptionAccessDenied,
  type SubscriptionOperation,
} from '../../security/call-security';
import {
  invalidArgument,
  maximumSubscribersReached,
  persistentSubscriptionFailed,
  persistentSubscriptionNotFound,
} from '../../protocol/errors';
import type { FilterSpec } from '../event-filter';
import { deliveryBytes, type Delivery } from './delivery';
import { ALL, positionText, type GroupDefinition, type GroupSettings } from './group-definition';
import type { PersistentSubscriptionService } from './persistent-subscription-service';
import { RequestStatistics } from './request-statistics';
import type { GroupConsumer, SubscriptionGroup } from './subscription-group';

/** The deprecated enum still sent by client 6.2.1 (`named_consumer_strategy`), by number. */
const STRATEGY_BY_NUMBER = ['DispatchToSingle', 'RoundRobin', 'Pinned'];
const TICKS_PER_MS = 10_000;

type Settings = CreateReq.Settings | UpdateReq.Settings;

function settingsOf(s: Settings | undefined): GroupSettings {
  if (!s) throw new ProtocolError('settings are required');
  const timeoutCase = s.getMessageTimeoutCase();
  const checkpointCase = s.getCheckpointAfterCase();
  const named = 'getConsumerStrategy' in s ? s.getConsumerStrategy() : '';
  return {
    resolveLinks: s.getResolveLinks(),
    extraStatistics: s.getExtraStatistics(),
    messageTimeoutMs:
      timeoutCase === CreateReq.Settings.MessageTimeoutCase.MESSAGE_TIMEOUT_MS
        ? s.getMessageTimeoutMs()
        : timeoutCase === CreateReq.Settings.MessageTimeoutCase.MESSAGE_TIMEOUT_TICKS
          ? Math.floor(Number(s.getMessageTimeoutTicks()) / TICKS_PER_MS)
          : 0,
    maxRetryCount: s.getMaxRetryCount(),
    checkpointAfterMs:
      checkpointCase === CreateReq.Settings.CheckpointAfterCase.CHECKPOINT_AFTER_MS
        ? s.getCheckpointAfterMs()
        : checkpointCase === CreateReq.Settings.CheckpointAfterCase.CHECKPOINT_AFTER_TICKS
          ? Math.floor(Number(s.getCheckpointAfterTicks()) / TICKS_PER_MS)
          : 0,
    minCheckpointCount: s.getMinCheckpointCount(),
    maxCheckpointCount: s.getMaxCheckpointCount(),
    maxSubscriberCount: s.getMaxSubscriberCount(),
    liveBufferSize: s.getLiveBufferSize(),
    readBatchSize: s.getReadBatchSize(),
    historyBufferSize: s.getHistoryBufferSize(),
    consumerStrategy:
      named ||
      (STRATEGY_BY_NUMBER[s.getNamedConsumerStrategy()] ?? String(s.getNamedConsumerStrategy())),
  };
}

/** A revision as StreamRevision.ToInt64 reads it: END (ulong.MaxValue) is -1. */
const revisionOf = (text: string, field: string): number => {
  const n = parseUint64(text, field);
  return n === Infinity ? -1 : n;
};

type StreamOptions = CreateReq.StreamOptions | UpdateReq.StreamOptions;
type AllOptions = CreateReq.AllOptions | UpdateReq.AllOptions;

function streamStart(options: StreamOptions): number {
  if (options.hasStart()) return 0;
  if (options.hasEnd()) return -1;
  return revisionOf(options.getRevision(), 'revision');
}

function allStart(options: AllOptions): number {
  if (options.hasStart()) return 0;
  if (options.hasEnd()) return -1;
  const position = options.getPosition();
  if (!position) throw new ProtocolError('all options need start, end or a position');
  const commit = parseUint64(position.getCommitPosition(), 'commit_position');
  return commit === Infinity ? -1 : commit;
}

function filterOf(options: CreateReq.AllOptions): FilterSpec | undefined {
  const filter = options.getFilter();
  if (!options.hasFilter() || !filter) return undefined;
  const onStream = filter.hasStreamIdentifier();
  const expression = onStream ? filter.getStreamIdentifier() : filter.getEventType();
  if (!expression) throw new ProtocolError('A filter needs a stream_identifier or an event_type');
  const regex = expression.getRegex();
  return {
    on: onStream ? 'stream' : 'type',
    // Regex wins when given (EventStoreDB: prefixes only when the regex is empty).
    prefixes: regex ? [] : expression.getPrefixList(),
    regex,
  };
}

/** Create and Update carry the same things in three shapes: stream (old and new), or $all. */
function definitionOf(options: CreateReq.Options | UpdateReq.Options | undefined): GroupDefinition {
  if (!options) throw new ProtocolError('options are required');
  const settings = settingsOf(options.getSettings());
  const group = options.getGroupName();
  if (options.hasAll()) {
    const all = options.getAll()!;
    return {
      stream: ALL,
      group,
      startFrom: allStart(all),
      filter: all instanceof CreateReq.AllOptions ? filterOf(all) : undefined,
      settings,
    };
  }
  if (options.hasStream()) {
    const stream = options.getStream()!;
    return {
      stream: notAll(streamNameOf(stream.getStreamIdentifier()), group),
      group,
      startFrom: streamStart(stream),
      settings,
    };
  }
  // Before 21.10 (and client 6.2.1 still): stream_identifier and the deprecated settings.revision.
  return {
    stream: notAll(streamNameOf(options.getStreamIdentifier()), group),
    group,
    startFrom: revisionOf(options.getSettings()!.getRevision() || '0', 'revision'),
    settings,
  };
}

/** `$all` named as a stream is refused, with EventStoreDB's words (written for its TCP API). */
function notAll(stream: string, group: string): string {
  if (stream === ALL) {
    throw persistentSubscriptionFailed(
      stream,
      group,
      'Persistent subscriptions to $all are only supported over gRPC through gRPC clients',
    );
  }
  return stream;
}

/** A unary call, refused with AccessDenied first when the caller may not make it. */
function unary<Req, Resp>(
  operation: SubscriptionOperation,
  work: (request: Req, call: ServerUnaryCall<Req, Resp>) => Promise<Resp> | Resp,
) {
  return (call: ServerUnaryCall<Req, Resp>, callback: sendUnaryData<Resp>): void => {
    const denied = subscriptionAccessDenied(call, operation);
    if (denied) return callback(denied);
    Promise.resolve()
      .then(() => work(call.request, call))
      .then(
        (resp) => callback(null, resp),
        (error: Error) =>
          callback(error instanceof ProtocolError ? invalidArgument(error.message) : error),
      );
  };
}

function subscriptionInfo(group: SubscriptionGroup): SubscriptionInfo {
  const extra = group.definition.settings.extraStatistics;
  const { stream } = group;
  const { settings } = group.definition;
  const stats = group.statistics();
  const info = new SubscriptionInfo();
  info.setEventSource(stream);
  info.setGroupName(group.definition.group);
  info.setStatus(stats.status);
  info.setConnectionsList(
    stats.consumers.map((c) => {
      const connection = new SubscriptionInfo.ConnectionInfo();
      connection.setFrom(c.from);
      connection.setUsername(c.username);
      connection.setConnectionName(c.connectionName);
      connection.setTotalItems(String(c.totalItems));
      connection.setCountSinceLastMeasurement('0');
      connection.setAvailableSlots(c.availableSlots());
      connection.setInFlightMessages(c.inFlight.size);
      if (extra && c instanceof CallConsumer) {
        connection.setObservedMeasurementsList(
          c.timings.measurements().map(([key, value]) => {
            const measurement = new SubscriptionInfo.Measurement();
            measurement.setKey(key);
            measurement.setValue(String(value));
            return measurement;
          }),
        );
      }
      return connection;
    }),
  );
  info.setAveragePerSecond(0);
  info.setTotalItems(String(stats.totalItems));
  info.setCountSinceLastMeasurement('0');
  info.setLastCheckpointedEventPosition(
    stats.lastCheckpoint === undefined ? '' : positionText(stream, stats.lastCheckpoint),
  );
  info.setLastKnownEventPosition(
    stats.lastKnown === undefined ? '' : positionText(stream, stats.lastKnown),
  );
  info.setResolveLinkTos(settings.resolveLinks);
  info.setStartFrom(positionText(stream, group.definition.startFrom));
  info.setMessageTimeoutMilliseconds(settings.messageTimeoutMs);
  info.setExtraStatistics(settings.extraStatistics);
  info.setMaxRetryCount(settings.maxRetryCount);
  info.setLiveBufferSize(settings.liveBufferSize);
  info.setBufferSize(settings.historyBufferSize);
  info.setReadBatchSize(settings.readBatchSize);
  info.setCheckPointAfterMilliseconds(settings.checkpointAfterMs);
  info.setMinCheckPointCount(settings.minCheckpointCount);
  info.setMaxCheckPointCount(settings.maxCheckpointCount);
  info.setReadBufferCount(stats.readBufferCount);
  info.setLiveBufferCount(String(stats.liveBufferCount));
  info.setRetryBufferCount(stats.retryBufferCount);
  info.setTotalInFlightMessages(stats.outstandingCount);
  info.setOutstandingMessagesCount(stats.outstandingCount);
  info.setNamedConsumerStrategy(settings.consumerStrategy);
  info.setMaxSubscriberCount(settings.maxSubscriberCount);
  info.setParkedMessageCount(String(stats.parkedCount));
  return info;
}

const streamOfOption = (hasAll: boolean, identifier: () => Parameters<typeof streamNameOf>[0]) =>
  hasAll ? ALL : streamNameOf(identifier());

/** A Read call as a consumer of its group. */
class CallConsumer implements GroupConsumer {
  readonly id = randomUUID();
  readonly inFlight = new Set<string>();
  readonly timings = new RequestStatistics();
  totalItems = 0;
  private ended = false;

  constructor(
    private readonly call: ServerDuplexStream<AckRequest | ReadReq, ReadResp>,
    readonly bufferSize: number,
    private readonly structuredIds: boolean,
    readonly connectionName: string,
    readonly from: string,
    readonly username: string,
  ) {}

  availableSlots(): number {
    return Math.max(0, this.bufferSize - this.inFlight.size);
  }

  observe(milliseconds: number): void {
    this.timings.observe(milliseconds);
  }

  send(delivery: Delivery): void {
    // Bytes, written by hand (delivery.ts); the Read method's serializer passes them through.
    if (!this.ended)
      this.call.write(deliveryBytes(delivery, this.structuredIds) as unknown as ReadResp);
  }

  drop(error: Error): void {
    if (this.ended) return;
    this.ended = true;
    this.call.emit('error', error);
  }

  gone(): void {
    this.ended = true;
  }
}

function nackAction(action: ReadReq.Nack.Action): 'park' | 'retry' | 'skip' | 'stop' | 'unknown' {
  switch (action) {
    case ReadReq.Nack.Action.PARK:
      return 'park';
    case ReadReq.Nack.Action.RETRY:
      return 'retry';
    case ReadReq.Nack.Action.SKIP:
      return 'skip';
    case ReadReq.Nack.Action.STOP:
      return 'stop';
    default:
      return 'unknown';
  }
}

/**
 * Read: the first message names the group; then the server sends a confirmation (the
 * subscription id is `stream::group`) and events, while the client sends acks and nacks by
 * event id (the link's id for a resolved link).
 */
function handleRead(
  service: PersistentSubscriptionService,
  call: ServerDuplexStream<AckRequest | ReadReq, ReadResp>,
): void {
  let consumer: CallConsumer | undefined;
  let group: SubscriptionGroup | undefined;
  let failed = false;
  const fail = (error: Error) => {
    failed = true;
    call.emit('error', error);
  };
  const leave = () => {
    if (consumer && group) group.removeConsumer(consumer);
    consumer?.gone();
  };
  call.on('cancelled', leave);
  call.on('close', leave);
  call.on('error', leave);
  call.on('data', (request: AckRequest | ReadReq) => {
    if (failed) return;
    try {
      if (!consumer) {
        const options = isAck(request) ? undefined : request.getOptions();
        if (!options) throw new ProtocolError('The first message of a Read must be its options');
        const stream = streamOfOption(options.hasAll(), () => options.getStreamIdentifier());
        const name = options.getGroupName();
        const denied = subscriptionAccessDenied(call, 'process', stream);
        if (denied) return fail(denied);
        const found = service.get(stream, name);
        if (!found) return fail(persistentSubscriptionNotFound(stream, name));
        if (found.isFull) return fail(maximumSubscribersReached(stream, name));
        const connectionName = String(call.metadata.get('connection-name')[0] ?? '<unknown>');
        consumer = new CallConsumer(
          call,
          Math.max(1, options.getBufferSize()),
          !(options.getUuidOption()?.hasString() ?? false),
          connectionName,
          call.getPeer(),
          callerName(call),
        );
        group = found;
        const confirmation = new ReadResp.SubscriptionConfirmation();
        confirmation.setSubscriptionId(found.key);
        const resp = new ReadResp();
        resp.setSubscriptionConfirmation(confirmation);
        call.write(resp);
        found.addConsumer(consumer);
        return;
      }
      if (isAck(request)) {
        group!.ack(request.ackIds.map(uuidOfBytes));
      } else if (request.hasAck()) {
        group!.ack(request.getAck()!.getIdsList().map(uuidToString));
      } else if (request.hasNack()) {
        const nack = request.getNack()!;
        group!.nack(
          nackAction(nack.getAction()),
          nack.getIdsList().map(uuidToString),
          nack.getReason(),
        );
      }
    } catch (error) {
      fail(error instanceof ProtocolError ? invalidArgument(error.message) : (error as Error));
    }
  });
}

/**
 * The service as the generated definition describes it, but for Read: its acks are read by
 * hand (persistent-read-wire.ts), and a delivery arrives as the bytes `deliveryBytes` wrote and
 * goes out as it is; any other ReadResp (the confirmation) is serialized by its class.
 */
export const PERSISTENT_SUBSCRIPTIONS_DEFINITION = {
  ...PersistentSubscriptionsService,
  read: {
    ...PersistentSubscriptionsService.read,
    requestDeserialize: decodeReadRequest,
    responseSerialize: bytesOrMessage,
  },
};

export function persistentSubscriptionsServer(
  service: PersistentSubscriptionService,
): IPersistentSubscriptionsServer {
  return {
    create: unary<CreateReq, CreateResp>('manage', async (request) => {
      await service.create(definitionOf(request.getOptions()));
      return new CreateResp();
    }),
    update: unary<UpdateReq, UpdateResp>('manage', async (request) => {
      await service.update(definitionOf(request.getOptions()));
      return new UpdateResp();
    }),
    delete: unary('manage', async (request) => {
      const options = request.getOptions();
      if (!options) throw new ProtocolError('options are required');
      const stream = streamOfOption(options.hasAll(), () => options.getStreamIdentifier());
      await service.delete(stream, options.getGroupName());
      return new DeleteResp();
    }),
    read: (call) => handleRead(service, call),
    getInfo: unary<GetInfoReq, GetInfoResp>('statistics', (request) => {
      const options = request.getOptions();
      if (!options) throw new ProtocolError('options are required');
      const stream = streamOfOption(options.hasAll(), () => options.getStreamIdentifier());
      const group = service.get(stream, options.getGroupName());
      if (!group) throw persistentSubscriptionNotFound(stream, options.getGroupName());
      const resp = new GetInfoResp();
      resp.setSubscriptionInfo(subscriptionInfo(group));
      return resp;
    }),
    replayParked: unary<ReplayParkedReq, ReplayParkedResp>('manage', (request) => {
      const options = request.getOptions();
      if (!options) throw new ProtocolError('options are required');
      const stream = streamOfOption(options.hasAll(), () => options.getStreamIdentifier());
      const stopAt = options.hasStopAt() ? Number(options.getStopAt()) : undefined;
      service.replayParked(stream, options.getGroupName(), stopAt);
      return new ReplayParkedResp();
    }),
    list: unary<ListReq, ListResp>('statistics', (request) => {
      const options = request.getOptions();
      if (!options) throw new ProtocolError('options are required');
      let stream: string | undefined;
      if (options.hasListForStream()) {
        const forStream = options.getListForStream()!;
        stream = streamOfOption(forStream.hasAll(), () => forStream.getStream());
      }
      const resp = new ListResp();
      resp.setSubscriptionsList(service.list(stream).map(subscriptionInfo));
      return resp;
    }),
    restartSubsystem: unary<Empty, Empty>('manage', async () => {
      await service.restart();
      return new Empty();
    }),
  };
}
