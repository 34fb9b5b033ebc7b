/**
 * Standalone event store server, speaking EventStoreDB's gRPC protocol.
 *
 *   npm run eventstore -- [--port 2113] [--data ./data/eventstore] [--host 127.0.0.1]
 *                         [--max-append-size BYTES]
 *
 * Environment (flags win): EVENTSTORE_PORT, EVENTSTORE_HOST, EVENTSTORE_MAX_APPEND_SIZE,
 * HITOS_DATA_DIR (data directory `$HITOS_DATA_DIR/eventstore`). Binds 127.0.0.1 unless told.
 *
 * `main()` is also usable as the entry of a forked child: it then reports `ready`/`failed`
 * to the parent over IPC (see EventStoreProcessReport) and stops when the parent goes away.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { runEventStoreProcess, type EventStoreProcessOptions } from '@hitos/eventstore-server';

const USAGE = `Usage: npm run eventstore -- [options]

Options:
  --port, -p N             port to listen on, 0 = any free port (env EVENTSTORE_PORT, default 2113)
  --data, -d DIR           data directory (default $HITOS_DATA_DIR/eventstore, else ./data/eventstore)
  --host HOST              address to bind (env EVENTSTORE_HOST, default 127.0.0.1)
  --max-append-size BYTES  largest accepted append (env EVENTSTORE_MAX_APPEND_SIZE)
  --help, -h               show this help`;

export class UsageError extends Error {}

type Env = Record<string, string | undefined>;

/** Turns flags and environment into server options; throws UsageError naming a bad flag. */
export function parseEventStoreArgs(
  argv: string[],
  env: Env = process.env,
  cwd = process.cwd(),
): EventStoreProcessOptions | 'help' {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string', short: 'p' },
        data: { type: 'string', short: 'd' },
        host: { type: 'string' },
        'max-append-size': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) return 'help';

  const flag = (name: string) => values[name] as string | undefined;
  const setting = (flagName: string, envName: string) =>
    flag(flagName) !== undefined
      ? { value: flag(flagName)!, source: `--${flagName}` }
      : env[envName]?.trim()
        ? { value: env[envName]!.trim(), source: envName }
        : undefined;

  const port = setting('port', 'EVENTSTORE_PORT');
  const host = setting('host', 'EVENTSTORE_HOST');
  const maxAppendSize = setting('max-append-size', 'EVENTSTORE_MAX_APPEND_SIZE');
  const data = flag('data');
  if (data !== undefined && !data.trim()) throw new UsageError('--data must not be empty');
  if (host && !host.value) throw new UsageError(`${host.source} must not be empty`);

  return {
    port: port ? integer(port, 0, 65535) : 2113,
    host: host?.value ?? '127.0.0.1',
    dataDir: data
      ? resolve(cwd, data)
      : env.HITOS_DATA_DIR?.trim()
        ? resolve(cwd, env.HITOS_DATA_DIR.trim(), 'eventstore')
        : resolve(cwd, 'data', 'eventstore'),
    maxAppendSize: maxAppendSize ? integer(maxAppendSize, 1, Number.MAX_SAFE_INTEGER) : undefined,
  };
}

function integer(setting: { value: string; source: string }, min: number, max: number): number {
  const n = /^\d+$/.test(setting.value) ? Number(setting.value) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw new UsageError(
      `invalid value for ${setting.source}: ${JSON.stringify(setting.value)} (expected an integer from ${min} to ${max})`,
    );
  }
  return n;
}

/** Runs the server until SIGINT/SIGTERM; resolves with the process exit code. */
export async function main(argv = process.argv.slice(2), env: Env = process.env): Promise<number> {
  let options: EventStoreProcessOptions | 'help';
  try {
    options = parseEventStoreArgs(argv, env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`eventstore: error: ${error.message}\nRun with --help for usage.\n`);
    return 1;
  }
  if (options === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  return runEventStoreProcess(options);
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`eventstore: fatal: ${String((error as Error)?.stack ?? error)}\n`);
      process.exit(1);
    },
  );
}
