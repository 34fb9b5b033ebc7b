import { resolve } from 'node:path';
import { registerAs } from '@nestjs/config';

/**
 * Where the API finds its event store.
 *
 * - `EVENTSTORE_CONNECTION_STRING` set: connect to that server (a real EventStoreDB or a
 *   standalone `npm run eventstore`), start nothing.
 * - otherwise: start the embedded server in a child process on `$HITOS_DATA_DIR/eventstore`
 *   (default `./data/eventstore`), listening on `EVENTSTORE_HOST` (default 127.0.0.1) and
 *   `EVENTSTORE_PORT` (default 0: an ephemeral port, reported back by the child).
 */
export interface EventStoreConfig {
  /** External server; when set, no embedded server is started. */
  connectionString?: string;
  embedded: EmbeddedEventStoreConfig;
}

export interface EmbeddedEventStoreConfig {
  /** Absolute path of the data directory. */
  dataDir: string;
  host: string;
  /** 0 = ephemeral. */
  port: number;
  /** Largest append the server accepts, in bytes (server default when undefined). */
  maxAppendSize?: number;
  /** How long the child may take to report that it listens. */
  startTimeoutMs: number;
  /** How long the child may take to stop after SIGTERM before it is killed. */
  stopTimeoutMs: number;
}

export const EVENT_STORE_CONFIG_NAMESPACE = 'eventStore';

export const DEFAULT_START_TIMEOUT_MS = 30_000;
export const DEFAULT_STOP_TIMEOUT_MS = 10_000;

type Env = Record<string, string | undefined>;

/** Reads and validates the settings; throws an Error naming the variable on a bad value. */
export function loadEventStoreConfig(
  env: Env = process.env,
  cwd = process.cwd(),
): EventStoreConfig {
  const connectionString = nonEmpty(env.EVENTSTORE_CONNECTION_STRING);
  const dataRoot = nonEmpty(env.HITOS_DATA_DIR);
  return {
    connectionString,
    embedded: {
      dataDir: dataRoot ? resolve(cwd, dataRoot, 'eventstore') : resolve(cwd, 'data', 'eventstore'),
      host: nonEmpty(env.EVENTSTORE_HOST) ?? '127.0.0.1',
      port: integerSetting(env, 'EVENTSTORE_PORT', { min: 0, max: 65535 }) ?? 0,
      maxAppendSize: integerSetting(env, 'EVENTSTORE_MAX_APPEND_SIZE', { min: 1 }),
      startTimeoutMs:
        integerSetting(env, 'EVENTSTORE_START_TIMEOUT_MS', { min: 1 }) ?? DEFAULT_START_TIMEOUT_MS,
      stopTimeoutMs:
        integerSetting(env, 'EVENTSTORE_STOP_TIMEOUT_MS', { min: 1 }) ?? DEFAULT_STOP_TIMEOUT_MS,
    },
  };
}

/** The `@nestjs/config` namespace; inject with `@Inject(eventStoreConfig.KEY)`. */
export const eventStoreConfig = registerAs(EVENT_STORE_CONFIG_NAMESPACE, () =>
  loadEventStoreConfig(),
);

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

function integerSetting(
  env: Env,
  name: string,
  range: { min: number; max?: number },
): number | undefined {
  const raw = nonEmpty(env[name]);
  if (raw === undefined) return undefined;
  const value = /^\d+$/.test(raw) ? Number(raw) : NaN;
  const max = range.max ?? Number.MAX_SAFE_INTEGER;
  if (!Number.isSafeInteger(value) || value < range.min || value > max) {
    const bounds = range.max === undefined ? `>= ${range.min}` : `${range.min}-${range.max}`;
    throw new Error(`Invalid ${name}=${JSON.stringify(raw)}: expected an integer ${bounds}`);
  }
  return value;
}
