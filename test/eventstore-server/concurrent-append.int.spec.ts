/**
 * Many appends in flight at once on one BatchAppend stream (the client multiplexes them by
 * correlation id), all to one stream with expected revision any.
 */
import { randomUUID } from 'node:crypto';
import { ANY, jsonEvent } from '@hitos/event-store/esdb-client';
import { range, readStreamEvents, streamName, useServer } from './harness';

// The 10,000 appends are decided and written by the server while the client, in the same
// process, is still serializing the rest: on a loaded machine the last ones can wait longer
// than EventStoreDB's default 2 s write timeout (answered Timeout, as EventStoreDB would) and
// than the client's own 10 s per-call deadline (each append's deadline travels in its options,
// and the server answers DeadlineExceeded once it has passed). This suite is about contiguity
// under concurrency; deadlines have their own tests (append-limits), so it gives the writes
// all the time they need, on both sides.
const GENEROUS_MS = 10 * 60_000;
const env = useServer({ writeTimeoutMs: GENEROUS_MS });

describe('concurrent appends to one stream', () => {
  it(
    'given 10,000 appends in flight at once with expected revision any, when they all complete, then revisions 0..9999 are contiguous and every event is stored once',
    async () => {
      const stream = streamName('concurrent');
      const count = 10_000;
      const events = Array.from({ length: count }, (_, n) =>
        jsonEvent({ id: randomUUID(), type: 'concurrent', data: { n } }),
      );

      const results = await Promise.all(
        events.map((event) =>
          env.client.appendToStream(stream, event, {
            expectedRevision: ANY,
            deadline: GENEROUS_MS,
          }),
        ),
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
    },
    GENEROUS_MS,
  );
});
