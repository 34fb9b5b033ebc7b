/**
 * An immutable map whose keys are only ever added, for lookups that would otherwise scan a
 * stream's whole history (a commitment's progress reports by id) on every decision.
 *
 * Versions share one Map: each entry carries the sequence number at which it was added, and a
 * version of size n sees the entries numbered below n, so adding to the newest version costs
 * O(1) and never changes what an older version answers. Adding to an older version (a branch:
 * two decisions tried on the same state) first copies the entries that version sees.
 */
export class GrowOnlyIndex<V> {
  private constructor(
    private readonly entries: Map<string, { seq: number; value: V }>,
    readonly size: number,
  ) {}

  static empty<V>(): GrowOnlyIndex<V> {
    return new GrowOnlyIndex(new Map(), 0);
  }

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    return entry !== undefined && entry.seq < this.size ? entry.value : undefined;
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  /** This index with `key` added; a key already present keeps its first value. */
  with(key: string, value: V): GrowOnlyIndex<V> {
    if (this.has(key)) return this;
    let entries = this.entries;
    if (entries.size !== this.size) {
      entries = new Map();
      for (const [k, entry] of this.entries) if (entry.seq < this.size) entries.set(k, entry);
    }
    entries.set(key, { seq: this.size, value });
    return new GrowOnlyIndex(entries, this.size + 1);
  }

  /** What this version holds, for equality in tests and for debugging. */
  toJSON(): Record<string, V> {
    const out: Record<string, V> = {};
    for (const [key, entry] of this.entries) if (entry.seq < this.size) out[key] = entry.value;
    return out;
  }
}
