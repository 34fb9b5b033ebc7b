import type { IsoDate } from '@hitos/domain';
import type { EventStore, RecordedEvent, UpcasterRegistry } from '@hitos/event-store';
import type { RecordedInAll } from '@hitos/projections';
import { occurrencesOf, type OccurrenceInput } from './occurrence';
import { isMarkOf, type FoldMark } from './fold-mark';
import { metadataOf, recordedAtOf } from './recorded-at';

export { recordedAtOf } from './recorded-at';

/**
 * How much of the history hitos knew: the events at or before an `$all` commit position, and/or
 * those recorded at or before an instant. Both given, both apply.
 */
export interface KnowledgeCut {
  position?: bigint;
  recordedBy?: Date;
}

/** The events of some streams that hitos knew at a cut, merged in `$all` order. */
export interface KnownHistory {
  events: RecordedInAll[];
  /** The `$all` commit position of the last of them; null when none was known. */
  position: string | null;
  /**
   * The position of the first event left out for being recorded after the moment, in any of the
   * streams read (null when none was): nothing at or after it is known, so that histories read
   * in several steps can be cut at the same place ({@link mergeKnown}).
   */
  bound: bigint | null;
}

function isBeyond(event: RecordedInAll, cut: KnowledgeCut): boolean {
  if (cut.position !== undefined && BigInt(event.at.commit) > cut.position) return true;
  if (cut.recordedBy !== undefined) {
    return Date.parse(recordedAtOf(event)) > cut.recordedBy.getTime();
  }
  return false;
}

function inAll(event: RecordedEvent): RecordedInAll | null {
  if (!event.position) return null;
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

/** One stream's events up to a cut, and the position of the first one beyond it, if read. */
export interface StreamUpTo {
  events: RecordedInAll[];
  beyond: bigint | null;
}

/**
 * Events asked per read when nothing says how many will do, doubled at each further read up to
 * the cap. Every read asks for a count (`maxCount`) and is read to its end: a read left half-way
 * is cancelled, which resets its HTTP/2 stream, and the server's HTTP/2 layer closes the whole
 * connection after a burst of a thousand or so resets (its guard against "rapid reset" floods),
 * failing every other call on it, the projections' subscription included.
 */
const FIRST_PAGE = 512;
const LAST_PAGE = 8_192;

/**
 * A stream's events from `fromRevision` (its start when absent) up to the first one beyond the
 * cut, which is kept too (so that what was read says where the cut falls), read in pages that
 * each end on their own: a moment early in a long history reads only its beginning. `expected`,
 * when known (the next fold checkpoint's place), is how many events the first page asks for:
 * enough to reach the first one beyond the cut, if the hint is right; if not, reading goes on.
 */
async function readForwards(
  store: EventStore,
  streamName: string,
  fromRevision: bigint | undefined,
  cut: KnowledgeCut,
  expected?: number,
): Promise<RecordedInAll[]> {
  const events: RecordedInAll[] = [];
  let from = fromRevision;
  let page = expected !== undefined && expected > 0 ? expected : FIRST_PAGE;
  for (;;) {
    let read = 0;
    let beyond = false;
    const options =
      from !== undefined ? { fromRevision: from, maxCount: page } : { maxCount: page };
    for await (const recorded of store.readStream(streamName, options)) {
      read++;
      from = recorded.revision + 1n;
      const event = beyond ? null : inAll(recorded);
      if (!event) continue;
      events.push(event);
      beyond = isBeyond(event, cut);
    }
    if (beyond || read < page) return events;
    page = Math.min(Math.max(page * 2, FIRST_PAGE), LAST_PAGE);
  }
}

/** The id of the stream's first event; undefined when it has none. */
export async function firstIdOf(
  store: EventStore,
  streamName: string,
): Promise<string | undefined> {
  let id: string | undefined;
  // Read to its end, not left (see FIRST_PAGE).
  for await (const event of store.readStream(streamName, { maxCount: 1 })) id = event.id;
  return id;
}

/** At most `maxCount` of a stream's events from `fromRevision` (its start when absent), in order. */
export async function readStreamEvents(
  store: EventStore,
  streamName: string,
  fromRevision: bigint | undefined,
  maxCount: number,
): Promise<RecordedInAll[]> {
  const events: RecordedInAll[] = [];
  const from = fromRevision !== undefined ? { fromRevision } : {};
  for await (const read of store.readStream(streamName, { ...from, maxCount })) {
    const event = inAll(read);
    if (event) events.push(event);
  }
  return events;
}

function upTo(events: RecordedInAll[], cut: KnowledgeCut): StreamUpTo {
  const index = events.findIndex((event) => isBeyond(event, cut));
  return index < 0
    ? { events, beyond: null }
    : { events: events.slice(0, index), beyond: BigInt(events[index].at.commit) };
}

/** A run of a stream's events as read, in order, without gaps. */
interface StreamWindow {
  /** How many of the stream's events come before `events[0]`. */
  offset: number;
  events: RecordedInAll[];
  /** The id of the stream's first event. */
  firstId: string | undefined;
}

/**
 * The window's events after the mark's, up to the cut; null when the stream's events at the
 * mark are not the mark's (another history: the fold must not be used).
 */
function afterMark(window: StreamWindow, mark: FoldMark, cut: KnowledgeCut): StreamUpTo | null {
  const at = mark.count - 1 - window.offset;
  if (!isMarkOf(mark, window.events[at], window.firstId)) return null;
  return upTo(window.events.slice(at + 1), cut);
}

/**
 * Reads on from a window's last event when the cut lies beyond it (or from the start of an
 * empty one), up to the first event beyond the cut.
 */
async function extend(
  store: EventStore,
  streamName: string,
  window: StreamWindow,
  cut: KnowledgeCut,
  until?: number,
): Promise<StreamWindow> {
  const last = window.events[window.events.length - 1];
  if (last ? isBeyond(last, cut) : window.offset > 0) return window;
  const more = await readForwards(
    store,
    streamName,
    last ? last.revision + 1n : undefined,
    cut,
    until !== undefined ? until - window.offset - window.events.length : undefined,
  );
  if (more.length === 0) return window;
  const events = [...window.events, ...more];
  return { ...window, events, firstId: window.offset === 0 ? events[0].id : window.firstId };
}

/** A window from the mark's last event on, with the stream's first event's id beside it. */
async function windowAtMark(
  store: EventStore,
  mark: FoldMark,
  cut: KnowledgeCut,
  until?: number,
): Promise<StreamWindow> {
  const [events, firstId] = await Promise.all([
    readForwards(
      store,
      mark.stream,
      mark.lastRevision,
      cut,
      until !== undefined ? until - mark.count + 1 : undefined,
    ),
    firstIdOf(store, mark.stream),
  ]);
  return { offset: mark.count - 1, events, firstId };
}

/**
 * Streams read before, kept in memory (the least recently used dropped past `maxEvents` events
 * in all): a stream is append-only, so asking again reads only what was appended since (one
 * short read), or nothing when the cut lies within what is kept. Reading a long stream through
 * gRPC costs far more than folding it (some 90 ms per 1,000 events on a two-core machine).
 *
 * What is kept of a stream is one run of its events: from its start, or, when a past view
 * began from a fold checkpoint ({@link knownAfter}), from that checkpoint's last event on.
 */
export class StreamHistories {
  private readonly kept = new Map<string, StreamWindow>();
  private size = 0;

  constructor(
    readonly store: EventStore,
    private readonly maxEvents = 100_000,
  ) {}

  /**
   * The stream's events up to the cut. `until`: the stream's first `until` events are expected
   * to reach beyond the cut (see {@link readForwards}).
   */
  async read(streamName: string, cut: KnowledgeCut, until?: number): Promise<StreamUpTo> {
    const kept = this.kept.get(streamName);
    const from = kept?.offset === 0 ? kept : { offset: 0, events: [], firstId: undefined };
    const window = await extend(this.store, streamName, from, cut, until);
    this.keep(streamName, window);
    return upTo(window.events, cut);
  }

  /** The stream's events after a fold's mark, up to the cut (see {@link knownAfter}). */
  async readAfter(mark: FoldMark, cut: KnowledgeCut, until?: number): Promise<StreamUpTo | null> {
    const kept = this.kept.get(mark.stream);
    const at = kept ? mark.count - 1 - kept.offset : -1;
    const covers = kept !== undefined && at >= 0 && at < kept.events.length;
    const window = covers
      ? await extend(this.store, mark.stream, kept, cut, until)
      : await windowAtMark(this.store, mark, cut, until);
    this.keep(mark.stream, window);
    return afterMark(window, mark, cut);
  }

  /** Events kept now, in all streams. */
  get eventsKept(): number {
    return this.size;
  }

  private keep(streamName: string, window: StreamWindow): void {
    this.size -= this.kept.get(streamName)?.events.length ?? 0;
    this.kept.delete(streamName);
    if (window.events.length === 0 || window.events.length > this.maxEvents) return;
    this.kept.set(streamName, window);
    this.size += window.events.length;
    for (const [name, old] of this.kept) {
      if (this.size <= this.maxEvents) break;
      this.kept.delete(name);
      this.size -= old.events.length;
    }
  }
}

/** Where histories are read from: the store itself, or streams kept from earlier reads. */
export type HistorySource = EventStore | StreamHistories;

async function readFrom(
  source: HistorySource,
  streamName: string,
  cut: KnowledgeCut,
  until?: number,
): Promise<StreamUpTo> {
  if (source instanceof StreamHistories) return source.read(streamName, cut, until);
  return upTo(await readForwards(source, streamName, undefined, cut, until), cut);
}

/**
 * One stream's events after a fold checkpoint's, known at the cut: the events a past view applies
 * to the checkpoint's model. The stream is read from the checkpoint's last event, which must be
 * the mark's (with the stream's first event): null when it is not, and the checkpoint is of
 * another history. The mark must be within the cut ({@link isWithin}); then the checkpoint's
 * events and these are exactly the history {@link knownHistory} reads for this stream alone.
 * `until`: the next checkpoint's count, when there is one beyond the cut (how far to read).
 */
export async function knownAfter(
  source: HistorySource,
  mark: FoldMark,
  cut: KnowledgeCut,
  until?: number,
): Promise<StreamUpTo | null> {
  if (source instanceof StreamHistories) return source.readAfter(mark, cut, until);
  return afterMark(await windowAtMark(source, mark, cut, until), mark, cut);
}

/** Streams read at once: a plan of hundreds of commitments is read a few at a time. */
const CONCURRENT_READS = 16;

/**
 * The events of `streams` that hitos knew at `cut`, through the event store port, in `$all`
 * order: each stream is read on its own (never `$all`, whatever the store holds) and the reads
 * are merged by position, so the order across streams is the order hitos recorded them in.
 *
 * With a recording time, the answer is a prefix of that merged history: it stops before the
 * first event recorded after the moment, in any of the streams, even if a later one (by
 * position) carries an earlier time (two processes' clocks disagree by a few milliseconds), so
 * that the position it ends at reproduces it exactly as `asOfPosition`.
 *
 * `until`, per stream: how many of its first events are expected to reach beyond the cut (a
 * fold checkpoint not within it), so that it is read in one call; only a hint.
 */
export async function knownHistory(
  source: HistorySource,
  streams: readonly string[],
  cut: KnowledgeCut,
  until?: ReadonlyMap<string, number>,
): Promise<KnownHistory> {
  const reads: StreamUpTo[] = [];
  for (let i = 0; i < streams.length; i += CONCURRENT_READS) {
    const batch = streams.slice(i, i + CONCURRENT_READS);
    reads.push(
      ...(await Promise.all(
        batch.map((stream) => readFrom(source, stream, cut, until?.get(stream))),
      )),
    );
  }
  let bound: bigint | null = null;
  for (const read of reads) bound = lower(bound, read.beyond);
  return cutAt(
    reads.flatMap((read) => read.events),
    bound,
  );
}

/** Histories read apart (a plan's commitments, then the institutions they name), as one. */
export function mergeKnown(...histories: KnownHistory[]): KnownHistory {
  let bound: bigint | null = null;
  for (const history of histories) bound = lower(bound, history.bound);
  return cutAt(
    histories.flatMap((history) => history.events),
    bound,
  );
}

const lower = (a: bigint | null, b: bigint | null) =>
  a === null ? b : b === null ? a : b < a ? b : a;

function cutAt(events: RecordedInAll[], bound: bigint | null): KnownHistory {
  // Each position parsed once: a long stream is thousands of events.
  const positioned = events
    .map((event) => ({ event, commit: BigInt(event.at.commit) }))
    .filter(({ commit }) => bound === null || commit < bound);
  let ordered = true;
  for (let i = 1; i < positioned.length && ordered; i++) {
    ordered = positioned[i - 1].commit < positioned[i].commit;
  }
  if (!ordered) positioned.sort((a, b) => (a.commit < b.commit ? -1 : a.commit > b.commit ? 1 : 0));
  const kept = positioned.map(({ event }) => event);
  return { events: kept, position: kept.length ? kept[kept.length - 1].at.commit : null, bound };
}

/**
 * The part of a history known at a cut, for histories already read (a diff reads its later end
 * once and finds its earlier end inside it): the same prefix {@link knownHistory} would read.
 */
export function knownAt(history: KnownHistory, cut: KnowledgeCut): KnownHistory {
  const index = history.events.findIndex((event) => isBeyond(event, cut));
  if (index < 0) return history;
  const events = history.events.slice(0, index);
  return {
    events,
    position: events.length ? events[events.length - 1].at.commit : null,
    bound: lower(history.bound, BigInt(history.events[index].at.commit)),
  };
}

/** The data as projections see it: upcast to the current schema version. */
export function upcastData(event: RecordedInAll, upcasters: UpcasterRegistry | undefined): any {
  if (!upcasters) return event.data;
  const metadata = metadataOf(event);
  const version = typeof metadata.schemaVersion === 'number' ? metadata.schemaVersion : 1;
  return upcasters.upcast(event.type, version, event.data);
}

function upcastOrAsStored(event: RecordedInAll, upcasters: UpcasterRegistry | undefined): any {
  try {
    return upcastData(event, upcasters);
  } catch {
    // The fold will stop at this event and say why; its date is read from the data as stored.
    return event.data;
  }
}

/** The known events as the occurrence rules read them. */
export function occurrenceInputs(
  events: readonly RecordedInAll[],
  upcasters: UpcasterRegistry | undefined,
): OccurrenceInput[] {
  return events.map((event) => ({
    type: event.type,
    streamId: event.streamId,
    data: upcastOrAsStored(event, upcasters),
    metadata: metadataOf(event),
    recordedAt: recordedAtOf(event),
  }));
}

/** The known events that had happened by `date` (see {@link occurrencesOf}), and their dates. */
export function happenedBy(
  events: readonly RecordedInAll[],
  date: IsoDate,
  upcasters: UpcasterRegistry | undefined,
): { events: RecordedInAll[]; occurrences: IsoDate[] } {
  const occurrences = occurrencesOf(occurrenceInputs(events, upcasters));
  return {
    events: events.filter((_, i) => occurrences[i] <= date),
    occurrences,
  };
}
