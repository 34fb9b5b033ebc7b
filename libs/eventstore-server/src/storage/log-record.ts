import { pack, unpack, unpackMultiple } from 'msgpackr';

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
 * `[position, {s, r, i, t, j, c, d, m}]` instead; both decode (decodeRecord). A msgpack array is
 * its length followed by its elements, so each record is packed on its own and the payload
 * put together from them: that gives where each one lies, for LMDB to point at.
 */
export function encodeFrame(
  records: readonly LoggedRecord[],
  payloadAt: number,
): { payload: Buffer; locators: RecordLocator[] } {
  const head = arrayHeader(records.length);
  const parts: Buffer[] = [head];
  const locators: RecordLocator[] = [];
  let at = payloadAt + head.length;
  for (const [position, r] of records) {
    const bytes = pack([position, r.s, r.r, r.i, r.t, r.j, r.c, r.d, r.m]);
    parts.push(bytes);
    locators.push([at, bytes.length, r.s, r.r]);
    at += bytes.length;
  }
  return { payload: Buffer.concat(parts, at - payloadAt), locators };
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

function arrayHeader(count: number): Buffer {
  if (count < 16) return Buffer.from([0x90 | count]);
  if (count < 0x10000) return Buffer.from([0xdc, count >> 8, count & 0xff]);
  const head = Buffer.alloc(5);
  head[0] = 0xdd;
  head.writeUInt32BE(count, 1);
  return head;
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
