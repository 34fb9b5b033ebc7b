/**
 * Protocol buffers' wire format, by hand, for the messages the server handles most often per
 * event where it matters: the ReadResp of Streams.Read (services/read-event.ts) and of a
 * persistent subscription (services/persistent-subscriptions/delivery.ts), both around a
 * RecordedEvent (recorded-event-wire.ts), and BatchAppend's request and success
 * (batch-append-wire.ts, which also reads). Building it through the
 * generated google-protobuf classes costs a dozen objects and a writer per event (a third of
 * the server's time in a delivery, with the garbage they leave); writing the bytes directly
 * costs one buffer. Tests compare both with the generated classes.
 *
 * Numbers are non-negative safe integers, or 64-bit values given as two unsigned 32-bit halves
 * (UUID halves, which may be negative as int64: their two's complement is the same bits).
 */

const WIRE_VARINT = 0;
const WIRE_LEN = 2;

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
