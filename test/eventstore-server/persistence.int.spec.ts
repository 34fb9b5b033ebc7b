/**
 * Durability across restarts and ownership of the data directory. Everything written before a
 * stop is there after a new start on the same directory, at the same positions; a second server
 * on a directory that is in use (in this process or another one) is refused with
 * DataDirectoryLockedError.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { DataDirectoryLockedError, type RunningEventStoreServer } from '@hitos/eventstore-server';
import {
  StreamDeletedError,
  StreamNotFoundError,
  binaryEvent,
  jsonEvent,
  type AllStreamResolvedEvent,
  type EventStoreDBClient,
} from '@hitos/event-store/esdb-client';
import {
  bytes,
  connect,
  expectRejection,
  makeDataDir,
  numberedEvents,
  positionOf,
  range,
  readAllEvents,
  readStreamEvents,
  removeDataDir,
  revisionsOf,
  startServer,
  streamName,
} from './harness';

const repoRoot = resolve(__dirname, '../..');

/** Tries to start a server on `dataDir` from a separate Node process; reports what happened. */
function startInChildProcess(
  dataDir: string,
): Promise<{ started: boolean; name?: string; isLockError?: boolean }> {
  const script = `
    const { startEventStoreServer, DataDirectoryLockedError } = require('@hitos/eventstore-server');
    const report = (r) => process.stdout.write('RESULT ' + JSON.stringify(r) + '\\n');
    startEventStoreServer({ dataDir: process.env.CONFORMANCE_DATA_DIR, host: '127.0.0.1', port: 0 })
      .then(async (server) => { await server.stop(); report({ started: true }); })
      .catch((e) => report({ started: false, name: e && e.name, isLockError: e instanceof DataDirectoryLockedError }));
  `;
  return new Promise((resolvePromise, reject) => {
    const child = spawn(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', '-e', script],
      {
        cwd: repoRoot,
        env: { ...process.env, CONFORMANCE_DATA_DIR: dataDir },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const line = stdout.split('\n').find((l) => l.startsWith('RESULT '));
      if (!line)
        return reject(
          new Error(`child exited with ${code} without a result:\n${stdout}\n${stderr}`),
        );
      resolvePromise(JSON.parse(line.slice('RESULT '.length)));
    });
  });
}

function snapshot(events: AllStreamResolvedEvent[]) {
  return events.map((e) => ({
    id: e.event!.id,
    streamId: e.event!.streamId,
    revision: e.event!.revision,
    type: e.event!.type,
    isJson: e.event!.isJson,
    position: positionOf(e),
    created: e.event!.created.getTime(),
    data: e.event!.isJson
      ? e.event!.data
      : Buffer.from(e.event!.data as Uint8Array).toString('base64'),
    metadata:
      e.event!.metadata instanceof Uint8Array
        ? Buffer.from(e.event!.metadata).toString('base64')
        : e.event!.metadata,
  }));
}

describe('persistence across restarts', () => {
  let dataDir: string;
  let server: RunningEventStoreServer | undefined;
  let client: EventStoreDBClient | undefined;

  beforeAll(async () => {
    dataDir = await makeDataDir();
  });

  afterAll(async () => {
    await client?.dispose();
    await server?.stop();
    await removeDataDir(dataDir);
  });

  async function restart(): Promise<void> {
    await client?.dispose();
    await server?.stop();
    server = await startServer(dataDir);
    client = connect(server.connectionString);
  }

  it('given a populated data directory, when the server is stopped and a new one started on it, then streams, positions, metadata and deletions are all as before and revisions continue', async () => {
    await restart();
    const kept = streamName('persist-kept');
    const softDeleted = streamName('persist-soft-deleted');
    const tombstoned = streamName('persist-tombstoned');
    const keptEvents = [
      ...numberedEvents(3),
      jsonEvent({
        id: randomUUID(),
        type: 'with-metadata',
        data: { x: 1 },
        metadata: { $correlationId: 'abc' },
      }),
      binaryEvent({
        id: randomUUID(),
        type: 'binary',
        data: bytes(300),
        metadata: Buffer.from([0xff, 0xfe]),
      }),
    ];
    await client!.appendToStream(kept, keptEvents.slice(0, 2));
    await client!.appendToStream(kept, keptEvents.slice(2));
    await client!.setStreamMetadata(kept, { maxCount: 100, owner: 'persist' });
    await client!.appendToStream(softDeleted, numberedEvents(2));
    await client!.deleteStream(softDeleted);
    await client!.appendToStream(tombstoned, numberedEvents(2));
    await client!.tombstoneStream(tombstoned);
    const before = snapshot(await readAllEvents(client!));
    const keptBefore = await readStreamEvents(client!, kept);

    await restart();

    // A start may add its own system records (EventStoreDB writes a new epoch); what was there stays as it was.
    const after = snapshot(await readAllEvents(client!));
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after.slice(before.length).every((e) => e.streamId.startsWith('$'))).toBe(true);
    expect(await readStreamEvents(client!, kept)).toEqual(keptBefore);
    expect((await client!.getStreamMetadata(kept)).metadata).toEqual({
      maxCount: 100,
      owner: 'persist',
    });
    await expectRejection(readStreamEvents(client!, softDeleted), StreamNotFoundError);
    await expectRejection(readStreamEvents(client!, tombstoned), StreamDeletedError);
    await expectRejection(
      client!.appendToStream(tombstoned, numberedEvents(1)),
      StreamDeletedError,
    );

    const next = await client!.appendToStream(kept, numberedEvents(1, 'numbered', 5), {
      expectedRevision: 4n,
    });
    expect(next.nextExpectedRevision).toBe(5n);
    expect(next.position!.commit).toBeGreaterThan(before.at(-1)!.position.commit);
    const revived = await client!.appendToStream(softDeleted, numberedEvents(1));
    expect(revived.nextExpectedRevision).toBe(2n);
    expect(revisionsOf(await readStreamEvents(client!, kept))).toEqual(range(0, 6));
  });

  it('given appends acknowledged just before a stop, when restarting, then none of them is lost', async () => {
    const stream = streamName('persist-burst');
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, n) =>
        client!.appendToStream(stream, jsonEvent({ type: 'burst', data: { n } })),
      ),
    );
    expect(results).toHaveLength(200);

    await restart();

    expect(revisionsOf(await readStreamEvents(client!, stream))).toEqual(range(0, 200));
  });

  it('given a running server, when a second server starts in this process on the same data directory, then it is refused with DataDirectoryLockedError', async () => {
    const error = await expectRejection(startServer(dataDir), DataDirectoryLockedError);

    expect(error.name).toBe('DataDirectoryLockedError');
    // The running server is unaffected.
    expect(
      (await client!.appendToStream(streamName('persist-after-lock'), numberedEvents(1)))
        .nextExpectedRevision,
    ).toBe(0n);
  });

  it('given a running server, when a server in another process starts on the same data directory, then it is refused with DataDirectoryLockedError', async () => {
    const result = await startInChildProcess(dataDir);

    expect(result).toEqual({ started: false, name: 'DataDirectoryLockedError', isLockError: true });
  });

  it('given a stopped server, when another starts on its data directory, then the directory is free again', async () => {
    await client!.dispose();
    await server!.stop();
    client = undefined;
    server = undefined;

    server = await startServer(dataDir);
    client = connect(server.connectionString);

    expect((await readAllEvents(client, { maxCount: 1 })).length).toBe(1);
  });
});
