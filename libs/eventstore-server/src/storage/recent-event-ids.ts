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
  private newer = new Map<string, WrittenAt>();
  private older = new Map<string, WrittenAt>();

  constructor(private readonly generation: number) {}

  /** Where `id` was last written, if it is still remembered. */
  get(id: string): WrittenAt | undefined {
    return this.newer.get(id) ?? this.older.get(id);
  }

  remember(id: string, stream: string, revision: number): void {
    if (this.newer.size >= this.generation) {
      this.older = this.newer;
      this.newer = new Map();
    }
    this.newer.set(id, { stream, revision });
  }

  clear(): void {
    this.newer.clear();
    this.older.clear();
  }
}
