/**
 * Main module of the child process that `EmbeddedEventStore` forks: serves the event store
 * on the options given as JSON in argv[2] and reports to the parent over IPC.
 */
import { runEventStoreProcess, type EventStoreProcessOptions } from './event-store-process';

export async function runEmbeddedEventStoreChild(argv = process.argv.slice(2)): Promise<number> {
  const options = JSON.parse(argv[0] ?? '') as EventStoreProcessOptions;
  return runEventStoreProcess(options);
}

if (require.main === module) {
  runEmbeddedEventStoreChild().then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`eventstore child: ${String((error as Error)?.stack ?? error)}\n`);
      process.exit(1);
    },
  );
}
