/**
 * Protocol buffers' wire format, by hand, for the messages the server handles most often per
 * event where it matters: the ReadResp of Streams.Read (services/read-event.ts) and of a
 * persistent subscription (services/persistent-subscriptions/delivery.ts), both around a
 * RecordedEvent (recorded-event-wire.ts); BatchAppend's request and success
 * (batch-append-wire.ts); and a persistent subscription's acks (persistent-read-wire.ts).
 * Building it through the generated google-protobuf classes costs a dozen objects and a writer
 * per event (a third of the server's time in a delivery, with the garbage they leave); writing
 * the bytes directly costs one buffer, and reading them keeps views into the request. Tests
 * compare both with the generated classes.
 *
 * Numbers are non-negative safe integers, or 64-bit values given as two unsigned 32-bit halves
 * (UUID halves, which may be negative as int64: their two's complement is the same bits).
 */

import { ProtocolError } from './codec';

export const WIRE_VARINT = 0;
const WIRE_I64 = 1;
export const WIRE_LEN = 2;
const WIRE_I32 = 5;

/** A 64-bit value as its unsigned 32-bit halves. */
export interface Bits64 {
  lo: number;
  hi: number;
}

export const bitsOf = (n: number): Bits64 => ({
  lo: n % 0x1_0000_0000,
  hi: Math.floor(n / 0x1_0000_0000),
});

function varintSize64({ lo, hi }: Bits64): number {
  let size = 1;
  while (hi) {
    size++;
    lo = ((lo >>> 7) | (hi << 25)) >>> 0;
    hi >>>= 7;
  }
  while (lo > 127) {
    size++;
    lo >>>= 7;
  }
  return size;
}

const varintSize = (n: number): number => (n < 128 ? 1 : n < 16384 ? 2 : varintSize64(bitsOf(n)));

/** Appends the parts of one message, sized first: `size` must be the total they write. */
export class WireWriter {
  readonly buffer: Buffer;
  private at = 0;

  constructor(size: number) {
    this.buffer = Buffer.allocUnsafe(size);
  }

  varint64({ lo, hi }: Bits64): this {
    const b = this.buffer;
    while (hi) {
      b[this.at++] = (lo & 127) | 128;
      lo = ((lo >>> 7) | (hi << 25)) >>> 0;
      hi >>>= 7;
    }
    while (lo > 127) {
      b[this.at++] = (lo & 127) | 128;
      lo >>>= 7;
    }
    b[this.at++] = lo;
    return this;
  }

  varint(n: number): this {
    if (n < 128) {
      this.buffer[this.at++] = n;
      return this;
    }
    return this.varint64(bitsOf(n));
  }

  tag(field: number, wireType: number): this {
    return this.varint((field << 3) | wireType);
  }

  /** A varint field (omitted by the caller when proto3 would leave it out). */
  varintField(field: number, value: Bits64): this {
    return this.tag(field, WIRE_VARINT).varint64(value);
  }

  /** A length-delimited field's tag and length; its `length` bytes follow. */
  lengthOf(field: number, length: number): this {
    return this.tag(field, WIRE_LEN).varint(length);
  }

  bytes(field: number, value: Buffer): this {
    this.lengthOf(field, value.length);
    value.copy(this.buffer, this.at);
    this.at += value.length;
    return this;
  }

  /** A string field whose UTF-8 length is `length` (measured by the caller). */
  string(field: number, value: string, length: number): this {
    this.lengthOf(field, length);
    this.at += this.buffer.write(value, this.at, length, 'utf8');
    return this;
  }
}

/** The size of a field's tag (fields below 16 take one byte). */
const tagSize = (field: number): number => (field < 16 ? 1 : varintSize(field << 3));

/** The size of a length-delimited field holding `length` bytes. */
export const lengthFieldSize = (field: number, length: number): number =>
  tagSize(field) + varintSize(length) + length;

/** The size of a varint field. */
export const varintFieldSize = (field: number, value: Bits64): number =>
  tagSize(field) + varintSize64(value);

/**
 * A response serializer for a method answered by hand: bytes written here go out as they are,
 * a message built through the generated classes (a confirmation, an error) is serialized by them.
 */
export const bytesOrMessage = (value: Buffer | { serializeBinary(): Uint8Array }): Buffer =>
  Buffer.isBuffer(value) ? value : Buffer.from(value.serializeBinary());

/**
 * A cursor over one message's bytes. A nested message is read by narrowing `end` to it and
 * widening it back after, so that a message is read with this one object (it runs once per
 * request: what it allocates is garbage to collect).
 */
export class WireReader {
  at = 0;
  end: number;
  /** The halves of the last `varint64`. */
  lo = 0;
  hi = 0;

  constructor(readonly buffer: Buffer) {
    this.end = buffer.length;
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

  /** A varint of up to 64 bits, into `lo` and `hi`. */
  varint64(): void {
    let lo = 0;
    let hi = 0;
    let b = 0;
    for (let shift = 0; shift < 28; shift += 7) {
      b = this.byte();
      lo |= (b & 0x7f) << shift;
      if (b < 0x80) return this.halves(lo, 0);
    }
    b = this.byte();
    lo |= (b & 0x0f) << 28;
    hi = (b & 0x7f) >> 4;
    if (b < 0x80) return this.halves(lo, hi);
    for (let shift = 3; shift < 32; shift += 7) {
      b = this.byte();
      hi |= (b & 0x7f) << shift;
      if (b < 0x80) return this.halves(lo, hi);
    }
    throw new ProtocolError('a varint runs past ten bytes');
  }

  private halves(lo: number, hi: number): void {
    this.lo = lo >>> 0;
    this.hi = hi >>> 0;
  }

  /** A length-delimited field's length; returns where the field ends. */
  fieldEnd(): number {
    const length = this.varint32();
    if (length > this.end - this.at) throw new ProtocolError('a field runs past its message');
    return this.at + length;
  }

  /** A length-delimited field's bytes, as a view. */
  bytes(): Buffer {
    const end = this.fieldEnd();
    const view = this.buffer.subarray(this.at, end);
    this.at = end;
    return view;
  }

  /** A length-delimited field as a string, without a view. */
  string(): string {
    const end = this.fieldEnd();
    const text = this.buffer.toString('utf8', this.at, end);
    this.at = end;
    return text;
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
        this.at = this.fieldEnd();
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

  /** Narrows the reader to the nested message starting here; returns the end to restore. */
  enter(): number {
    const outer = this.end;
    this.end = this.fieldEnd();
    return outer;
  }

  /** Leaves a nested message: what it holds past the fields read is skipped. */
  leave(outer: number): void {
    this.at = this.end;
    this.end = outer;
  }
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HEX = Buffer.from('0123456789abcdef');
/** Where each hex digit of a UUID goes in its 36 characters (the dashes stay). */
const DIGIT_AT = [
  0, 1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 12, 14, 15, 16, 17, 19, 20, 21, 22, 24, 25, 26, 27, 28, 29, 30,
  31, 32, 33, 34, 35,
];
const uuidText = Buffer.from('00000000-0000-0000-0000-000000000000');

/** Writes a 32-bit half as 8 hex digits from digit `first` on. */
function writeHalf(value: number, first: number): void {
  for (let k = 7; k >= 0; k--) {
    uuidText[DIGIT_AT[first + k]] = HEX[value & 15];
    value >>>= 4;
  }
}

/**
 * A `UUID` message — two int64 halves (`structured`, field 1) or a string (field 2) — as the
 * canonical lower-case string; the same rules and messages as `uuidToString` in codec.ts.
 */
export function uuidOfBytes(bytes: Buffer | undefined): string {
  if (bytes === undefined) throw new ProtocolError('event id is required');
  const reader = new WireReader(bytes);
  let structured = false;
  let text: string | undefined;
  let mostLo = 0;
  let mostHi = 0;
  let leastLo = 0;
  let leastHi = 0;
  while (reader.at < reader.end) {
    const tag = reader.varint32();
    if (tag === ((1 << 3) | WIRE_LEN)) {
      structured = true;
      text = undefined;
      mostLo = mostHi = leastLo = leastHi = 0;
      const outer = reader.enter();
      while (reader.at < reader.end) {
        const inner = reader.varint32();
        if (inner === ((1 << 3) | WIRE_VARINT)) {
          reader.varint64();
          mostLo = reader.lo;
          mostHi = reader.hi;
        } else if (inner === ((2 << 3) | WIRE_VARINT)) {
          reader.varint64();
          leastLo = reader.lo;
          leastHi = reader.hi;
        } else reader.skip(inner & 7);
      }
      reader.leave(outer);
    } else if (tag === ((2 << 3) | WIRE_LEN)) {
      text = reader.string();
      structured = false;
    } else reader.skip(tag & 7);
  }
  if (structured) {
    writeHalf(mostHi, 0);
    writeHalf(mostLo, 8);
    writeHalf(leastHi, 16);
    writeHalf(leastLo, 24);
    return uuidText.toString('latin1');
  }
  const value = text ?? '';
  if (!UUID_RE.test(value)) throw new ProtocolError(`'${value}' is not a valid event id`);
  return value.toLowerCase();
}
