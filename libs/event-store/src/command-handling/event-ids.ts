import { createHash } from 'node:crypto';

/**
 * The id of the `index`-th event a command appends to a stream: a name-based UUID (version 5
 * layout over SHA-1) of the command id, the stream and the index. A command retried with the
 * same id therefore proposes the same event ids, which the store recognises as a repeat.
 */
export function deterministicEventId(commandId: string, streamName: string, index: number): string {
  return nameBasedUuid(`${commandId}\u0000${streamName}\u0000${index}`);
}

/** A version-5-style UUID of `name`, for ids that must come out the same every time. */
export function nameBasedUuid(name: string): string {
  const bytes = createHash('sha1').update(name).digest().subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
