import type { IsoDate } from '@hitos/domain';
import type { EventStore, RecordedEvent, UpcasterRegistry } from '@hitos/event-store';
import type { RecordedInAll } from '@hitos/projections';
import { occurrencesOf, type OccurrenceInput } from './occurrence';

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

/** `metadata.recordedAt` when hitos wrote it, else the store's own creation time (ISO). */
export function recordedAtOf(event: Pick<RecordedInAll, 'metadata' | 'created'>): string {
  const metadata = metadataOf(event);
  return typeof metadata.recordedAt === 'string'
    ? metadata.recordedAt
    : event.created.toISOString();
}

const metadataOf = (event: Pick<RecordedInAll, 'metadata'>): Record<string, any> =>
  event.metadata && typeof event.metadata === 'object' && !ArrayBuffer.isView(event.metadata)
    ? (event.metadata as Record<string, any>)
    : {};

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
interface StreamUpTo {
  events: RecordedInAll[];
  beyond: bigint | null;
}

/**
 * One stream's events up to the cut, read forwards and left at the first one beyond it (so a
 * moment early in a long history reads only its beginning), with that first one's position.
 */
async function readUpTo(
  store: EventStore,
  streamName: string,
  cut: KnowledgeCut,
): Promise<StreamUpTo> {
  const events: RecordedInAll[] = [];
  for await (const read of store.readStream(streamName)) {
    const event = inAll(read);
    if (!event) continue;
    if (isBeyond(event, cut)) return { events, beyond: BigInt(event.at.commit) };
    events.push(event);
  }
  return { events, beyond: null };
}

function upTo(events: RecordedInAll[], cut: KnowledgeCut): StreamUpTo {
  const index = events.findIndex((event) => isBeyond(event, cut));
  return index < 0
    ? { events, beyond: null }
    : { events: events.slice(0, index), beyond: BigInt(events[index].at.commit) };
}

/**
 * Streams read before, kept in memory (the least recently used dropped past `maxEvents` events
 * in all): a stream is append-only, so asking again reads only what was appended since (one
 * short read), or nothing when the cut lies within what is kept. Reading a long stream through
 * gRPC costs far more than folding it (some 45 ms per 1,000 events on a two-core machine).
 */
export class StreamHistories {
  private readonly kept = new Map<string, RecordedInAll[]>();
  private size = 0;

  constructor(
    readonly store: EventStore,
    private readonly maxEvents = 100_000,
  ) {}

  async read(streamName: string, cut: KnowledgeCut): Promise<StreamUpTo> {
    let events = this.kept.get(streamName) ?? [];
    const last = events[events.length - 1];
    if (!last || !isBeyond(last, cut)) {
      const tail: RecordedInAll[] = [];
      const from = last ? { fromRevision: last.revision + 1n } : {};
      for await (const read of this.store.readStream(streamName, from)) {
        const event = inAll(read);
        if (event) tail.push(event);
      }
      if (tail.length) events = [...events, ...tail];
    }
    this.keep(streamName, events);
    return upTo(events, cut);
  }

  /** Events kept now, in all streams. */
  get eventsKept(): number {
    return this.size;
  }

  private keep(streamName: string, events: RecordedInAll[]): void {
    this.size -= this.kept.get(streamName)?.length ?? 0;
    this.kept.delete(streamName);
    if (events.length === 0 || events.length > this.maxEvents) return;
    this.kept.set(streamName, events);
    this.size += events.length;
    for (const [name, old] of this.kept) {
      if (this.size <= this.maxEvents) break;
      this.kept.delete(name);
      this.size -= old.length;
    }
  }
}

/** Where histories are read from: the store itself, or streams kept from earlier reads. */
export type HistorySource = EventStore | StreamHistories;

const readFrom = (source: HistorySource, streamName: string, cut: KnowledgeCut) =>
  source instanceof StreamHistories
    ? source.read(streamName, cut)
    : readUpTo(source, streamName, cut);

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
 */
export async function knownHistory(
  source: HistorySource,
  streams: readonly string[],
  cut: KnowledgeCut,
): Promise<KnownHistory> {
  const reads: StreamUpTo[] = [];
  for (let i = 0; i < streams.length; i += CONCURRENT_READS) {
    const batch = streams.slice(i, i + CONCURRENT_READS);
    reads.push(...(await Promise.all(batch.map((stream) => readFrom(source, stream, cut)))));
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
