import { Empty, StreamIdentifier, UUID } from '@eventstore/db-client/generated/shared_pb';

/** EventStoreDB's sentinel for "the end" of a stream or of `$all` (ulong.MaxValue on the wire). */
export const WIRE_END = '18446744073709551615';
/** The revision a tombstone (`$streamDeleted`) is recorded at: long.MaxValue. */
export const TOMBSTONE_REVISION_WIRE = '9223372036854775807';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class ProtocolError extends Error {}

export function streamNameOf(identifier: StreamIdentifier | undefined): string {
  if (!identifier) throw new ProtocolError('stream_identifier is required');
  const name = Buffer.from(identifier.getStreamName_asU8()).toString('utf8');
  if (name.length === 0) throw new ProtocolError('stream_identifier must not be empty');
  return name;
}

export function streamIdentifier(name: string): StreamIdentifier {
  const id = new StreamIdentifier();
  id.setStreamName(Buffer.from(name, 'utf8'));
  return id;
}

export const empty = (): Empty => new Empty();

/** Reads a UUID sent either as a string or as two signed big-endian 64-bit halves. */
export function uuidToString(uuid: UUID | undefined): string {
  if (!uuid) throw new ProtocolError('event id is required');
  if (uuid.hasStructured()) {
    const s = uuid.getStructured()!;
    const buf = Buffer.alloc(16);
    buf.writeBigInt64BE(BigInt(s.getMostSignificantBits()), 0);
    buf.writeBigInt64BE(BigInt(s.getLeastSignificantBits()), 8);
    const hex = buf.toString('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }
  const text = uuid.getString();
  if (!UUID_RE.test(text)) throw new ProtocolError(`'${text}' is not a valid event id`);
  return text.toLowerCase();
}

export function uuidMessage(id: string, structured: boolean): UUID {
  const uuid = new UUID();
  if (!structured) {
    uuid.setString(id);
    return uuid;
  }
  const buf = Buffer.from(id.replace(/-/g, ''), 'hex');
  const s = new UUID.Structured();
  s.setMostSignificantBits(buf.readBigInt64BE(0).toString());
  s.setLeastSignificantBits(buf.readBigInt64BE(8).toString());
  uuid.setStructured(s);
  return uuid;
}

const TICKS_AT_UNIX_EPOCH_OFFSET = 0n; // EventStoreDB counts .NET ticks since the Unix epoch.

/** Milliseconds (with sub-millisecond fraction) to .NET ticks (100 ns) as a decimal string. */
export function ticksOf(epochMillis: number): string {
  return (BigInt(Math.round(epochMillis * 10_000)) + TICKS_AT_UNIX_EPOCH_OFFSET).toString();
}

/** Parses a uint64 sent as a decimal string into a JS number, `END` into Infinity. */
export function parseUint64(value: string, field: string): number {
  if (value === WIRE_END) return Infinity;
  if (!/^\d+$/.test(value)) throw new ProtocolError(`${field} '${value}' is not a valid uint64`);
  const n = Number(value);
  return n > Number.MAX_SAFE_INTEGER ? Infinity : n;
}

interface PositionMessage {
  setCommitPosition(value: string): unknown;
  setPreparePosition(value: string): unknown;
}

/** Positions on the wire are a commit/prepare pair; in this log they are always equal. */
export function atPosition<T extends PositionMessage>(message: T, position: number): T {
  message.setCommitPosition(String(position));
  message.setPreparePosition(String(position));
  return message;
}

interface SuccessMessage<P> {
  setCurrentRevision(value: string): unknown;
  setNoStream(value?: Empty): unknown;
  setPosition(value?: P): unknown;
  setNoPosition(value?: Empty): unknown;
}

/** Fills the success of an append (Append and BatchAppend share its shape, not its classes). */
export function fillAppendSuccess<P extends PositionMessage, S extends SuccessMessage<P>>(
  success: S,
  outcome: { revision: number; position: number | undefined },
  newPosition: () => P,
): S {
  if (outcome.revision >= 0) success.setCurrentRevision(String(outcome.revision));
  else success.setNoStream(empty());
  if (outcome.position !== undefined)
    success.setPosition(atPosition(newPosition(), outcome.position));
  else success.setNoPosition(empty());
  return success;
}
