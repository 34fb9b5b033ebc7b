import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import {
  EmbeddedEventStore,
  EmbeddedEventStoreStartError,
  startEventStoreServer,
} from '@hitos/eventstore-server';
import { collect, eventToAppend } from '@hitos/testing';
import { EventStoreModule } from './event-store.module';
import { EventStoreConnection } from './event-store-connection';
import { EventStore } from './event-store.port';
import { COMMAND_CONTEXT_SOURCE } from './event-store.tokens';
import { UpcasterRegistry } from './upcasting/upcaster-registry';

const ENV_KEYS = [
  'HITOS_DATA_DIR',
  'EVENTSTORE_CONNECTION_STRING',
  'EVENTSTORE_PORT',
  'EVENTSTORE_HOST',
  'EVENTSTORE_MAX_APPEND_SIZE',
  'EVENTSTORE_START_TIMEOUT_MS',
  'EVENTSTORE_STOP_TIMEOUT_MS',
] as const;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The module as the API configures it, with the embedded server's launcher. */
async function boot(): Promise<TestingModule> {
  const moduleRef = await Test.createTestingModule({
    imports: [
      EventStoreModule.forRoot({
        upcasters: new UpcasterRegistry({}, []),
        commandContext: {
          provide: COMMAND_CONTEXT_SOURCE,
          useValue: () => {
            throw new Error('no command in this test');
          },
        },
        embeddedServer: (config) =>
          EmbeddedEventStore.start({ ...config, logger: new Logger(EmbeddedEventStore.name) }),
      }),
    ],
  }).compile();
  return moduleRef.init();
}

const readStream = (store: EventStore, stream: string) => collect(store.readStream(stream));
const embeddedOf = (app: TestingModule) =>
  app.get(EventStoreConnection).embedded as EmbeddedEventStore | undefined;

describe('EventStoreModule', () => {
  const savedEnv: Partial<Record<(typeof ENV_KEYS)[number], string>> = {};
  let dataRoot: string;
  let open: TestingModule[] = [];

  beforeEach(() => {
    for (const key of ENV_KEYS) {
      savedEnv[key] = process.env[key];
      delete process.env[key];
    }
    dataRoot = mkdtempSync(join(tmpdir(), 'hitos-event-store-module-'));
    process.env.HITOS_DATA_DIR = dataRoot;
    open = [];
  });

  afterEach(async () => {
    await Promise.all(open.map((moduleRef) => moduleRef.close()));
    for (const key of ENV_KEYS) {
      if (savedEnv[key] === undefined) delete process.env[key];
      else process.env[key] = savedEnv[key];
    }
    rmSync(dataRoot, { recursive: true, force: true });
  });

  it('runs the embedded store in a child process, and stops it and frees the data directory on close', async () => {
    const app = await boot();
    const connection = app.get(EventStoreConnection);
    const client = app.get(EventStore);
    const child = embeddedOf(app)!;
    expect(child).toBeDefined();
    expect(child.pid).not.toBe(process.pid);
    expect(isAlive(child.pid)).toBe(true);
    expect(child.dataDir).toBe(join(dataRoot, 'eventstore'));
    expect(connection.connectionString).toMatch(/^esdb:\/\/127\.0\.0\.1:\d+\?tls=false$/);
    expect(child.port).toBeGreaterThan(0);

    const id = randomUUID();
    const stream = `module-test-${randomUUID()}`;
    const result = await client.appendToStream(
      stream,
      [{ id, type: 'CommitmentDrafted', data: { title: 'Open contracting' } }],
      'no_stream',
    );
    expect(result.nextExpectedRevision).toBe(0n);
    const events = await readStream(client, stream);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      id,
      type: 'CommitmentDrafted',
      revision: 0n,
      data: { title: 'Open contracting' },
    });

    await app.close();
    expect(child.running).toBe(false);
    expect(isAlive(child.pid)).toBe(false);

    // The lock is released: a second start on the same directory works and finds the event.
    const again = await boot();
    open.push(again);
    const second = embeddedOf(again)!;
    expect(second.pid).not.toBe(child.pid);
    const reread = await readStream(again.get(EventStore), stream);
    expect(reread.map((event) => event.id)).toEqual([id]);
  });

  it('listens on the configured port', async () => {
    const probe = await startEventStoreServer({
      dataDir: join(dataRoot, 'probe'),
      host: '127.0.0.1',
      port: 0,
    });
    const port = probe.port; // free a port that is known to be bindable
    await probe.stop();
    process.env.EVENTSTORE_PORT = String(port);
    const app = await boot();
    open.push(app);
    expect(app.get(EventStoreConnection).connectionString).toBe(
      `esdb://127.0.0.1:${port}?tls=false`,
    );
  });

  it('connects to EVENTSTORE_CONNECTION_STRING without starting a child', async () => {
    const server = await startEventStoreServer({
      dataDir: join(dataRoot, 'external'),
      host: '127.0.0.1',
      port: 0,
    });
    try {
      process.env.EVENTSTORE_CONNECTION_STRING = server.connectionString;
      const app = await boot();
      const connection = app.get(EventStoreConnection);
      expect(connection.embedded).toBeUndefined();
      const client = app.get(EventStore);
      await client.appendToStream('external-stream', [eventToAppend('Pinged', { at: 1 })], 'any');
      expect(await readStream(client, 'external-stream')).toHaveLength(1);
      await app.close();
    } finally {
      await server.stop();
    }
  });

  it('fails to boot with a clear error when the data directory is in use', async () => {
    const owner = await startEventStoreServer({
      dataDir: join(dataRoot, 'eventstore'),
      host: '127.0.0.1',
      port: 0,
    });
    try {
      const booting = boot();
      await expect(booting).rejects.toBeInstanceOf(EmbeddedEventStoreStartError);
      await expect(booting).rejects.toMatchObject({
        reason: 'data-dir-locked',
        ownerPid: process.pid,
        message: expect.stringContaining(
          `data directory ${join(dataRoot, 'eventstore')} is in use by process ${process.pid}`,
        ),
      });
    } finally {
      await owner.stop();
    }
  });

  it('logs loudly when the child dies, and still closes cleanly', async () => {
    const errors: string[] = [];
    const spy = jest
      .spyOn(Logger.prototype, 'error')
      .mockImplementation((message: unknown) => void errors.push(String(message)));
    try {
      const app = await boot();
      const child = embeddedOf(app)!;
      process.kill(child.pid, 'SIGKILL');
      await child.whenExited();
      expect(errors.join('\n')).toMatch(
        new RegExp(`EMBEDDED EVENT STORE DIED: child process ${child.pid} .*signal SIGKILL`),
      );
      await app.close();
    } finally {
      spy.mockRestore();
    }
  });
});
