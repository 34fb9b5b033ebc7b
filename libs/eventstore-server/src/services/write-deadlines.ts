/** A write's deadline, as WriteDeadlines watches it. */
export interface Watched {
  readonly deadline: number;
  readonly expire: () => void;
}

/**
 * Deadlines for many writes in flight with one timer. A write whose outcome has not come by
 * its deadline is answered timeout; the write itself goes on (EventStoreDB's timeouts do not
 * cancel a commit either), and its outcome, when it comes, is dropped. One timer per
 * BatchAppend call, armed for the earliest deadline waiting, instead of a timer and two
 * promises per append: on the append path those cost more than the append's own protocol work
 * (docs/benchmarks.md, issue 18 §5).
 */
export class WriteDeadlines {
  private readonly waiting = new Set<Watched>();
  private timer: NodeJS.Timeout | undefined;
  private armedFor = Infinity;

  /** Calls `expire` when `deadline` (epoch ms) passes, unless `settle` comes first. */
  watch(deadline: number, expire: () => void): Watched {
    const entry = { deadline, expire };
    this.waiting.add(entry);
    if (deadline < this.armedFor) this.arm(deadline);
    return entry;
  }

  /** The write's outcome has come: true if it is still to be answered (it did not expire). */
  settle(entry: Watched): boolean {
    return this.waiting.delete(entry);
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
    for (const entry of this.waiting) {
      if (entry.deadline <= now) {
        this.waiting.delete(entry);
        entry.expire();
      } else if (entry.deadline < next) next = entry.deadline;
    }
    if (next < Infinity) this.arm(next);
  }
}
