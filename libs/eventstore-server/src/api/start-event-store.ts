/**
 * The package's programmatic entry, for tests and tools:
 *
 *   const store = await startEventStore();
 *   const client = EventStoreDBClient.connectionString(store.connectionString);
 *   ...
 *   await store.stop();
 *
 * In-process by default (fastest: no second Node process to boot); `inProcess: false` runs it
 * in a child process, so that storage work leaves the caller's event loop alone.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { AuthOptions } from '../server';
import type { TlsOptions } from '../security/tls';
import { EmbeddedEventStore } from '../process/embedded-event-store';
import { startEventStoreServerOrExplain } from '../process/event-store-process';

export interface StartEventStoreOptions {
  /** Data directory, created if missing and kept at stop; none: a temp directory, removed at stop. */
  dataDir?: string;
  /** 0 (the default) = any free port; read the chosen one from `port`. */
  port?: number;
  /** Address to bind; default 127.0.0.1. */
  host?: string;
  /** true (default): in this process; false: in a child process of its own. */
  inProcess?: boolean;
  /** Largest accepted append in bytes (default 1 MiB, as EventStoreDB). */
  maxAppendSize?: number;
  /** Basic authentication and ACLs; needs `tls`. */
  auth?: AuthOptions;
  /** Listen with TLS from these PEM files. In-process only. */
  tls?: TlsOptions;
}

export interface StartedEventStore {
  /** `esdb://host:port?tls=false` (or with TLS settings): give it to the client as is. */
  readonly connectionString: string;
  readonly host: string;
  readonly port: number;
  readonly dataDir: string;
  /** True when the data directory is a temp one that `stop()` removes. */
  readonly temporary: boolean;
  /** Stops the server, lets in-flight writes land, removes a temp data directory. Idempotent. */
  stop(): Promise<void>;
}

/** Starts an event store and resolves once it listens. */
export async function startEventStore(
  options: StartEventStoreOptions = {},
): Promise<StartedEventStore> {
  const inProcess = options.inProcess ?? true;
  const temporary = options.dataDir === undefined;
  const dataDir = temporary
    ? mkdtempSync(join(tmpdir(), 'eventstore-'))
    : resolve(options.dataDir as string);
  const processOptions = {
    dataDir,
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 0,
    ...(options.maxAppendSize === undefined ? {} : { maxAppendSize: options.maxAppendSize }),
    ...(options.auth ? { auth: options.auth } : {}),
    ...(options.tls ? { tls: options.tls } : {}),
  };
  const removeTemporary = () => {
    if (temporary) rmSync(dataDir, { recursive: true, force: true });
  };

  let server: { connectionString: string; host: string; port: number; stop(): Promise<void> };
  try {
    server = inProcess
      ? await startEventStoreServerOrExplain(processOptions)
      : await EmbeddedEventStore.start({
          ...processOptions,
          logger: { log: () => undefined, warn: warnOnStderr, error: warnOnStderr },
          childOutput: 'errors',
        });
  } catch (error) {
    removeTemporary();
    throw error;
  }

  let stopped: Promise<void> | undefined;
  return {
    connectionString: server.connectionString,
    host: server.host,
    port: server.port,
    dataDir,
    temporary,
    stop() {
      stopped ??= server.stop().finally(removeTemporary);
      return stopped;
    },
  };
}

function warnOnStderr(message: string): void {
  process.stderr.write(`${message}\n`);
}
