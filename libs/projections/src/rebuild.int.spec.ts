import { readdirSync } from 'node:fs';
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
});
