import { randomUUID } from 'node:crypto';
import {
  Metadata,
  status as Status,
  type sendUnaryData,
  type ServerReadableStream,
  type ServerUnaryCall,
  type ServiceDefinition,
  type ServiceError,
  type UntypedServiceImplementation,
} from '@grpc/grpc-js';
import { Any } from 'google-protobuf/google/protobuf/any_pb';
import { Status as RpcStatus } from '@eventstore/db-client/generated/status_pb';
import type protobuf from 'protobufjs';
import {
  SCHEMA_FORMAT_NAMES,
  V2_STREAMS_SERVICE,
  int64,
  v2,
  valueToJson,
  type AppendRecordMessage,
  type AppendRecordsRequestMessage,
  type AppendRequestMessage,
} from '../protocol/v2-streams';
import {
  STREAM_STATE,
  type EventLog,
  type RecordToWrite,
  type StateCheck,
} from '../storage/event-log';
import type {
  ExpectedRevision,
  MultiAppendOutcome,
  MultiAppendRequest,
  ProposedEvent,
} from '../storage/stored-event';
import { wireExpected } from './proposed-events';
import { withTimeout, type WriteSettings } from './append.rpc';
import { accessDenied } from '../security/call-security';

const JSON_FORMAT = 1;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A protobufjs message type as a gRPC method's (de)serializers. */
function codec<T>(type: protobuf.Type) {
  return {
    serialize: (message: T) =>
      Buffer.from(type.encode(type.fromObject(message as object)).finish()),
    deserialize: (bytes: Buffer) => type.toObject(type.decode(bytes), { defaults: false }) as T,
  };
}

const request = codec<AppendRequestMessage>(v2.AppendRequest);
const response = codec<SessionResponse>(v2.AppendSessionResponse);
const recordsRequest = codec<AppendRecordsRequestMessage>(v2.AppendRecordsRequest);
const recordsResponse = codec<RecordsResponse>(v2.AppendRecordsResponse);

interface SessionResponse {
  output: { stream: string; streamRevision: number }[];
  position: number;
}

interface RecordsResponse {
  revisions: { stream: string; revision: number }[];
  position: number;
}

/**
 * `kurrentdb.protocol.v2.streams.StreamsService` as grpc-js serves it: KurrentDB 25.1's
 * `AppendSession` and 26.1's `AppendRecords`.
 */
export const V2_STREAMS_DEFINITION: ServiceDefinition = {
  appendSession: {
    path: `/${V2_STREAMS_SERVICE}/AppendSession`,
    requestStream: true,
    responseStream: false,
    requestSerialize: request.serialize,
    requestDeserialize: request.deserialize,
    responseSerialize: response.serialize,
    responseDeserialize: response.deserialize,
  },
  appendRecords: {
    path: `/${V2_STREAMS_SERVICE}/AppendRecords`,
    requestStream: false,
    responseStream: false,
    requestSerialize: recordsRequest.serialize,
    requestDeserialize: recordsRequest.deserialize,
    responseSerialize: recordsResponse.serialize,
    responseDeserialize: recordsResponse.deserialize,
  },
};

/** The service's handlers on this log. */
export const v2Streams = (
  log: EventLog,
  settings: WriteSettings,
): UntypedServiceImplementation => ({
  appendSession: (
    call: ServerReadableStream<AppendRequestMessage, SessionResponse>,
    callback: sendUnaryData<SessionResponse>,
  ) => handleAppendSession(log, settings, call, callback),
  appendRecords: (
    call: ServerUnaryCall<AppendRecordsRequestMessage, RecordsResponse>,
    callback: sendUnaryData<RecordsResponse>,
  ) => handleAppendRecords(log, settings, call, callback),
});

/**
 * `AppendSession`: the client streams one request per stream (its records and expected
 * revision); when it half-closes, everything is appended atomically — every stream's
 * expectation holds and all records are written in one commit, or nothing is. As KurrentDB
 * 25.1: a stream may appear once per session; records are checked (id, schema, sizes) as
 * they arrive, so a bad one fails the session before anything is written; the properties
 * become the events' JSON metadata with `$schema.name` (and `$schema.format`), which is how
 * KurrentDB shows them to the v1 read API.
 */
export function handleAppendSession(
  log: EventLog,
  settings: WriteSettings,
  call: ServerReadableStream<AppendRequestMessage, SessionResponse>,
  callback: sendUnaryData<SessionResponse>,
): void {
  const requests: MultiAppendRequest[] = [];
  const seen = new Set<string>();
  const sizeOf = sizeGuard(settings, 'The append session');
  let done = false;
  const fail = (error: ServiceError) => {
    if (done) return;
    done = true;
    callback(error);
  };

  call.on('data', (message: AppendRequestMessage) => {
    if (done) return;
    const stream = message.stream ?? '';
    try {
      if (!stream) throw invalid('An append request names its stream');
      if (seen.has(stream.toLowerCase())) {
        throw detailed(
          Status.ABORTED,
          `Stream '${stream}' is already in this append session`,
          'StreamAlreadyInAppendSessionErrorDetails',
          { stream },
        );
      }
      seen.add(stream.toLowerCase());
      // With --auth, every stream of the session must be writable by the caller (KurrentDB
      // authorizes each request as it arrives).
      const denied = accessDenied(call, 'write', stream);
      if (denied) throw denied;
      const events = (message.records ?? []).map((record) => sizeOf(stream, record));
      requests.push({ stream, expected: expectedOf(message.expectedRevision), events });
    } catch (error) {
      fail(error as ServiceError);
    }
  });

  call.on('end', () => {
    if (done || call.cancelled) return;
    if (requests.length === 0) {
      fail(rpc(Status.FAILED_PRECONDITION, 'An append session needs at least one request'));
      return;
    }
    withTimeout(log.appendMany(requests), settings.writeTimeoutMs).then(
      (outcome) => {
        if (done) return;
        if (outcome === 'timeout') {
          fail(
            rpc(Status.DEADLINE_EXCEEDED, 'The append session timed out waiting for its commit'),
          );
          return;
        }
        if (outcome.kind !== 'ok') {
          fail(refusal(requests, outcome));
          return;
        }
        done = true;
        callback(null, {
          output: requests.map((r, i) => ({
            stream: r.stream,
            streamRevision: outcome.revisions[i],
          })),
          position: outcome.position ?? -1,
        });
      },
      (error: Error) => fail(rpc(Status.UNAVAILABLE, error.message)),
    );
  });
  call.on('error', () => {
    done = true;
  });
}

function refusal(
  requests: readonly MultiAppendRequest[],
  outcome: Exclude<MultiAppendOutcome, { kind: 'ok' }>,
): ServiceError {
  const { stream, expected } = requests[outcome.index];
  if (outcome.kind === 'deleted') {
    return detailed(
      Status.FAILED_PRECONDITION,
      `Stream '${stream}' is deleted`,
      'StreamTombstonedErrorDetails',
      { stream },
    );
  }
  return detailed(
    Status.FAILED_PRECONDITION,
    `Stream '${stream}' is at revision ${outcome.actual}, not the expected ${String(expected)}`,
    'StreamRevisionConflictErrorDetails',
    { stream, expectedRevision: wireExpected(expected), actualRevision: outcome.actual },
  );
}

/**
 * `AppendRecords` (KurrentDB 26.1): one request with records that each name their stream, in
 * any interleaving (the log keeps the request's order), and consistency checks on any streams,
 * written or not. All checks are evaluated before anything is written; if any fails, nothing is
 * and the error lists every violated check. As 26.1: a check names a stream at most once, and
 * expects a revision or NO_STREAM (-1), EXISTS (-4), DELETED (-5) or TOMBSTONED (-6), never
 * ANY; a written stream without a check is written as ANY (and, tombstoned, reported as a
 * violation of that implicit check, whose index follows the request's checks); with --auth,
 * written streams need write access and checked-only ones read access. The response gives
 * each written stream's last revision, in the order they first appear, and the commit position.
 */
export function handleAppendRecords(
  log: EventLog,
  settings: WriteSettings,
  call: ServerUnaryCall<AppendRecordsRequestMessage, RecordsResponse>,
  callback: sendUnaryData<RecordsResponse>,
): void {
  let checks: StateCheck[];
  let records: RecordToWrite[];
  try {
    ({ checks, records } = prepareRecords(call.request, settings));
    const written = new Set(records.map((r) => r.check));
    checks.forEach((check, index) => {
      const denied = accessDenied(call, written.has(index) ? 'write' : 'read', check.stream);
      if (denied) throw denied;
    });
  } catch (error) {
    callback(error as ServiceError);
    return;
  }
  withTimeout(log.appendRecords(checks, records), settings.writeTimeoutMs).then(
    (outcome) => {
      if (outcome === 'timeout') {
        callback(rpc(Status.DEADLINE_EXCEEDED, 'AppendRecords timed out waiting for its commit'));
      } else if (outcome.kind === 'violations') {
        callback(violation(checks, outcome.violations));
      } else {
        callback(null, {
          revisions: [...outcome.revisions].map(([index, revision]) => ({
            stream: checks[index].stream,
            revision,
          })),
          position: outcome.position,
        });
      }
    },
    (error: Error) => callback(rpc(Status.UNAVAILABLE, error.message)),
  );
}

const CHECKABLE = new Set<number>([
  STREAM_STATE.noStream,
  STREAM_STATE.exists,
  STREAM_STATE.deleted,
  STREAM_STATE.tombstoned,
]);

/**
 * The request's checks (in their order, then an ANY check for each written stream that has
 * none, as 26.1 numbers them) and its records as events pointing at their stream's check.
 * Streams are matched ignoring case, as 26.1 does.
 */
function prepareRecords(
  message: AppendRecordsRequestMessage,
  settings: WriteSettings,
): { checks: StateCheck[]; records: RecordToWrite[] } {
  if (!message.records?.length) {
    throw invalid('Append records request must contain at least one record.');
  }
  const checks: StateCheck[] = [];
  const byStream = new Map<string, number>();
  for (const check of message.checks ?? []) {
    const stream = check.streamState?.stream ?? '';
    const expected = int64(check.streamState?.expectedState) ?? 0;
    if (!check.streamState) throw invalid('Each consistency check must specify a type.');
    if (!stream) throw invalid('A consistency check names its stream.');
    if (expected < 0 && !CHECKABLE.has(expected)) {
      throw invalid(
        `Expected state ${expected} of '${stream}' must be a revision or one of NoStream (-1), ` +
          'Exists (-4), Deleted (-5) or Tombstoned (-6). Any (-2) is not allowed.',
      );
    }
    if (byStream.has(stream.toLowerCase())) {
      throw invalid('Each stream can only appear once in consistency checks.');
    }
    byStream.set(stream.toLowerCase(), checks.length);
    checks.push({ stream, expected });
  }
  const sizeOf = sizeGuard(settings, 'The append');
  const records = message.records.map((record, n): RecordToWrite => {
    const stream = record.stream ?? '';
    if (!stream) throw invalid(`Record ${n} names no stream.`);
    let check = byStream.get(stream.toLowerCase());
    if (check === undefined) {
      check = checks.push({ stream, expected: STREAM_STATE.any }) - 1;
      byStream.set(stream.toLowerCase(), check);
    }
    return { check, event: sizeOf(stream, record) };
  });
  return { checks, records };
}

/** `AppendConsistencyViolationErrorDetails` naming every failed check, as 26.1 words it. */
function violation(
  checks: readonly StateCheck[],
  violations: readonly { index: number; actual: number }[],
): ServiceError {
  const lines = violations.map(({ index, actual }) => {
    const { stream, expected } = checks[index];
    return ` - Stream '${stream}': expected state ${expected}, actual state ${actual}.`;
  });
  return detailed(
    Status.FAILED_PRECONDITION,
    ['Append failed due to consistency violations.', '', ...lines].join('\n'),
    'AppendConsistencyViolationErrorDetails',
    {
      violations: violations.map(({ index, actual }) => ({
        checkIndex: index,
        streamState: {
          stream: checks[index].stream,
          expectedState: checks[index].expected,
          actualState: actual,
        },
      })),
    },
  );
}

/**
 * A record as an event, refused when it alone, or the running total of the call's records,
 * is larger than the maximum append size (KurrentDB's two size errors).
 */
function sizeGuard(settings: WriteSettings, what: string) {
  let total = 0;
  return (stream: string, record: AppendRecordMessage): ProposedEvent => {
    const event = toProposedEvent(record);
    const size = recordSize(record, event);
    if (size > settings.maxAppendSize) {
      throw detailed(
        Status.INVALID_ARGUMENT,
        `Record ${event.id} of '${stream}' is ${size} bytes, more than ${settings.maxAppendSize}`,
        'AppendRecordSizeExceededErrorDetails',
        { stream, recordId: event.id, size, maxSize: settings.maxAppendSize },
      );
    }
    total += size;
    if (total > settings.maxAppendSize) {
      throw detailed(
        Status.ABORTED,
        `${what} is ${total} bytes, more than ${settings.maxAppendSize}`,
        'AppendTransactionSizeExceededErrorDetails',
        { size: total, maxSize: settings.maxAppendSize },
      );
    }
    return event;
  };
}

/** A v2 record as an event: its id (made when absent), type, JSON flag, data and metadata. */
function toProposedEvent(record: AppendRecordMessage): ProposedEvent {
  const id = record.recordId ?? randomUUID();
  if (!UUID.test(id)) throw invalid(`Record id '${id}' is not a UUID`);
  const type = record.schema?.name ?? '';
  if (!type) throw invalid(`Record ${id} has no schema name (its event type)`);
  const format = record.schema?.format ?? 0;
  const formatName = SCHEMA_FORMAT_NAMES[format];
  if (!formatName) throw invalid(`Record ${id} has no schema format`);
  // KurrentDB keeps the properties and shows them to v1 readers as this JSON document.
  const metadata: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record.properties ?? {})) {
    metadata[key] = valueToJson(value);
  }
  if (format !== JSON_FORMAT) metadata['$schema.format'] = formatName;
  if (record.schema?.id) metadata['$schema.id'] = record.schema.id;
  metadata['$schema.name'] = type;
  if (format === JSON_FORMAT) metadata['$schema.format'] = formatName;
  const data = record.data ?? new Uint8Array();
  return {
    id: id.toLowerCase(),
    type,
    isJson: format === JSON_FORMAT,
    data: Buffer.from(data.buffer, data.byteOffset, data.byteLength),
    metadata: Buffer.from(JSON.stringify(metadata)),
  };
}

/** KurrentDB's size of a record: data, properties and schema name. */
const recordSize = (record: AppendRecordMessage, event: ProposedEvent): number =>
  event.data.length +
  Buffer.byteLength(JSON.stringify(record.properties ?? {})) +
  Buffer.byteLength(event.type);

function expectedOf(raw: AppendRequestMessage['expectedRevision']): ExpectedRevision {
  const value = int64(raw);
  if (value === undefined || value === -2) return 'any';
  if (value === -1) return 'no_stream';
  if (value === -4) return 'stream_exists';
  if (value >= 0 && Number.isSafeInteger(value)) return value;
  throw invalid(`Expected revision ${value} is not a revision nor -1, -2 or -4`);
}

function rpc(code: Status, message: string, metadata = new Metadata()): ServiceError {
  return Object.assign(new Error(message), { code, details: message, metadata }) as ServiceError;
}

const invalid = (message: string) => rpc(Status.INVALID_ARGUMENT, message);

/** An error with KurrentDB's details message packed in `grpc-status-details-bin`. */
function detailed(
  code: Status,
  message: string,
  detailsType: string,
  details: Record<string, unknown>,
): ServiceError {
  const type = v2.error(detailsType);
  const any = new Any();
  any.pack(type.encode(type.fromObject(details)).finish(), type.fullName.replace(/^\./, ''));
  const status = new RpcStatus();
  status.setCode(code as number);
  status.setMessage(message);
  status.setDetails(any);
  const metadata = new Metadata();
  metadata.set('grpc-status-details-bin', Buffer.from(status.serializeBinary()));
  return rpc(code, message, metadata);
}
