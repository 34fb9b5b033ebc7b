/** Where an event id was last written. */
export interface WrittenAt {
  stream: string;
  revision: number;
}

/**
 * The ids of the most recently written events, for the idempotency of appends with expected
 * revision `any` or `stream_exists` — as EventStoreDB keeps them: in a bounded memory cache
 * (IndexWriter's `_committedEvents`, 8 MiB), keyed by event id alone, so that an id last
 * written to another stream is not a repeat. Appends with an exact expected revision (or
 * `no_stream`) do not need it: their repeats are found by reading the stream at the revisions
 * they name, however old.
 *
 * Two generations of `generation` ids each: when the newest is full it becomes the older one
 * and the oldest generation is dropped whole, so the cache always holds at least the last
 * `generation` ids and at most twice as many, with no bookkeeping per id beyond a map entry.
 */
export class RecentEventIds {
  private newer = new Generation();
  private older = new Generation();

  constructor(private readonly generation: number) {}

  /** Where `id` was last written, if it is still remembered. */
  get(id: string): WrittenAt | undefined {
    return this.newer.get(id) ?? this.older.get(id);
  }

  remember(id: string, stream: string, revision: number): void {
    if (this.newer.size >= this.generation) {
      this.older = this.newer;
      this.newer = new Generation();
    }
    this.newer.set(id, stream, revision);
  }

  clear(): void {
    this.newer = new Generation();
    this.older = new Generation();
  }
}

/**
 * One generation: each id's slot in two arrays, rather than an object per id — every append
 * remembers its ids, and each such object would live on through collections until its
 * generation is dropped.
 */
class Generation {
  private readonly slots = new Map<string, number>();
  private readonly streams: string[] = [];
  private readonly revisions: number[] = [];

  get size(): number {
    return this.slots.size;
  }

  get(id: string): WrittenAt | undefined {
    const slot = this.slots.get(id);
    return slot === undefined
      ? undefined
      : { stream: this.streams[slot], revision: this.revisions[slot] };
  }

  set(id: string, stream: string, revision: number): void {
    const slot = this.slots.get(id);
    if (slot !== undefined) {
      this.streams[slot] = stream;
      this.revisions[slot] = revision;
      return;
    }
    this.slots.set(id, this.streams.length);
    this.streams.push(stream);
    this.revisions.push(revision);
  }
}
