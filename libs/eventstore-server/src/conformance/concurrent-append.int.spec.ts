/**
 * Many appends in flight at once on one BatchAppend stream (the client multiplexes them by
 * correlation id), all to one stream with expected revision any.
 */
import { randomUUID } from 'node:crypto';
import { ANY, jsonEvent } from '@hitos/event-store/esdb-client';
import { range, readStreamEvents, streamName, useServer } from './harness';

// The 10,000 appends are decided and written by the server while the client, in the same
// process, is still serializing the rest: on a loaded CI machine the last ones can wait longer
// than EventStoreDB's default 2 s write timeout, and are then answered Timeout, as EventStoreDB
// would. This suite is about contiguity under concurrency; deadlines have their own tests
// (append-limits), so it gives the writes the time they need.
const env = useServer({ writeTimeoutMs: 60_000 });

describe('concurrent appends to one stream', () => {
  it('given 10,000 appends in flight at once with expected revision any, when they all complete, then revisions 0..9999 are contiguous and every event is stored once', async () => {
    const stream = streamName('concurrent');
    const count = 10_000;
    const events = Array.from({ length: count }, (_, n) =>
      jsonEvent({ id: randomUUID(), type: 'concurrent', data: { n } }),
    );

    const results = await Promise.all(
      events.map((event) => env.client.appendToStream(stream, event, { expectedRevision: ANY })),
    );

    expect(results.every((r) => r.success)).toBe(true);
    const revisions = results
      .map((r) => r.nextExpectedRevision)
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    expect(revisions).toEqual(range(0, count));
    const positions = new Set(results.map((r) => r.position!.commit));
    expect(positions.size).toBe(count);

    const stored = await readStreamEvents(env.client, stream);
    expect(stored.map((e) => e.event!.revision)).toEqual(range(0, count));
    const ids = stored.map((e) => e.event!.id);
    expect(new Set(ids).size).toBe(count);
    expect(new Set(ids)).toEqual(new Set(events.map((e) => e.id)));
    const numbers = stored.map((e) => (e.event!.data as { n: number }).n).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: count }, (_, n) => n));

    // Each append's reported revision is the revision its event got.
    const revisionById = new Map(stored.map((e) => [e.event!.id, e.event!.revision]));
    const mismatches = events.filter(
      (event, i) => revisionById.get(event.id) !== results[i].nextExpectedRevision,
    );
    expect(mismatches).toEqual([]);
  });
});
