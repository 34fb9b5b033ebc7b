import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import type { ReplayManifest } from '@hitos/projections';
import { CliError, badArgument } from '../../conventions/cli-error';
import type { Output } from '../../conventions/output';

export interface ReplayServerOptions {
  /** The replay's directory (`replay.json` and the models). */
  directory: string;
  /** The store the replay was made from: the API reads it up to the replay's end. */
  connectionString: string;
  /** hitos's data directory: the API's signing keys (tokens, the log) are found there. */
  dataDir: string;
  /** 0: a free port, chosen by the system. */
  port: number;
  host: string;
  /** The API's own lines (its banner, its warnings) go here; nowhere when undefined. */
  log?: NodeJS.WritableStream;
  /** The API's standard error (why it could not start); this process's when undefined. */
  errors?: NodeJS.WritableStream;
  /** Settings for the API besides these (default: this process's environment). */
  env?: Record<string, string | undefined>;
  /** How long the API may take to listen (ts-node compiles it first: seconds). */
  startTimeoutMs?: number;
}

export interface ReplayServer {
  /** `http://<host>:<port>`, where the API answers. */
  readonly url: string;
  readonly port: number;
  /** Settles when the API's process ends, for whatever reason, with its exit code. */
  readonly exited: Promise<number | null>;
  /** Stops the API (SIGTERM, then SIGKILL after a few seconds) and waits for its end. */
  stop(): Promise<void>;
}

const STOP_TIMEOUT_MS = 10_000;

/**
 * Starts the hitos API over a replay's models: the API's own process (`apps/api`, as
 * `npm start` runs it, compiled or through ts-node like this CLI), with `HITOS_REPLAY_DIR` set,
 * so it serves the same routes with the same readers' rules, frozen at the replay's moment and
 * read only. It reaches the store through `connectionString` (the one this command opened).
 * The API runs in its own process group: a Ctrl-C reaches this command, which stops it; and it
 * stops by itself if this command goes away (the IPC channel closes).
 */
export async function startReplayServer(options: ReplayServerOptions): Promise<ReplayServer> {
  const { entry, execArgv, tsconfig } = apiEntry();
  const env: Record<string, string | undefined> = {
    ...(options.env ?? process.env),
    HITOS_REPLAY_DIR: options.directory,
    HITOS_DATA_DIR: options.dataDir,
    EVENTSTORE_CONNECTION_STRING: options.connectionString,
    PORT: String(options.port),
    HOST: options.host,
    ...(tsconfig ? { TS_NODE_PROJECT: tsconfig } : {}),
  };
  // Requests are not logged on an auditor's terminal unless asked (LOG_LEVEL=info).
  env.LOG_LEVEL ??= 'warn';
  const child = fork(entry, [], {
    execArgv,
    env,
    detached: true,
    stdio: ['ignore', options.log ? 'pipe' : 'ignore', options.errors ? 'pipe' : 'inherit', 'ipc'],
  });
  if (options.log) child.stdout?.pipe(options.log, { end: false });
  if (options.errors) child.stderr?.pipe(options.errors, { end: false });
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code, signal) => resolve(code ?? (signal ? null : 0)));
    // It could not even be started (no node, no file): nothing will exit.
    child.once('error', () => resolve(null));
  });
  const port = await listening(child, exited, options.startTimeoutMs ?? 120_000);
  const host = options.host === '0.0.0.0' || options.host === '::' ? 'localhost' : options.host;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    exited,
    stop: () => stop(child, exited),
  };
}

/** The API's entry: its TypeScript through ts-node beside this file's, or its compiled build. */
function apiEntry(): { entry: string; execArgv: string[]; tsconfig?: string } {
  const source = extname(__filename) === '.ts';
  // apps/cli/src/audit/replay → apps/api/src/main (dist/apps/… when compiled).
  const entry = resolve(__dirname, '../../../../api/src', source ? 'main.ts' : 'main.js');
  if (!existsSync(entry)) {
    throw new CliError(
      `no se encuentra la API (${entry}): ejecute npm run build`,
      `the API is missing (${entry}): run npm run build`,
    );
  }
  if (!source) return { entry, execArgv: [] };
  return {
    entry,
    execArgv: [
      '-r',
      require.resolve('ts-node/register/transpile-only'),
      '-r',
      require.resolve('tsconfig-paths/register'),
    ],
    tsconfig: resolve(__dirname, '../../../../../tsconfig.json'),
  };
}

/** The port the API reports once it listens; a CliError if it ends or takes too long first. */
function listening(
  child: ChildProcess,
  exited: Promise<number | null>,
  timeoutMs: number,
): Promise<number> {
  return new Promise<number>((resolvePort, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new CliError(
          `la API no escuchó en ${timeoutMs / 1000} s`,
          `the API did not listen within ${timeoutMs / 1000} s`,
        ),
      );
    }, timeoutMs);
    child.on('message', (message: { hitos?: string; port?: number }) => {
      if (message?.hitos !== 'listening' || typeof message.port !== 'number') return;
      clearTimeout(timer);
      resolvePort(message.port);
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(
        new CliError(
          `la API terminó antes de escuchar (código ${code ?? 'por señal'}); vea los mensajes de arriba`,
          `the API ended before it listened (exit code ${code ?? 'by signal'}); see the messages above`,
        ),
      );
    });
  });
}

async function stop(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  try {
    await exited;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Keeps the command running while the API serves: until Ctrl-C (SIGINT) or SIGTERM, which stop
 * it; a CliError (exit 2) if the API ends by itself.
 */
export async function serveUntilStopped(server: ReplayServer): Promise<void> {
  let onSignal!: () => void;
  const signalled = new Promise<'stopped'>((resolve) => {
    onSignal = () => resolve('stopped');
  });
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const how = await Promise.race([signalled, server.exited.then((code) => ({ ended: code }))]);
    await server.stop();
    if (how !== 'stopped') {
      throw new CliError(
        `la API de la réplica terminó sola (código ${how.ended ?? 'por señal'})`,
        `the replay's API ended by itself (exit code ${how.ended ?? 'by signal'})`,
      );
    }
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** Tells where the replay is served: a line for a person, or the JSON document with `--json`. */
export function announceServing(
  output: Output,
  manifest: ReplayManifest,
  directory: string | null,
  server: ReplayServer,
  extra: Record<string, unknown> = {},
): void {
  const position = manifest.end?.commit ?? null;
  if (output.json) {
    output.document({
      ...extra,
      serving: {
        url: server.url,
        api: `${server.url}/api`,
        until: manifest.until,
        at: manifest.at,
        position,
        directory,
      },
    });
    return;
  }
  output.say(
    `Réplica de solo lectura hasta ${manifest.until.asked} (${manifest.at}, posición ${position ?? '—'}) en ${server.url}`,
    `Read-only replay until ${manifest.until.asked} (${manifest.at}, position ${position ?? '—'}) at ${server.url}`,
  );
  output.text(`  API: ${server.url}/api    docs: ${server.url}/docs`);
  output.say('  Ctrl-C la detiene.', '  Ctrl-C stops it.');
}

/** `--port`: 0 (the default) lets the system choose a free one. */
export function parsePort(value: string): number {
  const port = /^\d{1,5}$/.test(value.trim()) ? Number(value) : NaN;
  if (!Number.isInteger(port) || port > 65535) {
    throw badArgument(
      '--port',
      `«${value}» no es un puerto (0-65535)`,
      `"${value}" is not a port (0-65535)`,
    );
  }
  return port;
}

export const SERVE_DEFAULTS = { port: 0, host: '127.0.0.1' } as const;
