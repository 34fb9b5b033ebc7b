import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { EventStore, RecordedEvent, UpcasterRegistry } from '@hitos/event-store';
import { applyToStore } from './apply';
import { recordedOf, type RecordedInAll } from './events';
import { toAllPosition, type StoredPosition } from './position';
import type { EventLogPreparer, Projection } from './projection';
import {
  ProjectionStore,
  projectionFile,
  removeDatabaseFile,
  replaceDatabaseFile,
} from './projection-store';

/** Events a rebuild reads before it starts an event log's preparer (small stores never do). */
const PREPARE_AFTER = 4096;
/** Events per page once pages are prepared ahead: smaller pages keep the read flowing. */
const PREPARED_PAGE = 256;
/** Pages prepared ahead of the one being applied. */
const PAGES_AHEAD = 4;

export interface RebuildProgress {
  /** Events of `$all` read so far, system events included. */
  events: number;
  eventsPerSecond: number;
  position: string | null;
  /** End of `$all` when the rebuild started; the live end moves on. */
  endPosition: string | null;
  /** position / endPosition, at most 1. */
  fraction: number;
}

export interface RebuildOptions {
  store: EventStore;
  projection: Projection;
  directory: string;
  upcasters?: UpcasterRegistry;
  /** The streams the projection follows, by name prefix. */
  streamPrefixes: readonly string[];
  /** Events per transaction. */
  pageSize?: number;
  onProgress?: (progress: RebuildProgress) => void;
  progressIntervalMs?: number;
}

export interface RebuildReport {
  file: string;
  /** Last position of `$all` read. */
  readTo: StoredPosition | null;
  /** The projection's checkpoint. */
  position: string | null;
  events: number;
  seconds: number;
  eventsPerSecond: number;
}

/**
 * Replays `$all` into a database file of its own until a read finds nothing more, i.e. until
 * it has caught up with the live end. On a handler error the file is deleted and the error
 * thrown: a rebuild never leaves half a model behind.
 */
export async function buildProjectionFile(
  options: RebuildOptions & { file?: string; resume?: RebuildReport },
): Promise<RebuildReport> {
  const { store: eventStore, projection, directory } = options;
  const prefixes = options.streamPrefixes;
  const pageSize = options.pageSize ?? 1000;
  const interval = options.progressIntervalMs ?? 250;
  const file =
    options.file ??
    join(directory, `${projection.name}.rebuild-${process.pid}-${Date.now()}.sqlite`);
  if (!options.file) removeDatabaseFile(file);
  const store = ProjectionStore.openForRebuild(projection, file);
  let preparer: EventLogPreparer | undefined;
  const started = performance.now();
  let events = options.resume?.events ?? 0;
  let readTo = options.resume?.readTo ?? null;
  let reported = 0;
  try {
    const end = await eventStore.endOfAll();
    const progress = (): RebuildProgress => {
      const seconds = (performance.now() - started) / 1000;
      const endCommit = end ? Number(end.commit) : 0;
      return {
        events,
        eventsPerSecond: seconds > 0 ? Math.round(events / seconds) : 0,
        position: readTo?.commit ?? null,
        endPosition: end ? end.commit.toString() : null,
        fraction: endCommit > 0 ? Math.min(1, Number(readTo?.commit ?? 0) / endCommit) : 1,
      };
    };
    // One streaming read of `$all` from where the model stands, applied a page at a time while
    // the store sends the rest (its flow control keeps memory flat); then reads again from the
    // last event applied until one finds nothing more: the live end has been reached. An event
    // log with a preparer, past its first PREPARE_AFTER events, has each page prepared (on
    // worker threads) while the next ones are read, and applies it a few pages behind.
    interface Page {
      items: RecordedInAll[];
      /** Events read, those the projection does not follow included. */
      count: number;
      last: RecordedEvent;
    }
    const ahead: (Page & { prepared: Promise<unknown> })[] = [];
    let read = 0;
    const applyPage = ({ items, count, last }: Page, prepared?: unknown) => {
      const failure = applyToStore(store, items, options.upcasters, prepared);
      if (failure) throw failure;
      const tail = last.position!;
      readTo = { commit: tail.commit.toString(), prepare: tail.prepare.toString() };
      events += count;
      if (options.onProgress && performance.now() - reported >= interval) {
        reported = performance.now();
        options.onProgress(progress());
      }
    };
    const applyAhead = async () => {
      const page = ahead.shift()!;
      applyPage(page, await page.prepared);
    };
    try {
      for (;;) {
        const from = readTo;
        let page: RecordedEvent[] = [];
        const flush = () => {
          if (page.length === 0) return;
          const items = page
            .map((event) => recordedOf(event, prefixes))
            .filter((item): item is RecordedInAll => item !== null);
          const done: Page = { items, count: page.length, last: page[page.length - 1] };
          page = [];
          if (preparer === undefined && projection.preparer && read > PREPARE_AFTER) {
            preparer = projection.preparer();
          }
          if (!preparer) return applyPage(done);
          // A failed preparation only loses the head start: the handler does the work itself.
          ahead.push({ ...done, prepared: preparer.prepare(items).catch(() => undefined) });
        };
        for await (const event of eventStore.readAll({
          fromPosition: from ? toAllPosition(from) : 'start',
        })) {
          // The read starts at `from` itself, applied already.
          if (!event.position || (from && event.position.commit <= BigInt(from.commit))) continue;
          read++;
          page.push(event);
          if (page.length >= (preparer ? PREPARED_PAGE : pageSize)) {
            flush();
            if (ahead.length > PAGES_AHEAD) await applyAhead();
          }
        }
        flush();
        while (ahead.length > 0) await applyAhead();
        if (readTo === from) break;
      }
    } finally {
      await Promise.all(ahead.map((page) => page.prepared));
      await preparer?.close();
    }
    // The indexes last, over the whole model at once (see Projection.indexes).
    store.createIndexes();
    options.onProgress?.(progress());
    const seconds = (performance.now() - started) / 1000;
    return {
      file,
      readTo,
      position: store.position?.commit ?? null,
      events,
      seconds,
      eventsPerSecond: seconds > 0 ? Math.round(events / seconds) : 0,
    };
  } catch (error) {
    store.close();
    removeDatabaseFile(file);
    throw error;
  } finally {
    store.close();
  }
}

/** Puts a rebuilt file in the place of the live one (both closed). */
export function swapIn(rebuiltFile: string, liveFile: string): void {
  replaceDatabaseFile(rebuiltFile, liveFile);
}

/**
 * Rebuild with no runner in this process: replay, then replace the live file. A runner in
 * another process must not be writing that file meanwhile (it would keep writing the old one).
 */
export async function rebuildProjection(options: RebuildOptions): Promise<RebuildReport> {
  const report = await buildProjectionFile(options);
  swapIn(report.file, projectionFile(options.directory, options.projection.name));
  return { ...report, file: projectionFile(options.directory, options.projection.name) };
}
