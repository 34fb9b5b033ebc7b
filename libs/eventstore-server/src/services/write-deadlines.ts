/**
 * Deadlines for many writes in flight with one timer. Each write is answered `'timeout'` if
 * its outcome has not come by its deadline; the write itself goes on (EventStoreDB's timeouts
 * do not cancel a commit either). One timer per BatchAppend call, armed for the earliest
 * deadline waiting, instead of a timer and two promises per append: on the append path those
 * cost more than the append's own protocol work (docs/benchmarks.md, issue 18 §5).
 */
export class WriteDeadlines {
  private readonly waiting = new Set<{ deadline: number; expire: () => void }>();
  private timer: NodeJS.Timeout | undefined;
  private armedFor = Infinity;

  /**
   * Answers once: with the write's outcome (`fail` with its error), or with `'timeout'` should
   * `deadline` (epoch ms) pass first, and then its outcome is dropped. Callbacks, not a promise
   * of its own: one promise per write (the outcome's) instead of three.
   */
  race<T>(
    outcome: Promise<T>,
    deadline: number,
    answer: (value: T | 'timeout') => void,
    fail: (error: unknown) => void,
  ): void {
    const entry = { deadline, expire: () => answer('timeout') };
    this.waiting.add(entry);
    if (deadline < this.armedFor) this.arm(deadline);
    outcome.then(
      (value) => {
        // Still waiting unless it expired: answered already.
        if (this.waiting.delete(entry)) answer(value);
      },
      (error: unknown) => {
        if (this.waiting.delete(entry)) fail(error);
      },
    );
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
