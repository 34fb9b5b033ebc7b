/** A write's deadline, as WriteDeadlines watches it. */
export interface Watched {
  readonly deadline: number;
}

interface Entry extends Watched {
  /** Emptied (to NOTHING) once settled or expired: a settled entry holds on to nothing. */
  expire: () => void;
  settled: boolean;
}

const NOTHING = (): void => undefined;

/**
 * Deadlines for many writes in flight with one timer. A write whose outcome has not come by
 * its deadline is answered timeout; the write itself goes on (EventStoreDB's timeouts do not
 * cancel a commit either), and its outcome, when it comes, is dropped. One timer per
 * BatchAppend call, armed for the earliest deadline waiting, instead of a timer and two
 * promises per append: on the append path those cost more than the append's own protocol work
 * (docs/benchmarks.md, issue 18 §5).
 *
 * The writes are kept in an array, marked when settled and swept out in passes, not in a `Set`
 * they are added to and deleted from: V8 rehashes a `Set` that churns into a new table and
 * keeps the old one for its iterators, and an old table that a collection has already moved
 * to the old generation keeps what it pointed at alive through every young collection until a
 * full one — here each append's request, closures and record, which were then all promoted
 * (half of all the server promoted, and the collector's time with it; issue 18 §5).
 * A settled entry lets go of its callback, so whatever holds it holds only the entry.
 */
export class WriteDeadlines {
  private entries: Entry[] = [];
  private waiting = 0;
  private timer: NodeJS.Timeout | undefined;
  private armedFor = Infinity;

  /** Calls `expire` when `deadline` (epoch ms) passes, unless `settle` comes first. */
  watch(deadline: number, expire: () => void): Watched {
    const entry: Entry = { deadline, expire, settled: false };
    // Settled entries are swept out once they are half of the array.
    if (this.entries.length >= 64 && this.entries.length >= 2 * this.waiting) this.sweep();
    this.entries.push(entry);
    this.waiting++;
    if (deadline < this.armedFor) this.arm(deadline);
    return entry;
  }

  /** The write's outcome has come: true if it is still to be answered (it did not expire). */
  settle(watched: Watched): boolean {
    const entry = watched as Entry;
    if (entry.settled) return false;
    this.forget(entry);
    return true;
  }

  private forget(entry: Entry): void {
    entry.settled = true;
    entry.expire = NOTHING;
    this.waiting--;
  }

  private sweep(): void {
    this.entries = this.entries.filter((e) => !e.settled);
  }

  private arm(at: number): void {
    clearTimeout(this.timer);
    this.armedFor = at;
    this.timer = setTimeout(() => this.expire(), Math.max(0, at - Date.now()));
    // A write in flight keeps the process alive by itself; the timer need not.
    this.timer.unref();
  }

  private expire(): void {
    this.timer = undefined;
    this.armedFor = Infinity;
    const now = Date.now();
    let next = Infinity;
    const due: Array<() => void> = [];
    for (const entry of this.entries) {
      if (entry.settled) continue;
      if (entry.deadline <= now) {
        due.push(entry.expire);
        this.forget(entry);
      } else if (entry.deadline < next) next = entry.deadline;
    }
    this.sweep();
    if (next < Infinity) this.arm(next);
    // Answered last: an answer may watch another write.
    for (const answer of due) answer();
  }
}
