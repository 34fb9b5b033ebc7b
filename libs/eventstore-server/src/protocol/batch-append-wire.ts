/**
 * BatchAppend's request read and its success written by hand, in protocol buffers' wire
 * format. The generated google-protobuf classes build a tree of objects per request (a message
 * per UUID, per options, per event, a `jspb.Map` for each event's metadata) and another per
 * answer; per single-event append they cost more than the store's own work on the append
 * (docs/benchmarks.md, issue 18 §5). Reading the bytes directly keeps views into the request's
 * buffer and builds one plain object. The same reader serves the durable floor of
 * `bench:eventstore`, so that the floor stays a floor. Errors are still answered through the
 * generated classes: they are rare, and their details carry many message types.
 *
 * Field numbers: EventStoreDB 24.10's `streams.proto` and `shared.proto`.
 */
import { ProtocolError } from './codec';
import {
  type Bits64,
  WIRE_LEN,
  WIRE_VARINT,
  WireReader,
  WireWriter,
  bitsOf,
  lengthFieldSize,
  varintFieldSize,
} from './wire';

/** What a `BatchAppendReq` carries, as read. Bytes are views into the request's buffer. */
export interface BatchAppendRequest {
  /** The `UUID` message as sent, to be echoed in the answer; undefined when absent. */
  correlationId: Buffer | undefined;
  options: BatchAppendOptions | undefined;
  messages: ProposedMessageBytes[];
  isFinal: boolean;
}

/** The expected state of the stream, as the options' oneof gives it. */
export type WireExpectation =
  | { kind: 'revision'; revision: Bits64 }
  | { kind: 'no_stream' }
  | { kind: 'any' }
  | { kind: 'stream_exists' };

export interface BatchAppendOptions {
  /** The `StreamIdentifier` message's `stream_name`; undefined when the identifier is absent. */
  streamName: Buffer | undefined;
  expectation: WireExpectation | undefined;
  /** `deadline_21_10_0` (a Timestamp) in epoch milliseconds; undefined when absent. */
  deadline: number | undefined;
}

export interface ProposedMessageBytes {
  /** The `UUID` message; undefined when absent. */
  id: Buffer | undefined;
  /** The `type` and `content-type` metadata entries (the last one of each, as protobuf maps). */
  type: string | undefined;
  contentType: string | undefined;
  customMetadata: Buffer;
  data: Buffer;
}

const EMPTY: Buffer = Buffer.alloc(0);

/** A signed 64-bit value, as a number (Timestamp seconds). */
const int64 = (lo: number, hi: number): number =>
  hi >= 0x8000_0000 ? -((~hi >>> 0) * 0x1_0000_0000 + (~lo >>> 0) + 1) : hi * 0x1_0000_0000 + lo;

export function decodeBatchAppendRequest(buffer: Buffer): BatchAppendRequest {
  const request: BatchAppendRequest = {
    correlationId: undefined,
    options: undefined,
    messages: [],
    isFinal: false,
  };
  const reader = new WireReader(buffer);
  while (reader.at < reader.end) {
    const tag = reader.varint32();
    const number = tag >>> 3;
    const wireType = tag & 7;
    if (number === 4 && wireType === WIRE_VARINT) request.isFinal = reader.varint32() !== 0;
    else if (number === 1 && wireType === WIRE_LEN) request.correlationId = reader.bytes();
    else if (number === 2 && wireType === WIRE_LEN) request.options = readOptions(reader);
    else if (number === 3 && wireType === WIRE_LEN) request.messages.push(readMessage(reader));
    else reader.skip(wireType);
  }
  return request;
}

function readOptions(reader: WireReader): BatchAppendOptions {
  const options: BatchAppendOptions = {
    streamName: undefined,
    expectation: undefined,
    deadline: undefined,
  };
  const outer = reader.enter();
  while (reader.at < reader.end) {
    const tag = reader.varint32();
    const number = tag >>> 3;
    const wireType = tag & 7;
    if (number === 2 && wireType === WIRE_VARINT) {
      reader.varint64();
      options.expectation = { kind: 'revision', revision: { lo: reader.lo, hi: reader.hi } };
    } else if (wireType !== WIRE_LEN) reader.skip(wireType);
    else if (number === 1) options.streamName = readStreamName(reader);
    else if (number === 3 || number === 4 || number === 5) {
      reader.skip(wireType);
      options.expectation = EXPECTATIONS[number];
    } else if (number === 6) options.deadline = readTimestampMillis(reader);
    else reader.skip(wireType);
  }
  reader.leave(outer);
  return options;
}

const EXPECTATIONS: Record<number, WireExpectation> = {
  3: { kind: 'no_stream' },
  4: { kind: 'any' },
  5: { kind: 'stream_exists' },
};

/** `StreamIdentifier.stream_name` (field 3); empty when the identifier holds none. */
function readStreamName(reader: WireReader): Buffer {
  let name = EMPTY;
  const outer = reader.enter();
  while (reader.at < reader.end) {
    const tag = reader.varint32();
    if (tag === ((3 << 3) | WIRE_LEN)) name = reader.bytes();
    else reader.skip(tag & 7);
  }
  reader.leave(outer);
  return name;
}

/** A `google.protobuf.Timestamp` as epoch milliseconds, as `Timestamp.toDate()` gives it. */
function readTimestampMillis(reader: WireReader): number {
  let seconds = 0;
  let nanos = 0;
  const outer = reader.enter();
  while (reader.at < reader.end) {
    const tag = reader.varint32();
    if (tag === ((1 << 3) | WIRE_VARINT) || tag === ((2 << 3) | WIRE_VARINT)) {
      reader.varint64();
      if (tag >>> 3 === 1) seconds = int64(reader.lo, reader.hi);
      else nanos = int64(reader.lo, reader.hi);
    } else reader.skip(tag & 7);
  }
  reader.leave(outer);
  return Math.trunc(seconds * 1000 + nanos / 1_000_000);
}

function readMessage(reader: WireReader): ProposedMessageBytes {
  const message: ProposedMessageBytes = {
    id: undefined,
    type: undefined,
    contentType: undefined,
    customMetadata: EMPTY,
    data: EMPTY,
  };
  const outer = reader.enter();
  while (reader.at < reader.end) {
    const tag = reader.varint32();
    const number = tag >>> 3;
    if ((tag & 7) !== WIRE_LEN) reader.skip(tag & 7);
    else if (number === 1) message.id = reader.bytes();
    else if (number === 2) readMetadataEntry(reader, message);
    else if (number === 3) message.customMetadata = reader.bytes();
    else if (number === 4) message.data = reader.bytes();
    else reader.skip(WIRE_LEN);
  }
  reader.leave(outer);
  return message;
}

const TYPE_KEY = Buffer.from('type');
const CONTENT_TYPE_KEY = Buffer.from('content-type');

/** Whether the bytes from `at` to `end` are `key`. */
function keyIs(buffer: Buffer, at: number, end: number, key: Buffer): boolean {
  if (end - at !== key.length) return false;
  for (let k = 0; k < key.length; k++) if (buffer[at + k] !== key[k]) return false;
  return true;
}

/**
 * One entry of the metadata `map<string, string>` (key 1, value 2, empty when absent): only
 * `type` and `content-type` are kept, the last of each as a protobuf map keeps it.
 */
function readMetadataEntry(reader: WireReader, message: ProposedMessageBytes): void {
  let keyAt = 0;
  let keyEnd = 0;
  let value = '';
  const outer = reader.enter();
  while (reader.at < reader.end) {
    const tag = reader.varint32();
    if (tag === ((1 << 3) | WIRE_LEN)) {
      keyEnd = reader.fieldEnd();
      keyAt = reader.at;
      reader.at = keyEnd;
    } else if (tag === ((2 << 3) | WIRE_LEN)) value = reader.string();
    else reader.skip(tag & 7);
  }
  reader.leave(outer);
  if (keyIs(reader.buffer, keyAt, keyEnd, TYPE_KEY)) message.type = value;
  else if (keyIs(reader.buffer, keyAt, keyEnd, CONTENT_TYPE_KEY)) message.contentType = value;
}

/**
 * An expected revision as a number. Past 2^53 (ulong.MaxValue, "the end", included) it is out
 * of range, as `expectedRevisionOf` says of the same value read through `parseUint64`.
 */
export function revisionOf({ lo, hi }: Bits64): number {
  if (hi >= 0x20_0000) throw new ProtocolError('expected revision is out of range');
  return hi * 0x1_0000_0000 + lo;
}

/** What a success answer echoes and reports. */
export interface BatchAppendSuccess {
  correlationId: Buffer;
  streamName: Buffer;
  expectation: WireExpectation | undefined;
  /** The stream's revision after the append; -1 for "no stream". */
  revision: number;
  /** The append's position in `$all`; undefined for "no position". */
  position: number | undefined;
}

/** A `BatchAppendResp` with its `success`, as the generated classes would write it. */
export function encodeBatchAppendSuccess(answer: BatchAppendSuccess): Buffer {
  const { correlationId, streamName, expectation, revision, position } = answer;
  // AllStreamPosition: proto3 leaves zero positions out.
  const positionSize =
    position === undefined || position === 0 ? 0 : 2 * varintFieldSize(1, bitsOf(position));
  const successSize =
    (revision >= 0 ? varintFieldSize(1, bitsOf(revision)) : lengthFieldSize(2, 0)) +
    (position === undefined ? lengthFieldSize(4, 0) : lengthFieldSize(3, positionSize));
  const identifierSize = lengthFieldSize(3, streamName.length);
  const expectationSize =
    expectation === undefined
      ? 0
      : expectation.kind === 'revision'
        ? varintFieldSize(5, expectation.revision)
        : lengthFieldSize(6, 0);
  const size =
    lengthFieldSize(1, correlationId.length) +
    lengthFieldSize(3, successSize) +
    lengthFieldSize(4, identifierSize) +
    expectationSize;
  const writer = new WireWriter(size);
  writer.bytes(1, correlationId);
  writer.lengthOf(3, successSize);
  if (revision >= 0) writer.varintField(1, bitsOf(revision));
  else writer.lengthOf(2, 0);
  if (position === undefined) writer.lengthOf(4, 0);
  else {
    writer.lengthOf(3, positionSize);
    if (position !== 0) writer.varintField(1, bitsOf(position)).varintField(2, bitsOf(position));
  }
  writer.lengthOf(4, identifierSize);
  writer.bytes(3, streamName);
  if (expectation?.kind === 'revision') writer.varintField(5, expectation.revision);
  else if (expectation?.kind === 'no_stream') writer.lengthOf(6, 0);
  else if (expectation?.kind === 'any') writer.lengthOf(7, 0);
  else if (expectation?.kind === 'stream_exists') writer.lengthOf(8, 0);
  return writer.buffer;
}
