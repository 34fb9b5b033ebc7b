import { unpack, unpackMultiple } from 'msgpackr';

/** A record as the store keeps it: an event, a system event or a tombstone. */
export interface StoredRecord {
  s: string; // stream
  r: number; // revision (TOMBSTONE_REVISION for `$streamDeleted`)
  i: string; // event id
  t: string; // type
  j: boolean; // content-type is application/json
  c: number; // created, epoch milliseconds with a sub-millisecond fraction
  d: Buffer; // data
  m: Buffer; // custom metadata
}

/** A record and its `$all` position, as a frame of the write-ahead log carries it. */
export type LoggedRecord = [position: number, record: StoredRecord];

/**
 * Where a record's bytes lie in the write-ahead log (offset and length, the first two), and
 * which (stream, revision) it is: what LMDB keeps of each record, keyed by its position. The
 * stream and revision let recovery take a record back out of the index without the log.
 */
export type RecordLocator = [at: number, length: number, stream: string, revision: number];

/**
 * Positions advance by each record's size, like EventStoreDB's log byte offsets: they are
 * strictly increasing, and the gap between two events says how much lies between them.
 */
export function recordSize(r: StoredRecord): number {
  return 64 + Buffer.byteLength(r.s) + Buffer.byteLength(r.t) + r.d.length + r.m.length;
}

/**
 * A frame's payload is a msgpack array of its records, each `[position, stream, revision, id,
 * type, isJson, created, data, metadata]`. Frames written before 2026-12-04 hold
 * `[position, {s, r, i, t, j, c, d, m}]` instead; both decode (decodeRecord). Each record's
 * bytes are a msgpack value of their own, so where each one lies is known as it is written,
 * for LMDB to point at.
 *
 * Written by hand into one buffer, not by msgpackr's `pack` per record and a concatenation:
 * this runs on every append's path to the disk, and the shape never changes (nine fields of
 * known types), so the general encoder's work per value is all cost — about half a
 * microsecond per record of the server's time, which competes with its clients for the
 * machine (docs/benchmarks.md, issue 18 §5). The bytes are plain msgpack: msgpackr reads them
 * back (decodeFrame, decodeRecord), and the unit test checks that it reads what was written.
 */
export function encodeFrame(
  records: readonly LoggedRecord[],
  payloadAt: number,
): { payload: Buffer; locators: RecordLocator[] } {
  let bound = 5;
  for (const [, r] of records) bound += recordBound(r);
  const buffer = Buffer.allocUnsafe(bound);
  let at = writeArrayHeader(buffer, records.length);
  const locators: RecordLocator[] = [];
  for (const [position, r] of records) {
    const start = at;
    buffer[at++] = 0x99; // fixarray of 9
    at = writeNumber(buffer, at, position);
    at = writeString(buffer, at, r.s);
    at = writeNumber(buffer, at, r.r);
    at = writeString(buffer, at, r.i);
    at = writeString(buffer, at, r.t);
    buffer[at++] = r.j ? 0xc3 : 0xc2;
    at = writeNumber(buffer, at, r.c);
    at = writeBinary(buffer, at, r.d);
    at = writeBinary(buffer, at, r.m);
    locators.push([payloadAt + start, at - start, r.s, r.r]);
  }
  return { payload: buffer.subarray(0, at), locators };
}

/** Bytes a record takes at most: each string at three bytes a character, numbers as float64. */
const recordBound = (r: StoredRecord): number =>
  1 +
  3 * 9 +
  1 +
  3 * 5 +
  3 * (r.s.length + r.i.length + r.t.length) +
  2 * 5 +
  r.d.length +
  r.m.length;

function writeArrayHeader(buffer: Buffer, count: number): number {
  if (count < 16) {
    buffer[0] = 0x90 | count;
    return 1;
  }
  if (count < 0x10000) {
    buffer[0] = 0xdc;
    buffer.writeUInt16BE(count, 1);
    return 3;
  }
  buffer[0] = 0xdd;
  buffer.writeUInt32BE(count, 1);
  return 5;
}

/** A number: a fixint, a uint32 or an int32 when it is one, else a float64 (exact for any). */
function writeNumber(buffer: Buffer, at: number, n: number): number {
  if (Number.isInteger(n)) {
    if (n >= 0 && n < 0x80) {
      buffer[at] = n;
      return at + 1;
    }
    if (n >= 0 && n <= 0xffffffff) {
      buffer[at] = 0xce;
      buffer.writeUInt32BE(n, at + 1);
      return at + 5;
    }
    if (n < 0 && n >= -0x80000000) {
      buffer[at] = 0xd2;
      buffer.writeInt32BE(n, at + 1);
      return at + 5;
    }
  }
  buffer[at] = 0xcb;
  buffer.writeDoubleBE(n, at + 1);
  return at + 9;
}

/**
 * A string as UTF-8. Its header is chosen from the most bytes it could take (three a
 * character) and filled in with what it took: a longer header than needed is still msgpack.
 */
function writeString(buffer: Buffer, at: number, text: string): number {
  const most = 3 * text.length;
  const header = most < 32 ? 1 : most < 0x100 ? 2 : most < 0x10000 ? 3 : 5;
  const length = buffer.write(text, at + header, 'utf8');
  if (header === 1) buffer[at] = 0xa0 | length;
  else if (header === 2) {
    buffer[at] = 0xd9;
    buffer[at + 1] = length;
  } else if (header === 3) {
    buffer[at] = 0xda;
    buffer.writeUInt16BE(length, at + 1);
  } else {
    buffer[at] = 0xdb;
    buffer.writeUInt32BE(length, at + 1);
  }
  return at + header + length;
}

function writeBinary(buffer: Buffer, at: number, bytes: Buffer): number {
  const length = bytes.length;
  if (length < 0x100) {
    buffer[at] = 0xc4;
    buffer[at + 1] = length;
    at += 2;
  } else if (length < 0x10000) {
    buffer[at] = 0xc5;
    buffer.writeUInt16BE(length, at + 1);
    at += 3;
  } else {
    buffer[at] = 0xc6;
    buffer.writeUInt32BE(length, at + 1);
    at += 5;
  }
  bytes.copy(buffer, at);
  return at + length;
}

/** Every record of a frame's payload (found at `payloadAt` in the log), and where each lies. */
export function decodeFrame(
  payload: Buffer,
  payloadAt: number,
): Array<{ logged: LoggedRecord; locator: RecordLocator }> {
  const skip = arrayHeaderLength(payload);
  const out: Array<{ logged: LoggedRecord; locator: RecordLocator }> = [];
  unpackMultiple(payload.subarray(skip), (value: unknown, start?: number, end?: number) => {
    const logged = fromEntry(value);
    const at = payloadAt + skip + (start ?? 0);
    const [, record] = logged;
    out.push({ logged, locator: [at, (end ?? 0) - (start ?? 0), record.s, record.r] });
  });
  return out;
}

/** One record from its bytes in the log (a RecordLocator's). */
export function decodeRecord(bytes: Buffer): LoggedRecord {
  return fromEntry(unpack(bytes));
}

function fromEntry(value: unknown): LoggedRecord {
  const entry = value as unknown[];
  if (entry.length === 2) return entry as LoggedRecord;
  const [position, s, r, i, t, j, c, d, m] = entry as [
    number,
    string,
    number,
    string,
    string,
    boolean,
    number,
    Buffer,
    Buffer,
  ];
  return [position, { s, r, i, t, j, c, d, m }];
}

function arrayHeaderLength(payload: Buffer): number {
  const first = payload[0];
  if ((first & 0xf0) === 0x90) return 1;
  if (first === 0xdc) return 3;
  if (first === 0xdd) return 5;
  throw new Error(
    `a frame of the write-ahead log does not start with an array (0x${first.toString(16)})`,
  );
}
