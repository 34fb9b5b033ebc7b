import type { EventStore, RecordedEvent, UpcasterRegistry } from '@hitos/event-store';
import {
  ProjectionStore,
  applyToStore,
  projectionFile,
  recordedOf,
  toProjectedEvent,
  type Projection,
} from '@hitos/projections';
import { CliError } from '../../conventions/cli-error';
import type { Moment } from '../../conventions/moments';
import type { ProgressMark } from '../../conventions/progress';
import { pagesOfAll } from '../../store/all-pages';

export interface ReplayOptions {
  store: EventStore;
  /** The models to rebuild: the API's (`hitosProjections(policy)`). */
  projections: readonly Projection[];
  /** A directory of their own: never the live models'. */
  directory: string;
  until: Moment;
  /** Upcasters for the models; none for an event log that must see events as stored. */
  upcasters?: UpcasterRegistry;
  /** The streams the models follow, by name prefix. */
  streamPrefixes: readonly string[];
  pageSize?: number;
  onProgress?: (mark: ProgressMark) => void;
}

export interface ReplayReport {
  directory: string;
  /** Events of `$all` read, system events included. */
  events: number;
  /** The last hitos event replayed: where the history was cut. Null when there was none. */
  lastEvent: { position: string; recordedAt: string; streamId: string; type: string } | null;
  projections: { projection: string; file: string; position: string | null }[];
}

/**
 * Rebuilds the models as they stood at a moment of the history, into files of their own:
 * `$all` is read once from its start, and every model is applied the same events, in the same
 * transactions of the same engine as a rebuild (`applyToStore`), up to
 * - a `$all` position: every event at or before it;
 * - an instant: every event before the first hitos event recorded after it. A moment of the
 *   history is a prefix of `$all`; an event recorded after it ends the prefix even if a later
 *   one carries an earlier time (clocks of several writers), so no model ever sees an event
 *   without those before it.
 */
export async function replayUntil(options: ReplayOptions): Promise<ReplayReport> {
  const { until } = options;
  const endOfAll = (await options.store.endOfAll())?.commit ?? 0n;
  const end = until.kind === 'position' && until.commit < endOfAll ? until.commit : endOfAll;
  const stores = options.projections.map((projection) =>
    ProjectionStore.open(projection, projectionFile(options.directory, projection.name)),
  );
  let events = 0;
  let lastEvent: ReplayReport['lastEvent'] = null;
  try {
    for await (const page of pagesOfAll(options.store, {
      pageSize: options.pageSize,
      until: until.kind === 'position' ? until.commit : undefined,
    })) {
      const { kept, reachedEnd } = historyUpTo(page, until, options.streamPrefixes);
      const items = kept
        .map((event) => recordedOf(event, options.streamPrefixes))
        .filter((item) => item !== null);
      for (const store of stores) {
        const failure = applyToStore(store, items, options.upcasters);
        if (failure) {
          throw new CliError(
            `el modelo ${store.projection.name} se detuvo: ${failure.message}`,
            `the ${store.projection.name} model stopped: ${failure.message}`,
          );
        }
      }
      events += kept.length;
      const last = items[items.length - 1];
      if (last) {
        lastEvent = {
          position: last.at.commit,
          recordedAt: toProjectedEvent(last, undefined).recordedAt,
          streamId: last.streamId,
          type: last.type,
        };
      }
      options.onProgress?.({
        events,
        position: kept.length ? kept[kept.length - 1].position!.commit : end,
        end,
      });
      if (reachedEnd) break;
    }
    return {
      directory: options.directory,
      events,
      lastEvent,
      projections: stores.map((store) => ({
        projection: store.projection.name,
        file: store.file,
        position: store.position?.commit ?? null,
      })),
    };
  } finally {
    for (const store of stores) store.close();
  }
}

/** The events of the page that belong to the history up to `until`, and whether it ends here. */
export function historyUpTo(
  page: readonly RecordedEvent[],
  until: Moment,
  prefixes: readonly string[],
): { kept: RecordedEvent[]; reachedEnd: boolean } {
  for (let i = 0; i < page.length; i++) {
    const event = page[i];
    if (until.kind === 'position') {
      if (event.position!.commit > until.commit)
        return { kept: page.slice(0, i), reachedEnd: true };
      continue;
    }
    const recorded = recordedOf(event, prefixes);
    if (recorded && Date.parse(toProjectedEvent(recorded, undefined).recordedAt) > until.at) {
      return { kept: page.slice(0, i), reachedEnd: true };
    }
  }
  return { kept: [...page], reachedEnd: false };
}
