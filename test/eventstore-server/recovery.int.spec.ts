/**
 * Recovery of the write-ahead log and the LMDB index behind it. The SIGKILL crash test
 * (test/eventstore-crash) covers process crashes under load; these cover what a restart must
 * repair on its own: a torn tail of the log, a lost index, and an index left unsynced by a
 * machine crash (a new boot id without a clean close), which is rebuilt from the log, whose
 * end may be followed by the zeros written ahead of it.
 */
import { appendFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { open } from 'lmdb';
import { jsonEvent, type EventStoreDBClient } from '@hitos/event-store/esdb-client';
import type { RunningEventStoreServer } from '@hitos/eventstore-server';
import {
  connect,
  makeDataDir,
  numberedEvents,
  readAllEvents,
  readStreamEvents,
  removeDataDir,
  revisionsOf,
  startServer,
  streamName,
} from './harness';

describe('recovery of the write-ahead log and its index', () => {
  let dataDir: string;
  let server: RunningEventStoreServer | undefined;
  let client: EventStoreDBClient | undefined;

  const start = async () => {
    server = await startServer(dataDir);
    client = connect(server.connectionString);
    return client;
  };
  const stop = async () => {
    await client?.dispose();
    await server?.stop();
    client = undefined;
    server = undefined;
  };
  /** Everything in `$all` as (stream, revision, position, type), to compare across restarts. */
  const snapshot = async (c: EventStoreDBClient) =>
    (await readAllEvents(c)).map((e) => [
      e.event!.streamId,
      e.event!.revision,
      e.event!.position.commit,
      e.event!.type,
    ]);

  beforeEach(async () => {
    dataDir = await makeDataDir();
  });
  afterEach(async () => {
    await stop();
    await removeDataDir(dataDir);
  });

  it('given a log whose last frame was torn by a crash, when the store starts, then the torn bytes are cut off and appends continue', async () => {
    const stream = streamName('torn');
    await (await start()).appendToStream(stream, numberedEvents(3));
    await stop();
    const wal = join(dataDir, 'wal.log');
    const intact = statSync(wal).size;
    appendFileSync(wal, Buffer.from([200, 0, 0, 0, 1, 2, 3, 4, 5, 6])); // a header promising 200 bytes

    const c = await start();

    expect(revisionsOf(await readStreamEvents(c, stream))).toEqual([0n, 1n, 2n]);
    const next = await c.appendToStream(stream, numberedEvents(1, 'numbered', 3));
    expect(next.nextExpectedRevision).toBe(3n);

    // The log stays replayable past the repaired tail: rebuilt from it alone, the index has
    // every event, the one appended after the repair included.
    await stop();
    expect(statSync(wal).size).toBeGreaterThan(intact);
    rmSync(join(dataDir, 'events.mdb'));
    const rebuilt = await start();
    expect(revisionsOf(await readStreamEvents(rebuilt, stream))).toEqual([0n, 1n, 2n, 3n]);
  });

  it('given an index that was lost, when the store starts, then it is rebuilt from the log with every event at its position', async () => {
    const c1 = await start();
    const stream = streamName('lost-index');
    await c1.appendToStream(stream, numberedEvents(5));
    await c1.tombstoneStream(streamName('tombstoned'));
    await c1.setStreamMetadata(stream, { maxCount: 10 });
    const before = await snapshot(c1);
    await stop();
    rmSync(join(dataDir, 'events.mdb'));
    rmSync(join(dataDir, 'events.mdb-lock'), { force: true });

    const c2 = await start();

    const after = await snapshot(c2);
    // A restart records a new epoch; everything before it is unchanged.
    expect(after.slice(0, before.length)).toEqual(before);
    expect((await c2.getStreamMetadata(stream)).metadata).toEqual({ maxCount: 10 });
    const next = await c2.appendToStream(stream, jsonEvent({ type: 'after-rebuild', data: {} }));
    expect(next.nextExpectedRevision).toBe(5n);
  });

  it('given an index left unsynced by a machine crash, when the store starts after a reboot, then the index is rebuilt from the log', async () => {
    const c1 = await start();
    const stream = streamName('machine-crash');
    await c1.appendToStream(stream, numberedEvents(4));
    const before = await snapshot(c1);
    await stop();
    // What a machine crash leaves: the store was not closed cleanly, under an earlier boot,
    // and its unsynced index may hold anything — here, a record overwritten with garbage.
    markOpenedBeforeAMachineCrash(dataDir);
    const root = open({ path: join(dataDir, 'events.mdb'), maxDbs: 8 });
    const log = root.openDB<unknown, number>({
      name: 'log',
      sharedStructuresKey: Symbol.for('structures'),
    });
    const [firstUserPosition] = before.filter(([s]) => s === stream).map(([, , p]) => Number(p));
    log.putSync(firstUserPosition, { garbage: true });
    await root.close();

    const c2 = await start();

    expect((await snapshot(c2)).slice(0, before.length)).toEqual(before);
    expect(revisionsOf(await readStreamEvents(c2, stream))).toEqual([0n, 1n, 2n, 3n]);
  });

  it('given a log followed by the zeros written ahead of it, when the index is rebuilt after a machine crash, then the zeros are cut off and later appends survive the next rebuild', async () => {
    const stream = streamName('zeros-ahead');
    await (await start()).appendToStream(stream, numberedEvents(3));
    await stop();
    // What a crash leaves behind the last frame: the zeros written ahead of the log.
    appendFileSync(join(dataDir, 'wal.log'), Buffer.alloc(1024 * 1024));
    markOpenedBeforeAMachineCrash(dataDir);

    const c = await start();
    expect(revisionsOf(await readStreamEvents(c, stream))).toEqual([0n, 1n, 2n]);
    await c.appendToStream(stream, numberedEvents(1, 'numbered', 3));
    await stop();
    markOpenedBeforeAMachineCrash(dataDir);

    const rebuilt = await start();
    expect(revisionsOf(await readStreamEvents(rebuilt, stream))).toEqual([0n, 1n, 2n, 3n]);
  });

  it('given an index file a machine crash left unreadable, when the store starts, then it is set aside unopened and rebuilt from the log', async () => {
    const c1 = await start();
    const stream = streamName('unreadable-index');
    await c1.appendToStream(stream, numberedEvents(3));
    const before = await snapshot(c1);
    await stop();
    markOpenedBeforeAMachineCrash(dataDir);
    // lmdb-js may crash the process on a damaged file rather than report it, so the store
    // must decide from the marker, before opening the index.
    writeFileSync(join(dataDir, 'events.mdb'), Buffer.alloc(64 * 1024, 0xab));

    const c2 = await start();

    expect((await snapshot(c2)).slice(0, before.length)).toEqual(before);
  });
});

function markOpenedBeforeAMachineCrash(dataDir: string): void {
  writeFileSync(
    join(dataDir, 'open-marker.json'),
    JSON.stringify({ boot: 'a-boot-before-the-crash', clean: false }),
  );
}
