import type { UUID } from '@eventstore/db-client/generated/shared_pb';
import { ProtocolError, parseUint64, uuidToString } from '../protocol/codec';
import type { ExpectedRevision, ProposedEvent } from '../storage/stored-event';

/** The shape shared by `AppendReq.ProposedMessage` and `BatchAppendReq.ProposedMessage`. */
interface ProposedMessage {
  getId(): UUID | undefined;
  getMetadataMap(): { get(key: string): string | undefined };
  getCustomMetadata_asU8(): Uint8Array;
  getData_asU8(): Uint8Array;
}

export class MissingMetadataError extends Error {
  constructor(readonly property: 'type' | 'content-type') {
    super(`Required Metadata Property '${property}' is missing`);
  }
}

/** EventStoreDB's size of an append: data, metadata and the type twice (Event.cs). */
export const sizeOf = (event: ProposedEvent): number =>
  event.data.length + event.metadata.length + 2 * Buffer.byteLength(event.type);

/**
 * A proposed event from its parts, however the request carried them: its `type` and
 * `content-type` metadata are required (checked in that order, before the id is read).
 */
export function proposedEventOf(
  type: string | undefined,
  contentType: string | undefined,
  id: () => string,
  data: Buffer,
  metadata: Buffer,
): ProposedEvent {
  if (!type) throw new MissingMetadataError('type');
  if (!contentType) throw new MissingMetadataError('content-type');
  return { id: id(), type, isJson: contentType === 'application/json', data, metadata };
}

export function toProposedEvent(message: ProposedMessage): ProposedEvent {
  const metadata = message.getMetadataMap();
  const bytes = (u8: Uint8Array) => Buffer.from(u8.buffer, u8.byteOffset, u8.byteLength);
  return proposedEventOf(
    metadata.get('type'),
    metadata.get('content-type'),
    () => uuidToString(message.getId()),
    bytes(message.getData_asU8()),
    bytes(message.getCustomMetadata_asU8()),
  );
}

/** The oneof every write options message carries (revision / no_stream / any / stream_exists). */
interface ExpectationOptions {
  hasNoStream(): boolean;
  hasAny(): boolean;
  hasStreamExists(): boolean;
}

export function expectedRevisionOf(
  options: ExpectationOptions,
  revision: () => string,
  has: () => boolean,
): ExpectedRevision {
  if (options.hasAny()) return 'any';
  if (options.hasNoStream()) return 'no_stream';
  if (options.hasStreamExists()) return 'stream_exists';
  if (has()) {
    const value = parseUint64(revision(), 'expected revision');
    if (!Number.isFinite(value)) throw new ProtocolError('expected revision is out of range');
    return value;
  }
  throw new ProtocolError('an expected stream revision is required');
}

/** EventStoreDB's int64 encoding of an expectation, used in error trailers. */
export const wireExpected = (expected: ExpectedRevision): number =>
  expected === 'any'
    ? -2
    : expected === 'no_stream'
      ? -1
      : expected === 'stream_exists'
        ? -4
        : expected;
