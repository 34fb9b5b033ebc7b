import { defineProjection, type ProjectedEvent, type ProjectionContext } from '../projection';

/** The events of the engine's own tests: numbered, and one that can stop a projection. */
export type LoggedEvent =
  { type: 'Counted'; data: { n: number } } | { type: 'Boom'; data: { n: number; boom?: boolean } };

/**
 * A projection for the runner's own tests: one row per event keyed by its `$all` position, so
 * applying an event twice fails on the primary key and a missing one shows as a gap against
 * a read of `$all`. `Boom` events with `data.boom` throw, to stop it on purpose (unless
 * `boomThrows` is false: the same projection with the bug fixed).
 */
export function eventLogProjection(
  options: { name?: string; version?: number; boomThrows?: boolean; indexes?: string } = {},
) {
  const record = (context: ProjectionContext, event: ProjectedEvent<{ n?: number }>) => {
    context.run(
      `INSERT INTO event_log (position, stream_id, revision, type, n) VALUES (?, ?, ?, ?, ?)`,
      [event.position, event.streamId, event.revision, event.type, event.data?.n ?? null],
    );
    context.run(
      `INSERT INTO stream_count (stream_id, events) VALUES (?, 1)
       ON CONFLICT (stream_id) DO UPDATE SET events = events + 1`,
      [event.streamId],
    );
  };
  return defineProjection<LoggedEvent>({
    name: options.name ?? 'event-log',
    version: options.version ?? 1,
    schema: `
      CREATE TABLE event_log (
        position TEXT PRIMARY KEY,
        stream_id TEXT NOT NULL,
        revision INTEGER NOT NULL,
        type TEXT NOT NULL,
        n INTEGER
      );
      CREATE TABLE stream_count (stream_id TEXT PRIMARY KEY, events INTEGER NOT NULL);
    `,
    ...(options.indexes ? { indexes: options.indexes } : {}),
    handlers: {
      Counted: record,
      Boom: (context, event) => {
        if (event.data.boom && options.boomThrows !== false) {
          throw new Error(`boom at n=${event.data.n}`);
        }
        record(context, event);
      },
    },
  });
}
