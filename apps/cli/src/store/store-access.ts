import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  EsdbEventStore,
  EventStoreConnection,
  loadEventStoreConfig,
  type EventStore,
  type EventStoreConfig,
} from '@hitos/event-store';
import {
  EmbeddedEventStore,
  EmbeddedEventStoreStartError,
  isPublishedConnectionLive,
  publishedConnectionFile,
  readPublishedConnection,
} from '@hitos/eventstore-server';
import { CliError, badArgument } from '../conventions/cli-error';
import type { Output } from '../conventions/output';

/**
 * What a command will do with the store:
 * - `read`: only read `$all`; a store already running on the data directory (the API's) is
 *   used through the connection it publishes, so the command works while the API runs;
 * - `exclusive`: the command rewrites what the running API keeps (the live read models), so
 *   it refuses while a store runs on the data directory: the API must be stopped first.
 */
export type StoreUse = 'read' | 'exclusive';

export interface StoreSelection {
  /** `--data-dir`: the hitos data directory (default HITOS_DATA_DIR, else ./data). */
  dataDir?: string;
  /** `--connection`: an esdb:// connection string (default EVENTSTORE_CONNECTION_STRING). */
  connection?: string;
}

/** Where the store the command uses came from. */
export type StoreSource = 'connection' | 'running' | 'embedded';

export interface OpenedStore {
  readonly store: EventStore;
  readonly source: StoreSource;
  readonly connectionString: string;
  /** The hitos data directory (absolute), whether or not the store lives in it. */
  readonly dataDir: string;
  close(): Promise<void>;
}

export interface StoreAccessOptions {
  env?: Record<string, string | undefined>;
  cwd?: string;
  /** How long a store may take to answer before it counts as unreachable. */
  pingTimeoutMs?: number;
}

const DEFAULT_PING_TIMEOUT_MS = 5_000;

/**
 * The store a command reads, found in this order:
 * 1. `--connection`, else `EVENTSTORE_CONNECTION_STRING`: that server, which must answer;
 * 2. the connection a store running on the data directory publishes
 *    (`<data dir>/eventstore/connection.json`), if its process lives and it answers (a stale
 *    file is ignored);
 * 3. the embedded store, started by this process on the data directory, as the API would.
 * A missing data directory, an unreachable server or a directory locked by a store that
 * publishes nothing are a {@link CliError} (exit 2).
 */
export async function openStore(
  selection: StoreSelection,
  use: StoreUse,
  output: Output,
  options: StoreAccessOptions = {},
): Promise<OpenedStore> {
  const env = { ...(options.env ?? process.env) };
  if (selection.dataDir !== undefined) env.HITOS_DATA_DIR = selection.dataDir;
  const pingTimeoutMs = options.pingTimeoutMs ?? DEFAULT_PING_TIMEOUT_MS;
  let config: EventStoreConfig;
  try {
    config = loadEventStoreConfig(env, options.cwd ?? process.cwd());
  } catch (error) {
    throw new CliError(
      `configuración no válida: ${(error as Error).message}`,
      `invalid settings: ${(error as Error).message}`,
    );
  }
  const storeDir = config.embedded.dataDir;
  const dataDir = dirname(storeDir);
  const dataDirSource = selection.dataDir !== undefined ? '--data-dir' : 'HITOS_DATA_DIR';

  // 1. A server named by the person.
  const named = selection.connection?.trim() || config.connectionString;
  if (named) {
    const source = selection.connection?.trim() ? '--connection' : 'EVENTSTORE_CONNECTION_STRING';
    const store = connectTo(named, source);
    await answersWithin(store, pingTimeoutMs).catch(async (error: unknown) => {
      await store.close().catch(() => undefined);
      throw new CliError(
        `no se pudo conectar al almacén de eventos de ${source} (${redact(named)}): ${reason(error)}`,
        `could not reach the event store of ${source} (${redact(named)}): ${reason(error)}`,
      );
    });
    return opened(new EventStoreConnection(store, named), 'connection', dataDir);
  }

  if (!existsSync(dataDir)) {
    throw badArgument(
      dataDirSource,
      `no existe el directorio de datos ${dataDir}`,
      `the data directory ${dataDir} does not exist`,
    );
  }
  if (!existsSync(storeDir)) {
    throw badArgument(
      dataDirSource,
      `${dataDir} no tiene almacén de eventos (falta ${storeDir})`,
      `${dataDir} holds no event store (${storeDir} is missing)`,
    );
  }

  // 2. The store that runs on the data directory (the API's), through what it publishes.
  const published = readPublishedConnection(storeDir);
  if (published && isPublishedConnectionLive(storeDir, published)) {
    if (use === 'exclusive') {
      throw new CliError(
        `el almacén de eventos de ${storeDir} está en uso (proceso ${published.pid}): detenga la API antes`,
        `the event store in ${storeDir} is in use (process ${published.pid}): stop the API first`,
      );
    }
    const store = connectTo(published.connectionString, publishedConnectionFile(storeDir));
    await answersWithin(store, pingTimeoutMs).catch(async (error: unknown) => {
      await store.close().catch(() => undefined);
      throw new CliError(
        `el almacén de eventos en ejecución (proceso ${published.pid}, ${published.connectionString}) no responde: ${reason(error)}`,
        `the running event store (process ${published.pid}, ${published.connectionString}) does not answer: ${reason(error)}`,
      );
    });
    output.note(
      `usando el almacén en ejecución (proceso ${published.pid}) en ${published.connectionString}`,
      `using the running store (process ${published.pid}) at ${published.connectionString}`,
    );
    return opened(new EventStoreConnection(store, published.connectionString), 'running', dataDir);
  }
  if (published) {
    output.note(
      `se ignora la conexión publicada por el proceso ${published.pid}, que ya no corre`,
      `ignoring the connection published by process ${published.pid}, which no longer runs`,
    );
  }

  // 3. The embedded store, started here.
  let embedded: EmbeddedEventStore;
  try {
    embedded = await EmbeddedEventStore.start({
      ...config.embedded,
      childOutput: output.options.quiet ? 'errors' : 'stderr',
      logger: {
        log: () => undefined,
        warn: (message) => output.note(message, message),
        error: (message) => process.stderr.write(`${message}\n`),
      },
    });
  } catch (error) {
    if (error instanceof EmbeddedEventStoreStartError && error.reason === 'data-dir-locked') {
      throw new CliError(
        `el almacén de eventos de ${storeDir} está en uso (proceso ${error.ownerPid}) y no publica su conexión: ` +
          (use === 'exclusive' ? 'detenga ese proceso antes' : 'indíquela con --connection'),
        `the event store in ${storeDir} is in use (process ${error.ownerPid}) and publishes no connection: ` +
          (use === 'exclusive' ? 'stop that process first' : 'give it with --connection'),
      );
    }
    throw new CliError(
      `no se pudo iniciar el almacén de eventos embebido en ${storeDir}: ${reason(error)}`,
      `could not start the embedded event store in ${storeDir}: ${reason(error)}`,
    );
  }
  const store = EsdbEventStore.connect(embedded.connectionString);
  return opened(
    new EventStoreConnection(store, embedded.connectionString, embedded),
    'embedded',
    dataDir,
  );
}

function opened(
  connection: EventStoreConnection,
  source: StoreSource,
  dataDir: string,
): OpenedStore {
  return {
    store: connection.store,
    source,
    connectionString: connection.connectionString,
    dataDir,
    close: () => connection.close(),
  };
}

function connectTo(connectionString: string, source: string): EventStore {
  try {
    return EsdbEventStore.connect(connectionString);
  } catch (error) {
    throw badArgument(
      source,
      `cadena de conexión no válida: ${reason(error)}`,
      `invalid connection string: ${reason(error)}`,
    );
  }
}

/** Resolves once the store answers a read, rejects if it fails or takes longer than `ms`. */
async function answersWithin(store: EventStore, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  try {
    await Promise.race([store.ping(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** The first line of an error's message (gRPC's run on). */
function reason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message
    .split('\n')[0]
    .replace(/\s*Resolution note:\s*$/, '')
    .trim();
}

/** Hides a password in `esdb://user:password@host` strings. */
function redact(connectionString: string): string {
  return connectionString.replace(/\/\/([^:/@]+):[^@/]*@/, '//$1:***@');
}
