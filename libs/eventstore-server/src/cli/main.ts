/**
 * The package's command line:
 *
 *   npx eventstore-server [--port 2113] [--data ./data/eventstore | --memory] [--host 127.0.0.1]
 *                         [--auth --tls-cert FILE --tls-key FILE [--tls-ca FILE]]
 *
 * Runs the server until SIGINT/SIGTERM and prints its connection string. hitos's
 * `npm run eventstore` (apps/eventstore/src/main.ts) is the same runner with another default
 * data directory.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runEventStoreProcess } from '../process/event-store-process';
import {
  eventStoreUsage,
  packageDefaultDataDir,
  parseEventStoreArgs,
  UsageError,
  type DefaultDataDir,
  type Env,
} from './args';

export interface EventStoreCliSettings {
  /** How the user runs us, for the help and the error lines. */
  program: string;
  defaultDataDir: DefaultDataDir;
  /** The default data directory as the help shows it. */
  defaultDataDirShown: string;
}

const PACKAGE_CLI: EventStoreCliSettings = {
  program: 'eventstore-server',
  defaultDataDir: packageDefaultDataDir,
  defaultDataDirShown: './data/eventstore',
};

/** Runs the server until SIGINT/SIGTERM; resolves with the process exit code. */
export async function runEventStoreCli(
  argv = process.argv.slice(2),
  env: Env = process.env,
  settings: EventStoreCliSettings = PACKAGE_CLI,
): Promise<number> {
  let options: ReturnType<typeof parseEventStoreArgs>;
  try {
    options = parseEventStoreArgs(argv, env, process.cwd(), settings.defaultDataDir);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(
      `eventstore: error: ${error.message}\nRun with --help for usage (--help para la ayuda).\n`,
    );
    return 1;
  }
  if (options === 'help') {
    process.stdout.write(`${eventStoreUsage(settings.program, settings.defaultDataDirShown)}\n`);
    return 0;
  }
  const { memory, dataDir, ...rest } = options;
  const directory = memory ? mkdtempSync(join(tmpdir(), 'eventstore-memory-')) : dataDir!;
  try {
    return await runEventStoreProcess({ ...rest, dataDir: directory });
  } finally {
    if (memory) rmSync(directory, { recursive: true, force: true });
  }
}

export function exitWith(run: Promise<number>): void {
  run.then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`eventstore: fatal: ${String((error as Error)?.stack ?? error)}\n`);
      process.exit(1);
    },
  );
}

if (require.main === module) exitWith(runEventStoreCli());
