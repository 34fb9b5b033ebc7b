import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventStoreDBClient, jsonEvent, type ResolvedEvent } from '@hitos/event-store/esdb-client';
import {
  EventStoreStartError,
  startEventStore,
  type StartedEventStore,
} from '@hitos/eventstore-server';

async function appendAndRead(connectionString: string, stream: string): Promise<unknown[]> {
  const client = EventStoreDBClient.connectionString(connectionString);
  try {
    await client.appendToStream(stream, jsonEvent({ type: 'Noted', data: { n: 1 } }));
    return readAll(client, stream);
  } finally {
    await client.dispose();
  }
}

async function readAll(client: EventStoreDBClient, stream: string): Promise<unknown[]> {
  const data: unknown[] = [];
  for await (const resolved of client.readStream(stream) as AsyncIterable<ResolvedEvent>) {
    data.push(resolved.event?.data);
  }
  return data;
}

describe('startEventStore', () => {
  const started: StartedEventStore[] = [];
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'es-api-'));
  });
  afterEach(async () => {
    await Promise.all(started.splice(0).map((store) => store.stop()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('with no options: in this process, on a free port, in a temp directory removed at stop', async () => {
    const store = await startEventStore();
    started.push(store);
    expect(store.port).toBeGreaterThan(0);
    expect(store.connectionString).toBe(`esdb://127.0.0.1:${store.port}?tls=false`);
    expect(store.temporary).toBe(true);
    expect(existsSync(store.dataDir)).toBe(true);
    expect(await appendAndRead(store.connectionString, 'note-1')).toEqual([{ n: 1 }]);

    await store.stop();
    await store.stop(); // idempotent
    expect(existsSync(store.dataDir)).toBe(false);
  });

  it('keeps a given data directory, whose events a restart reads back', async () => {
    const dataDir = join(dir, 'data');
    const first = await startEventStore({ dataDir });
    started.push(first);
    expect(first.temporary).toBe(false);
    await appendAndRead(first.connectionString, 'note-2');
    await first.stop();
    expect(existsSync(dataDir)).toBe(true);

    const again = await startEventStore({ dataDir });
    started.push(again);
    const client = EventStoreDBClient.connectionString(again.connectionString);
    try {
      expect(await readAll(client, 'note-2')).toEqual([{ n: 1 }]);
    } finally {
      await client.dispose();
    }
  });

  it('runs in a child process when asked', async () => {
    const store = await startEventStore({ inProcess: false });
    started.push(store);
    expect(await appendAndRead(store.connectionString, 'note-3')).toEqual([{ n: 1 }]);
    await store.stop();
    expect(existsSync(store.dataDir)).toBe(false);
  });

  it('names a busy port, and leaves no temp directory behind', async () => {
    const first = await startEventStore();
    started.push(first);
    const tmp = join(dir, 'tmp');
    mkdirSync(tmp);
    const savedTmpdir = process.env.TMPDIR;
    process.env.TMPDIR = tmp; // where os.tmpdir() makes the store's temp directory
    try {
      const failure = startEventStore({ port: first.port });
      await expect(failure).rejects.toBeInstanceOf(EventStoreStartError);
      await expect(failure).rejects.toMatchObject({
        reason: 'port-in-use',
        message: `port ${first.port} on 127.0.0.1 is already in use by another process`,
      });
    } finally {
      // Assigning undefined would set the text "undefined" (a relative directory of that name).
      if (savedTmpdir === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = savedTmpdir;
    }
    expect(readdirSync(tmp)).toEqual([]);
  });

  it('hands TLS on to a child process: TLS files it cannot use stop the start', async () => {
    // Were the settings dropped on the way to the child, it would start, open and in plain text.
    await expect(
      startEventStore({ inProcess: false, tls: { certFile: 'a.crt', keyFile: 'a.key' } }),
    ).rejects.toThrow();
  });
});
