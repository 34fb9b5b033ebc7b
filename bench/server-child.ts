/**
 * Child process that runs the real hitos event store server for the benchmark. Started by
 * bench/eventstore.bench.ts with fork(); reports its port and start-up timings over IPC and
 * stops gracefully on a 'stop' message (so `node --cpu-prof` can write its profile).
 *
 * Config (JSON in BENCH_CHILD_CONFIG): { dataDir: string, maxAppendSize?: number }
 */
import { installChildControl } from './lib/child-control';
import { childConfig, sendToParent } from './lib/ipc';
import { epochMs } from './lib/util';

const scriptStartAt = epochMs();

interface ServerChildConfig {
  dataDir: string;
  maxAppendSize?: number;
}

async function main(): Promise<void> {
  const config = childConfig<ServerChildConfig>();
  const { startEventStoreServer } = await import('@hitos/eventstore-server');
  const importedAt = epochMs();
  const server = await startEventStoreServer({
    dataDir: config.dataDir,
    host: '127.0.0.1',
    port: 0,
    ...(config.maxAppendSize ? { maxAppendSize: config.maxAppendSize } : {}),
  });
  const listeningAt = epochMs();

  installChildControl(() => server.stop());

  sendToParent({
    type: 'ready',
    port: server.port,
    connectionString: server.connectionString,
    timings: { processStartAt: performance.timeOrigin, scriptStartAt, importedAt, listeningAt },
  });
}

main().catch((err: unknown) => {
  const error = err instanceof Error ? err : new Error(String(err));
  sendToParent({ type: 'error', message: error.message, stack: error.stack });
  setTimeout(() => process.exit(1), 100);
});
