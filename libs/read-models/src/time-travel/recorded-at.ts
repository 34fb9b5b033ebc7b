import type { RecordedInAll } from '@hitos/projections';

/** `metadata.recordedAt` when hitos wrote it, else the store's own creation time (ISO). */
export function recordedAtOf(event: Pick<RecordedInAll, 'metadata' | 'created'>): string {
  const metadata = metadataOf(event);
  return typeof metadata.recordedAt === 'string'
    ? metadata.recordedAt
    : event.created.toISOString();
}

/** The metadata when it is a JSON object, else an empty one. */
export const metadataOf = (event: Pick<RecordedInAll, 'metadata'>): Record<string, any> =>
  event.metadata && typeof event.metadata === 'object' && !ArrayBuffer.isView(event.metadata)
    ? (event.metadata as Record<string, any>)
    : {};
