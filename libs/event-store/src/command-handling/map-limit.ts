/**
 * Runs `work` over `items` with at most `limit` calls in flight, and resolves with the results
 * in the items' order; rejects with the first failure (calls already started finish on their own).
 * For commands sent in numbers: enough at once to keep the store busy, not so many that a
 * thousand reads and appends race each other.
 */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, limit), items.length) }, lane));
  return results;
}
