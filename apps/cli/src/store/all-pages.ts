import type { AllPosition, EventStore, RecordedEvent } from '@hitos/event-store';

export const DEFAULT_PAGE_SIZE = 1000;

/**
 * `$all` from its start, forwards, one page (one read of at most `pageSize` events) at a time:
 * memory stays flat whatever the store's length, and no single read asks the server for the
 * whole history. Every event yielded has its position. Stops after the page that reaches
 * `until` (the caller cuts that page), or at the end of `$all` as it was then.
 */
export async function* pagesOfAll(
  store: EventStore,
  options: { pageSize?: number; until?: bigint } = {},
): AsyncIterable<RecordedEvent[]> {
  const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
  let after: AllPosition | null = null;
  for (;;) {
    const page: RecordedEvent[] = [];
    for await (const event of store.readAll({
      fromPosition: after ?? 'start',
      // Forward reads include their starting position: the event at `after` comes again.
      maxCount: after ? pageSize + 1 : pageSize,
    })) {
      if (!event.position) continue;
      if (after && samePosition(event.position, after)) continue;
      page.push(event);
    }
    if (page.length === 0) return;
    yield page;
    after = page[page.length - 1].position!;
    if (options.until !== undefined && after.commit >= options.until) return;
  }
}

function samePosition(a: AllPosition, b: AllPosition): boolean {
  return a.commit === b.commit && a.prepare === b.prepare;
}
