import type { UpcasterRegistry } from '@hitos/event-store';
import { ProjectionHandlerError } from './errors';
import { toProjectedEvent, type RecordedInAll } from './events';
import { comparePositions } from './position';
import { applies } from './projection';
import type { PositionedEvent, ProjectionStore } from './projection-store';

/**
 * Applies the events after the store's checkpoint in one transaction and moves the checkpoint
 * to the last of them, interested or not, so lag and read-your-writes see the projection as
 * current. Events at or before the checkpoint are skipped: that is what makes a replay after
 * a crash, a resubscription or a rebuild's swap apply each event once in effect.
 */
export function applyToStore(
  store: ProjectionStore,
  items: readonly RecordedInAll[],
  upcasters: UpcasterRegistry | undefined,
  /** An event log's prepared work for these items (see `EventLogPreparer`). */
  prepared?: unknown,
): ProjectionHandlerError | null {
  const fresh = items.filter((item) => comparePositions(item.at, store.position) > 0);
  if (fresh.length === 0) return null;
  const interested: PositionedEvent[] = [];
  for (const item of fresh) {
    if (!applies(store.projection, item.type)) continue;
    try {
      const stored = store.projection.everyEvent !== undefined;
      interested.push({
        event: toProjectedEvent(item, stored ? undefined : upcasters),
        at: item.at,
      });
    } catch (error) {
      // An event that cannot be upcast is a failure at that event, like a throwing handler:
      // apply what came before it and stop there.
      const failure = new ProjectionHandlerError(
        store.projection.name,
        {
          type: item.type,
          streamId: item.streamId,
          revision: Number(item.revision),
          position: item.at.commit,
        },
        error,
      );
      const before = interested.length ? interested[interested.length - 1].at : null;
      if (before) return store.apply(interested, before, prepared) ?? failure;
      return failure;
    }
  }
  return store.apply(interested, fresh[fresh.length - 1].at, prepared);
}
