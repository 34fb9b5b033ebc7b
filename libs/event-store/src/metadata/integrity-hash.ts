import { createHash } from 'node:crypto';

/**
 * JSON with object keys sorted at every level, so that the hash of an event does not depend
 * on the order in which its properties were written, nor on a store that re-serializes it.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export interface HashedEvent {
  streamName: string;
  revision: bigint;
  type: string;
  data: unknown;
  /** The metadata without its `integrity` part. */
  metadata: Record<string, unknown>;
  previousHash: string | null;
}

/** The link of an event in its stream's hash chain (hex SHA-256). */
export function integrityHash(event: HashedEvent): string {
  return createHash('sha256')
    .update(
      canonicalJson({
        stream: event.streamName,
        revision: event.revision.toString(),
        type: event.type,
        data: event.data,
        metadata: event.metadata,
        previousHash: event.previousHash,
      }),
    )
    .digest('hex');
}
