import type { RecordedEvent, UpcasterRegistry } from '@hitos/event-store';
import type { ProjectedEvent } from './projection';
import type { StoredPosition } from './position';

/** A recorded event of `$all` that a projection may see, with its position as stored. */
export type RecordedInAll = Pick<
  RecordedEvent,
  'id' | 'type' | 'streamId' | 'revision' | 'data' | 'metadata' | 'created'
> & { at: StoredPosition };

export function recordedOf(
  event: RecordedEvent,
  prefixes: readonly string[],
): RecordedInAll | null {
  if (!event.position) return null;
  if (!prefixes.some((prefix) => event.streamId.startsWith(prefix))) return null;
  return {
    id: event.id,
    type: event.type,
    streamId: event.streamId,
    revision: event.revision,
    data: event.data,
    metadata: event.metadata,
    created: event.created,
    at: { commit: event.position.commit.toString(), prepare: event.position.prepare.toString() },
  };
}

/** Upcasts the data to the version the projections are written against. */
export function toProjectedEvent(
  recorded: RecordedInAll,
  upcasters: UpcasterRegistry | undefined,
): ProjectedEvent {
  const metadata =
    recorded.metadata &&
    typeof recorded.metadata === 'object' &&
    !ArrayBuffer.isView(recorded.metadata)
      ? (recorded.metadata as Record<string, any>)
      : {};
  const schemaVersion = typeof metadata.schemaVersion === 'number' ? metadata.schemaVersion : 1;
  return {
    id: recorded.id,
    type: recorded.type,
    data: upcasters ? upcasters.upcast(recorded.type, schemaVersion, recorded.data) : recorded.data,
    metadata,
    streamId: recorded.streamId,
    revision: Number(recorded.revision),
    storedRevision: BigInt(recorded.revision),
    storedMetadata: recorded.metadata,
    position: recorded.at.commit,
    recordedAt:
      typeof metadata.recordedAt === 'string'
        ? metadata.recordedAt
        : recorded.created.toISOString(),
  };
}

/** Every event of one read. */
export async function drain<T>(source: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of source) items.push(item);
  return items;
}
