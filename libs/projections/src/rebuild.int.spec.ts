import { readdirSync } from 'node:fs';
import Database from 'better-sqlite3';
import { useEventStore } from '@hitos/testing';
import { ProjectionHandlerError } from './errors';
import { rebuildProjection } from './rebuild';
import { eventLogProjection } from './testing/event-log.projection';
import { appendNumbered, tempDirectory, uniquePrefix } from './testing/int-helpers';

describe('rebuild (embedded server, real gRPC)', () => {
  const env = useEventStore();

  it('leaves the live model alone when a rebuild fails, and deletes its half-built file', async () => {
    const logPrefix = uniquePrefix('fail');
    const projection = eventLogProjection();
    await appendNumbered(env.store, `${logPrefix}a`, 0, 3);
    await appendNumbered(env.store, `${logPrefix}a`, 3, 1, 'Boom', { boom: true });
    const failDir = tempDirectory('rebuild-fail');
    try {
      await expect(
        rebuildProjection({
          store: env.store,
          projection,
          directory: failDir.path,
          streamPrefixes: [logPrefix],
        }),
      ).rejects.toBeInstanceOf(ProjectionHandlerError);
      expect(readdirSync(failDir.path)).toEqual([]);
    } finally {
      failDir.remove();
    }
  });

  it('builds the model without its secondary indexes and adds them once caught up', async () => {
    const logPrefix = uniquePrefix('indexes');
    const projection = eventLogProjection({
      name: 'event-log-indexed',
      indexes: 'CREATE INDEX IF NOT EXISTS event_log_stream ON event_log (stream_id);',
    });
    await appendNumbered(env.store, `${logPrefix}a`, 0, 5);
    const dir = tempDirectory('rebuild-indexes');
    try {
      const report = await rebuildProjection({
        store: env.store,
        projection,
        directory: dir.path,
        streamPrefixes: [logPrefix],
      });
      const db = new Database(report.file, { readonly: true });
      expect(db.prepare(`SELECT count(*) FROM event_log`).pluck().get()).toBe(5);
      expect(
        db
          .prepare(
            `SELECT name FROM sqlite_master WHERE type = 'index' AND name = 'event_log_stream'`,
          )
          .pluck()
          .all(),
      ).toEqual(['event_log_stream']);
      db.close();
    } finally {
      dir.remove();
    }
  });
});
