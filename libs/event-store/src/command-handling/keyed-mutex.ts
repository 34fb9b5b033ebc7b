/**
 * Runs the tasks given for one key one after another, and tasks for different keys freely.
 * Commands on one stream from this process queue here instead of racing to the store and
 * retrying on conflicts: fifty concurrent reports on one commitment cost fifty appends, not
 * fifty rounds of optimistic retries. Writers in other processes are still handled by the
 * expected revision.
 */
export class KeyedMutex {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }
}
