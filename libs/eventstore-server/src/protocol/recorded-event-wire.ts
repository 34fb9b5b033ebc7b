/**
 * A RecordedEvent (the same message in Streams.Read and PersistentSubscriptions.Read), written
 * by hand (wire.ts says why): measured first, then written in one pass into its message's
 * buffer. `at` is the position it carries (prepare and commit alike); below 0, none.
 */
import { ticksOf } from './codec';
import { TOMBSTONE_REVISION, type StoredEvent } from '../storage/stored-event';
import { WireWriter, bitsOf, lengthFieldSize, varintFieldSize, type Bits64 } from './wire';

const CONTENT_JSON = 'application/json';
const CONTENT_BINARY = 'application/octet-stream';
const KEY_TYPE = 'type';
const KEY_CREATED = 'created';
const KEY_CONTENT_TYPE = 'content-type';
const ZERO: Bits64 = { lo: 0, hi: 0 };
const TOMBSTONE_BITS: Bits64 = { lo: 0xffff_ffff, hi: 0x7fff_ffff }; // TOMBSTONE_REVISION_WIRE

/** One RecordedEvent's parts, measured, so that its bytes are written in one pass. */
export interface RecordedParts {
  id: string;
  structured: { most: Bits64; least: Bits64; size: number } | undefined;
  uuidSize: number;
  name: Buffer;
  identifierSize: number;
  revision: Bits64;
  position: Bits64;
  entries: Array<
    [key: string, value: string, keyLength: number, valueLength: number, size: number]
  >;
  customMetadata: Buffer;
  data: Buffer;
  size: number;
}

const isZero = (bits: Bits64) => bits.lo === 0 && bits.hi === 0;

function halves(hex: string): Bits64 {
  return { hi: parseInt(hex.slice(0, 8), 16), lo: parseInt(hex.slice(8, 16), 16) };
}

export function measureRecorded(
  event: StoredEvent,
  structuredIds: boolean,
  at: number,
): RecordedParts {
  let structured: RecordedParts['structured'];
  let uuidSize: number;
  if (structuredIds) {
    const hex = event.id.replace(/-/g, '');
    const most = halves(hex.slice(0, 16));
    const least = halves(hex.slice(16, 32));
    const size =
      (isZero(most) ? 0 : varintFieldSize(1, most)) +
      (isZero(least) ? 0 : varintFieldSize(2, least));
    structured = { most, least, size };
    uuidSize = lengthFieldSize(1, size);
  } else {
    uuidSize = lengthFieldSize(2, Buffer.byteLength(event.id));
  }
  const name = Buffer.from(event.streamId, 'utf8');
  const identifierSize = name.length > 0 ? lengthFieldSize(3, name.length) : 0;
  const revision = event.revision === TOMBSTONE_REVISION ? TOMBSTONE_BITS : bitsOf(event.revision);
  const position = at >= 0 ? bitsOf(at) : ZERO;
  const entries: RecordedParts['entries'] = [];
  for (const [key, value] of [
    [KEY_TYPE, event.type],
    [KEY_CREATED, ticksOf(event.created)],
    [KEY_CONTENT_TYPE, event.isJson ? CONTENT_JSON : CONTENT_BINARY],
  ] as const) {
    const keyLength = Buffer.byteLength(key);
    const valueLength = Buffer.byteLength(value);
    entries.push([
      key,
      value,
      keyLength,
      valueLength,
      lengthFieldSize(1, keyLength) + lengthFieldSize(2, valueLength),
    ]);
  }
  const size =
    lengthFieldSize(1, uuidSize) +
    lengthFieldSize(2, identifierSize) +
    (isZero(revision) ? 0 : varintFieldSize(3, revision)) +
    (isZero(position) ? 0 : 2 * varintFieldSize(4, position)) +
    entries.reduce((sum, entry) => sum + lengthFieldSize(6, entry[4]), 0) +
    (event.metadata.length > 0 ? lengthFieldSize(7, event.metadata.length) : 0) +
    (event.data.length > 0 ? lengthFieldSize(8, event.data.length) : 0);
  return {
    id: event.id,
    structured,
    uuidSize,
    name,
    identifierSize,
    revision,
    position,
    entries,
    customMetadata: event.metadata,
    data: event.data,
    size,
  };
}

export function writeRecorded(w: WireWriter, field: number, r: RecordedParts): void {
  w.lengthOf(field, r.size);
  w.lengthOf(1, r.uuidSize);
  if (r.structured) {
    w.lengthOf(1, r.structured.size);
    if (!isZero(r.structured.most)) w.varintField(1, r.structured.most);
    if (!isZero(r.structured.least)) w.varintField(2, r.structured.least);
  } else {
    w.string(2, r.id, Buffer.byteLength(r.id));
  }
  w.lengthOf(2, r.identifierSize);
  if (r.name.length > 0) w.bytes(3, r.name);
  if (!isZero(r.revision)) w.varintField(3, r.revision);
  if (!isZero(r.position)) w.varintField(4, r.position).varintField(5, r.position);
  for (const [key, value, keyLength, valueLength, size] of r.entries) {
    w.lengthOf(6, size).string(1, key, keyLength).string(2, value, valueLength);
  }
  if (r.customMetadata.length > 0) w.bytes(7, r.customMetadata);
  if (r.data.length > 0) w.bytes(8, r.data);
}
