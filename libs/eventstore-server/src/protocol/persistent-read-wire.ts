/**
 * The requests of a persistent subscription's Read call. Nearly all of them are acks, up to a
 * few dozen event ids each: those are read by hand (protocol/wire.ts), as views of the ids'
 * `UUID` messages, instead of a generated `ReadReq` with a message object per id. The rest —
 * the options that open the call, a nack — are read by the generated class.
 *
 * Field numbers: EventStoreDB 24.10's `persistent.proto` (`ReadReq`: options 1, ack 2, nack 3;
 * `ReadReq.Ack`: id 1, ids 2).
 */
import { ReadReq } from '@eventstore/db-client/generated/persistent_pb';
import { ProtocolError } from './codec';
import { WIRE_LEN, WireReader } from './wire';

/** A `ReadReq` that is an ack and nothing else: its ids' `UUID` messages, as sent. */
export interface AckRequest {
  readonly ackIds: Buffer[];
}

const ACK = (2 << 3) | WIRE_LEN;
const ACK_IDS = (2 << 3) | WIRE_LEN;

/** A Read request: an ack read by hand, anything else through the generated class. */
export function decodeReadRequest(bytes: Buffer): AckRequest | ReadReq {
  return ackOf(bytes) ?? ReadReq.deserializeBinary(bytes);
}

/**
 * The ids of a request whose only field is one `ack`. Anything else — another field beside it,
 * an ack sent twice (of which google-protobuf keeps the last), bytes that do not parse — is left
 * to the generated class, which reads it as it always has.
 */
function ackOf(bytes: Buffer): AckRequest | undefined {
  const reader = new WireReader(bytes);
  try {
    if (reader.at >= reader.end || reader.varint32() !== ACK) return undefined;
    const ids: Buffer[] = [];
    const outer = reader.enter();
    while (reader.at < reader.end) {
      const tag = reader.varint32();
      if (tag === ACK_IDS) ids.push(reader.bytes());
      else reader.skip(tag & 7);
    }
    reader.leave(outer);
    return reader.at === reader.end ? { ackIds: ids } : undefined;
  } catch (error) {
    if (error instanceof ProtocolError) return undefined;
    throw error;
  }
}

export const isAck = (request: AckRequest | ReadReq): request is AckRequest =>
  !(request instanceof ReadReq);
