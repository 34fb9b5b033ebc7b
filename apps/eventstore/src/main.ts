/**
 * Standalone event store server, speaking EventStoreDB's gRPC protocol.
 *
 *   npm run eventstore -- [--port 2113] [--data ./data/eventstore | --memory] [--host 127.0.0.1]
 *                         [--max-append-size BYTES] [--auth]
 *                         [--tls-cert FILE --tls-key FILE [--tls-ca FILE]]
 *
 * The package's own CLI (libs/eventstore-server/src/cli) with hitos's default data directory,
 * `$HITOS_DATA_DIR/eventstore`, else ./data/eventstore. Flags, environment and help: see
 * `--help` or libs/eventstore-server/README.md.
 *
 * `main()` is also usable as the entry of a forked child: it then reports `ready`/`failed`
 * to the parent over IPC (see EventStoreProcessReport) and stops when the parent goes away.
 */
import { resolve } from 'node:path';
import {
  exitWith,
  parseEventStoreArgs as parsePackageArgs,
  runEventStoreCli,
  type DefaultDataDir,
  type EventStoreCliOptions,
} from '@hitos/eventstore-server';

export { UsageError } from '@hitos/eventstore-server';

type Env = Record<string, string | undefined>;

const hitosDataDir: DefaultDataDir = (env, cwd) =>
  env.HITOS_DATA_DIR?.trim()
    ? resolve(cwd, env.HITOS_DATA_DIR.trim(), 'eventstore')
    : resolve(cwd, 'data', 'eventstore');

/** Turns flags and environment into server options; throws UsageError naming a bad flag. */
export function parseEventStoreArgs(
  argv: string[],
  env: Env = process.env,
  cwd = process.cwd(),
): EventStoreCliOptions | 'help' {
  return parsePackageArgs(argv, env, cwd, hitosDataDir);
}

/** Runs the server until SIGINT/SIGTERM; resolves with the process exit code. */
export function main(argv = process.argv.slice(2), env: Env = process.env): Promise<number> {
  return runEventStoreCli(argv, env, {
    program: 'npm run eventstore --',
    defaultDataDir: hitosDataDir,
    defaultDataDirShown: '$HITOS_DATA_DIR/eventstore, else ./data/eventstore',
  });
}

if (require.main === module) exitWith(main());
