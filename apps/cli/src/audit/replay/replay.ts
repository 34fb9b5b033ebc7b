import type { EventStore, RecordedEvent, UpcasterRegistry } from '@hitos/event-store';
import { basename } from 'node:path';
import {
  ProjectionStore,
  applyToStore,
  projectionFile,
  recordedOf,
  toProjectedEvent,
  type Projection,
  REPLAY_MANIFEST_FORMAT,
  type ReplayManifest,
  type StoredPosition,
} from '@hitos/projections';
import { CliError } from '../../conventions/cli-error';
import type { Moment } from '../../conventions/moments';
import type { ProgressMark } from '../../conventions/progress';
import { pagesOfAll } from '../../store/all-pages';

export interface ReplayOptions {
  store: EventStore;
  /** The models to rebuild: the API's (`hitosProjections(policy)`). */
  projections: readonly Projection[];
  /**
   * Models of every stream, fed each event as stored (the transparency log, which must see
   * events written around hitos too), in the same read of `$all`.
   */
  logs?: readonly Projection[];
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
  /** The last event of `$all` replayed, of any stream, and when the store wrote it. */
  end: { position: StoredPosition; created: string } | null;
  projections: { projection: string; version: number; file: string; position: string | null }[];
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
  const open = (projection: Projection) =>
    ProjectionStore.open(projection, projectionFile(options.directory, projection.name));
  const stores = options.projections.map(open);
  const logs = (options.logs ?? []).map(open);
  let events = 0;
  let lastEvent: ReplayReport['lastEvent'] = null;
  let endOfHistory: ReplayReport['end'] = null;
  try {
    for await (const page of pagesOfAll(options.store, {
      pageSize: options.pageSize,
      until: until.kind === 'position' ? until.commit : undefined,
    })) {
      const { kept, reachedEnd } = historyUpTo(page, until, options.streamPrefixes);
      const items = kept
        .map((event) => recordedOf(event, options.streamPrefixes))
        .filter((item) => item !== null);
      const asStored = logs.length
        ? kept.map((event) => recordedOf(event, [''])).filter((item) => item !== null)
        : [];
      for (const [store, batch] of [
        ...stores.map((store) => [store, items] as const),
        ...logs.map((store) => [store, asStored] as const),
      ]) {
        const failure = applyToStore(store, batch, options.upcasters);
        if (failure) {
          throw new CliError(
            `el modelo ${store.projection.name} se detuvo: ${failure.message}`,
            `the ${store.projection.name} model stopped: ${failure.message}`,
          );
        }
      }
      events += kept.length;
      const tail = kept[kept.length - 1];
      if (tail?.position) {
        endOfHistory = {
          position: {
            commit: tail.position.commit.toString(),
            prepare: tail.position.prepare.toString(),
          },
          created: tail.created.toISOString(),
        };
      }
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
      end: endOfHistory,
      projections: [...stores, ...logs].map((store) => ({
        projection: store.projection.name,
        version: store.projection.version,
        file: store.file,
        position: store.position?.commit ?? null,
      })),
    };
  } finally {
    for (const store of [...stores, ...logs]) store.close();
  }
}

/**
 * What `replay.json` says of a replay: the moment asked, the instant it stands at (the instant
 * asked; for a position, when its last event was recorded), where the history ends, each model.
 */
export function replayManifest(until: Moment, report: ReplayReport): ReplayManifest {
  return {
    format: REPLAY_MANIFEST_FORMAT,
    until: {
      asked: until.text,
      instant: until.kind === 'instant' ? until.iso : null,
      position: until.kind === 'position' ? until.commit.toString() : null,
    },
    at:
      until.kind === 'instant'
        ? until.iso
        : (report.lastEvent?.recordedAt ?? report.end?.created ?? new Date(0).toISOString()),
    end: report.end?.position ?? null,
    lastEvent: report.lastEvent,
    events: report.events,
    models: report.projections.map((p) => ({
      name: p.projection,
      version: p.version,
      file: basename(p.file),
      position: p.position,
    })),
  };
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
