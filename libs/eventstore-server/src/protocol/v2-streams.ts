import protobuf from 'protobufjs';

/**
 * KurrentDB's v2 streams protocol (`kurrentdb.protocol.v2.streams`), the part this server
 * speaks: the multi-stream append of KurrentDB 25.1 (`AppendSession`) and the records append
 * with consistency checks of 26.1 (`AppendRecords`), with their error details. Written here
 * from the published interface in proto3 (the wire format is the same as the editions file
 * KurrentDB ships) and read with protobufjs, because neither official client exports the
 * server side of these messages: @eventstore/db-client 6.2.1 predates them, and the successor
 * client's generated code is a client's.
 */
const STREAMS = `
syntax = "proto3";
package kurrentdb.protocol.v2.streams;

service StreamsService {
  rpc AppendSession(stream AppendRequest) returns (AppendSessionResponse);
  rpc AppendRecords(AppendRecordsRequest) returns (AppendRecordsResponse);
}

enum SchemaFormat {
  SCHEMA_FORMAT_UNSPECIFIED = 0;
  SCHEMA_FORMAT_JSON = 1;
  SCHEMA_FORMAT_PROTOBUF = 2;
  SCHEMA_FORMAT_AVRO = 3;
  SCHEMA_FORMAT_BYTES = 4;
}

message SchemaInfo {
  SchemaFormat format = 1;
  string name = 2;
  optional string id = 3;
}

message AppendRecord {
  optional string record_id = 1;
  map<string, google.protobuf.Value> properties = 2;
  SchemaInfo schema = 3;
  bytes data = 4;
  string stream = 5;
}

message AppendRequest {
  string stream = 1;
  repeated AppendRecord records = 2;
  optional sint64 expected_revision = 3;
}

message AppendResponse {
  string stream = 1;
  sint64 stream_revision = 2;
  optional sint64 position = 3;
}

message AppendSessionResponse {
  repeated AppendResponse output = 1;
  sint64 position = 2;
}

message ConsistencyCheck {
  message StreamStateCheck {
    string stream = 1;
    sint64 expected_state = 2;
  }
  oneof type {
    StreamStateCheck stream_state = 1;
  }
}

message AppendRecordsRequest {
  repeated AppendRecord records = 1;
  repeated ConsistencyCheck checks = 2;
}

message StreamRevision {
  string stream = 1;
  sint64 revision = 2;
}

message AppendRecordsResponse {
  repeated StreamRevision revisions = 1;
  sint64 position = 2;
}
`;

const ERRORS = `
syntax = "proto3";
package kurrentdb.protocol.v2.streams.errors;

message StreamTombstonedErrorDetails { string stream = 1; }
message StreamRevisionConflictErrorDetails {
  string stream = 1;
  sint64 expected_revision = 2;
  sint64 actual_revision = 3;
}
message AppendRecordSizeExceededErrorDetails {
  string stream = 1;
  string record_id = 2;
  int32 size = 3;
  int32 max_size = 4;
}
message AppendTransactionSizeExceededErrorDetails { int32 size = 1; int32 max_size = 2; }
message StreamAlreadyInAppendSessionErrorDetails { string stream = 1; }
message AppendConsistencyViolationErrorDetails {
  repeated ConsistencyViolation violations = 1;
}
message ConsistencyViolation {
  int32 check_index = 1;
  oneof type { StreamStateViolation stream_state = 2; }
}
message StreamStateViolation {
  string stream = 1;
  sint64 expected_state = 2;
  sint64 actual_state = 3;
}
`;

/** The well-known types the messages use. */
const SUPPORT = `
syntax = "proto3";
package google.protobuf;
message Struct { map<string, Value> fields = 1; }
message Value {
  oneof kind {
    NullValue null_value = 1;
    double number_value = 2;
    string string_value = 3;
    bool bool_value = 4;
    Struct struct_value = 5;
    ListValue list_value = 6;
  }
}
message ListValue { repeated Value values = 1; }
enum NullValue { NULL_VALUE = 0; }
`;

const root = new protobuf.Root();
for (const source of [SUPPORT, STREAMS, ERRORS]) {
  protobuf.parse(source, root, { keepCase: false });
}
root.resolveAll();

export const v2 = {
  AppendRequest: root.lookupType('kurrentdb.protocol.v2.streams.AppendRequest'),
  AppendSessionResponse: root.lookupType('kurrentdb.protocol.v2.streams.AppendSessionResponse'),
  AppendRecordsRequest: root.lookupType('kurrentdb.protocol.v2.streams.AppendRecordsRequest'),
  AppendRecordsResponse: root.lookupType('kurrentdb.protocol.v2.streams.AppendRecordsResponse'),
  error: (name: string) => root.lookupType(`kurrentdb.protocol.v2.streams.errors.${name}`),
};

/** The service's full name, as gRPC paths and GetSupportedMethods give it. */
export const V2_STREAMS_SERVICE = 'kurrentdb.protocol.v2.streams.StreamsService';

/** `google.protobuf.Value` as protobufjs decodes it (camel-cased oneof members). */
export interface ProtoValue {
  nullValue?: number;
  numberValue?: number;
  stringValue?: string;
  boolValue?: boolean;
  structValue?: { fields?: Record<string, ProtoValue> };
  listValue?: { values?: ProtoValue[] };
}

export interface AppendRecordMessage {
  recordId?: string;
  properties?: Record<string, ProtoValue>;
  schema?: { format?: number; name?: string; id?: string };
  data?: Uint8Array;
  stream?: string;
}

export interface AppendRequestMessage {
  stream?: string;
  records?: AppendRecordMessage[];
  expectedRevision?: protobuf.Long | number;
}

export interface AppendRecordsRequestMessage {
  records?: AppendRecordMessage[];
  checks?: { streamState?: { stream?: string; expectedState?: protobuf.Long | number } }[];
}

export const SCHEMA_FORMAT_NAMES: Record<number, string> = {
  1: 'Json',
  2: 'Protobuf',
  3: 'Avro',
  4: 'Bytes',
};

/** A `google.protobuf.Value` as the JSON that protobuf's JSON mapping gives it. */
export function valueToJson(value: ProtoValue | undefined): unknown {
  if (!value) return null;
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.numberValue !== undefined) return value.numberValue;
  if (value.boolValue !== undefined) return value.boolValue;
  if (value.structValue !== undefined) {
    return Object.fromEntries(
      Object.entries(value.structValue.fields ?? {}).map(([k, v]) => [k, valueToJson(v)]),
    );
  }
  if (value.listValue !== undefined) return (value.listValue.values ?? []).map(valueToJson);
  return null;
}

/** A protobufjs sint64 (a Long, or a number when it fits) as a JS number. */
export function int64(value: protobuf.Long | number | undefined | null): number | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === 'number' ? value : protobuf.util.LongBits.from(value).toNumber(false);
}
