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
import { type Bits64, WireWriter, lengthFieldSize, varintFieldSize } from './wire';

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

const WIRE_VARINT = 0;
const WIRE_I64 = 1;
const WIRE_LEN = 2;
const WIRE_I32 = 5;

const EMPTY: Buffer = Buffer.alloc(0);

/** A cursor over one message's bytes. */
class WireReader {
  at: number;

  constructor(
    readonly buffer: Buffer,
    from = 0,
    readonly end = buffer.length,
  ) {
    this.at = from;
  }

  get done(): boolean {
    return this.at >= this.end;
  }

  private byte(): number {
    if (this.at >= this.end) throw new ProtocolError('a message ends in the middle of a field');
    return this.buffer[this.at++];
  }

  /** A varint of up to 32 bits (tags, lengths); the higher bits of a longer one are dropped. */
  varint32(): number {
    let value = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      const b = this.byte();
      value |= (b & 0x7f) << shift;
      if (b < 0x80) return value >>> 0;
    }
    // The rest of a 64-bit varint (a negative int32 is sent in ten bytes).
    for (let k = 0; k < 5; k++) if (this.byte() < 0x80) return value >>> 0;
    throw new ProtocolError('a varint runs past ten bytes');
  }

  varint64(): Bits64 {
    let lo = 0;
    for (let shift = 0; shift < 28; shift += 7) {
      const b = this.byte();
      lo |= (b & 0x7f) << shift;
      if (b < 0x80) return { lo: lo >>> 0, hi: 0 };
    }
    let b = this.byte();
    lo |= (b & 0x0f) << 28;
    let hi = (b & 0x7f) >> 4;
    if (b < 0x80) return { lo: lo >>> 0, hi };
    for (let shift = 3; shift < 32; shift += 7) {
      b = this.byte();
      hi |= (b & 0x7f) << shift;
      if (b < 0x80) return { lo: lo >>> 0, hi: hi >>> 0 };
    }
    throw new ProtocolError('a varint runs past ten bytes');
  }

  /** A length-delimited field's bytes, as a view. */
  bytes(): Buffer {
    const length = this.varint32();
    if (length > this.end - this.at) throw new ProtocolError('a field runs past its message');
    const view = this.buffer.subarray(this.at, this.at + length);
    this.at += length;
    return view;
  }

  skip(wireType: number): void {
    switch (wireType) {
      case WIRE_VARINT:
        this.varint64();
        return;
      case WIRE_I64:
        this.advance(8);
        return;
      case WIRE_LEN:
        this.bytes();
        return;
      case WIRE_I32:
        this.advance(4);
        return;
      default:
        throw new ProtocolError(`unknown wire type ${wireType}`);
    }
  }

  private advance(n: number): void {
    if (n > this.end - this.at) throw new ProtocolError('a field runs past its message');
    this.at += n;
  }
}

/** Reads each field of a message: `field(number, wireType)` reads it or returns false to skip. */
function eachField(reader: WireReader, field: (number: number, wireType: number) => boolean): void {
  while (!reader.done) {
    const tag = reader.varint32();
    const wireType = tag & 7;
    if (!field(tag >>> 3, wireType)) reader.skip(wireType);
  }
}

const messageReader = (bytes: Buffer) => new WireReader(bytes, 0, bytes.length);

/** A signed 64-bit value, as a number (Timestamp seconds). */
const int64 = ({ lo, hi }: Bits64): number =>
  hi >= 0x8000_0000 ? -((~hi >>> 0) * 0x1_0000_0000 + (~lo >>> 0) + 1) : hi * 0x1_0000_0000 + lo;

export function decodeBatchAppendRequest(buffer: Buffer): BatchAppendRequest {
  const request: BatchAppendRequest = {
    correlationId: undefined,
    options: undefined,
    messages: [],
    isFinal: false,
  };
  const reader = new WireReader(buffer);
  eachField(reader, (number, wireType) => {
    if (number === 4 && wireType === WIRE_VARINT) {
      request.isFinal = reader.varint32() !== 0;
      return true;
    }
    if (wireType !== WIRE_LEN) return false;
    if (number === 1) request.correlationId = reader.bytes();
    else if (number === 2) request.options = decodeOptions(reader.bytes());
    else if (number === 3) request.messages.push(decodeProposedMessage(reader.bytes()));
    else return false;
    return true;
  });
  return request;
}

function decodeOptions(bytes: Buffer): BatchAppendOptions {
  const options: BatchAppendOptions = {
    streamName: undefined,
    expectation: undefined,
    deadline: undefined,
  };
  const reader = messageReader(bytes);
  eachField(reader, (number, wireType) => {
    if (number === 2 && wireType === WIRE_VARINT) {
      options.expectation = { kind: 'revision', revision: reader.varint64() };
      return true;
    }
    if (wireType !== WIRE_LEN) return false;
    switch (number) {
      case 1:
        options.streamName = streamNameIn(reader.bytes());
        return true;
      case 3:
        reader.bytes();
        options.expectation = { kind: 'no_stream' };
        return true;
      case 4:
        reader.bytes();
        options.expectation = { kind: 'any' };
        return true;
      case 5:
        reader.bytes();
        options.expectation = { kind: 'stream_exists' };
        return true;
      case 6:
        options.deadline = timestampMillis(reader.bytes());
        return true;
      default:
        return false;
    }
  });
  return options;
}

/** `StreamIdentifier.stream_name` (field 3); empty when the identifier holds none. */
function streamNameIn(bytes: Buffer): Buffer {
  let name: Buffer = EMPTY;
  const reader = messageReader(bytes);
  eachField(reader, (number, wireType) => {
    if (number !== 3 || wireType !== WIRE_LEN) return false;
    name = reader.bytes();
    return true;
  });
  return name;
}

/** A `google.protobuf.Timestamp` as epoch milliseconds, as `Timestamp.toDate()` gives it. */
function timestampMillis(bytes: Buffer): number {
  let seconds = 0;
  let nanos = 0;
  const reader = messageReader(bytes);
  eachField(reader, (number, wireType) => {
    if (wireType !== WIRE_VARINT) return false;
    if (number === 1) seconds = int64(reader.varint64());
    else if (number === 2) nanos = int64(reader.varint64());
    else return false;
    return true;
  });
  return Math.trunc(seconds * 1000 + nanos / 1_000_000);
}

function decodeProposedMessage(bytes: Buffer): ProposedMessageBytes {
  const message: ProposedMessageBytes = {
    id: undefined,
    type: undefined,
    contentType: undefined,
    customMetadata: EMPTY,
    data: EMPTY,
  };
  const reader = messageReader(bytes);
  eachField(reader, (number, wireType) => {
    if (wireType !== WIRE_LEN) return false;
    switch (number) {
      case 1:
        message.id = reader.bytes();
        return true;
      case 2: {
        const [key, value] = mapEntry(reader.bytes());
        if (key === 'type') message.type = value;
        else if (key === 'content-type') message.contentType = value;
        return true;
      }
      case 3:
        message.customMetadata = reader.bytes();
        return true;
      case 4:
        message.data = reader.bytes();
        return true;
      default:
        return false;
    }
  });
  return message;
}

/** One entry of a `map<string, string>`: key (1) and value (2), empty when absent. */
function mapEntry(bytes: Buffer): [string, string] {
  let key = '';
  let value = '';
  const reader = messageReader(bytes);
  eachField(reader, (number, wireType) => {
    if (wireType !== WIRE_LEN) return false;
    if (number === 1) key = reader.bytes().toString('utf8');
    else if (number === 2) value = reader.bytes().toString('utf8');
    else return false;
    return true;
  });
  return [key, value];
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const hex8 = (n: number) => n.toString(16).padStart(8, '0');

/**
 * A `UUID` message — two int64 halves (`structured`, field 1) or a string (field 2) — as the
 * canonical lower-case string; the same rules and messages as `uuidToString` in codec.ts.
 */
export function uuidOfBytes(bytes: Buffer | undefined): string {
  if (bytes === undefined) throw new ProtocolError('event id is required');
  let halves: [Bits64, Bits64] | undefined;
  let text: string | undefined;
  const reader = messageReader(bytes);
  eachField(reader, (number, wireType) => {
    if (wireType !== WIRE_LEN) return false;
    if (number === 1) {
      const most = { lo: 0, hi: 0 };
      const least = { lo: 0, hi: 0 };
      const inner = messageReader(reader.bytes());
      eachField(inner, (n, w) => {
        if (w !== WIRE_VARINT) return false;
        if (n === 1) Object.assign(most, inner.varint64());
        else if (n === 2) Object.assign(least, inner.varint64());
        else return false;
        return true;
      });
      halves = [most, least];
      text = undefined;
    } else if (number === 2) {
      text = reader.bytes().toString('utf8');
      halves = undefined;
    } else return false;
    return true;
  });
  if (halves) {
    const [m, l] = halves;
    const a = hex8(m.hi) + hex8(m.lo);
    const b = hex8(l.hi) + hex8(l.lo);
    return `${a.slice(0, 8)}-${a.slice(8, 12)}-${a.slice(12)}-${b.slice(0, 4)}-${b.slice(4)}`;
  }
  const value = text ?? '';
  if (!UUID_RE.test(value)) throw new ProtocolError(`'${value}' is not a valid event id`);
  return value.toLowerCase();
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

const bits = (n: number): Bits64 => ({
  lo: n % 0x1_0000_0000,
  hi: Math.floor(n / 0x1_0000_0000),
});

/** A `BatchAppendResp` with its `success`, as the generated classes would write it. */
export function encodeBatchAppendSuccess(answer: BatchAppendSuccess): Buffer {
  const { correlationId, streamName, expectation, revision, position } = answer;
  // AllStreamPosition: proto3 leaves zero positions out.
  const positionSize =
    position === undefined || position === 0 ? 0 : 2 * varintFieldSize(1, bits(position));
  const successSize =
    (revision >= 0 ? varintFieldSize(1, bits(revision)) : lengthFieldSize(2, 0)) +
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
  if (revision >= 0) writer.varintField(1, bits(revision));
  else writer.lengthOf(2, 0);
  if (position === undefined) writer.lengthOf(4, 0);
  else {
    writer.lengthOf(3, positionSize);
    if (position !== 0) writer.varintField(1, bits(position)).varintField(2, bits(position));
  }
  writer.lengthOf(4, identifierSize);
  writer.bytes(3, streamName);
  if (expectation?.kind === 'revision') writer.varintField(5, expectation.revision);
  else if (expectation?.kind === 'no_stream') writer.lengthOf(6, 0);
  else if (expectation?.kind === 'any') writer.lengthOf(7, 0);
  else if (expectation?.kind === 'stream_exists') writer.lengthOf(8, 0);
  return writer.buffer;
}
