/**
 * A fresh event store for a spec file: the embedded server on a fresh data directory and an
 * ephemeral port, reached through hitos's own port ({@link EventStore}) over real gRPC, as the
 * app reaches it. Everything is thrown away after the file.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EsdbEventStore, type EventStore, type EventToAppend } from '@hitos/event-store';
import {
  startEventStoreServer,
  type EventStoreServerOptions,
  type RunningEventStoreServer,
} from '@hitos/eventstore-server';

export type EventStoreFixtureOptions = Omit<EventStoreServerOptions, 'dataDir' | 'host' | 'port'>;

export interface EventStoreFixture {
  readonly server: RunningEventStoreServer;
  readonly store: EventStore;
  readonly dataDir: string;
  readonly connectionString: string;
  /** Another connection to the same server (or `connectionString`), closed with the fixture. */
  connect(connectionString?: string): EventStore;
}

/** Registers beforeAll/afterAll hooks that give the calling file (or describe block) a store. */
export function useEventStore(options: EventStoreFixtureOptions = {}): EventStoreFixture {
  let server: RunningEventStoreServer | undefined;
  let dataDir: string | undefined;
  const stores: EventStore[] = [];

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'hitos-event-store-'));
    server = await startEventStoreServer({ ...options, dataDir, host: '127.0.0.1', port: 0 });
    stores.push(EsdbEventStore.connect(server.connectionString));
  });

  afterAll(async () => {
    await Promise.allSettled(stores.map((store) => store.close()));
    if (server) await server.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  const required = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} is not ready: did beforeAll fail?`);
    return value;
  };

  return {
    get server() {
      return required(server, 'server');
    },
    get store() {
      return required(stores[0], 'store');
    },
    get dataDir() {
      return required(dataDir, 'dataDir');
    },
    get connectionString() {
      return required(server, 'server').connectionString;
    },
    connect(connectionString?: string) {
      const store = EsdbEventStore.connect(
        connectionString ?? required(server, 'server').connectionString,
      );
      stores.push(store);
      return store;
    },
  };
}

/** A unique stream name in a category: every test writes to streams of its own. */
export function uniqueStream(category: string): string {
  return `${category}-${randomUUID()}`;
}

/** A JSON event to append, with a fresh id. */
export function eventToAppend(type: string, data: unknown, metadata?: unknown): EventToAppend {
  return { id: randomUUID(), type, data, ...(metadata !== undefined ? { metadata } : {}) };
}

/** Every event of a read, in order. */
export async function collect<T>(source: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of source) items.push(item);
  return items;
}
