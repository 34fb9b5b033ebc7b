import { createServer } from 'node:net';
import { startEventStoreServer, type RunningEventStoreServer } from '../server';
import { tlsQuery } from '../security/tls';
import { DataDirectoryLockedError } from '../storage/data-dir-lock';
import type {
  EventStoreProcessOptions,
  EventStoreProcessReport,
  StartFailureReason,
} from './event-store-report';
import {
  localConnectionString,
  publishConnection,
  publishedConnectionFile,
  unpublishConnection,
} from './published-connection';

/**
 * Running the event store server as the whole job of a process: the standalone
 * `npm run eventstore` and the child that `EmbeddedEventStore` forks both come through here.
 * When the process has an IPC channel (it was forked), the outcome of the start is also
 * reported to the parent as an {@link EventStoreProcessReport}, and losing the channel (the
 * parent died) stops the server like a SIGTERM does.
 */

export {
  isEventStoreProcessReport,
  type EventStoreProcessOptions,
  type EventStoreProcessReport,
  type StartFailureReason,
} from './event-store-report';

/** A start that failed for a reason a person can act on; `message` says what to do about it. */
export class EventStoreStartError extends Error {
  override readonly name = 'EventStoreStartError';

  constructor(
    readonly reason: StartFailureReason,
    message: string,
    readonly ownerPid?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Starts the server, turning a locked data directory or a busy port into a clear error. */
export async function startEventStoreServerOrExplain(
  options: EventStoreProcessOptions,
): Promise<RunningEventStoreServer> {
  try {
    return await startEventStoreServer({
      dataDir: options.dataDir,
      host: options.host,
      port: options.port,
      ...(options.maxAppendSize === undefined ? {} : { maxAppendSize: options.maxAppendSize }),
      ...(options.auth ? { auth: options.auth } : {}),
      ...(options.tls ? { tls: options.tls } : {}),
    });
  } catch (error) {
    if (error instanceof DataDirectoryLockedError) {
      throw new EventStoreStartError('data-dir-locked', error.message, error.pid, { cause: error });
    }
    if (isAddressInUse(error) || (await isPortBusy(options.host, options.port))) {
      throw new EventStoreStartError(
        'port-in-use',
        `port ${options.port} on ${options.host} is already in use by another process`,
        undefined,
        { cause: error },
      );
    }
    throw new EventStoreStartError('error', `could not start: ${describe(error)}`, undefined, {
      cause: error,
    });
  }
}

export interface ProcessOutput {
  out(line: string): void;
  err(line: string): void;
}

// A parent that went away takes our stdout with it: lines it can no longer read are dropped
// (EPIPE) rather than crash a server that is shutting down cleanly.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
}

const consoleOutput: ProcessOutput = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

/**
 * Starts the server and keeps it up until SIGINT, SIGTERM or (when forked) the loss of the
 * IPC channel; then stops it gracefully. Another signal, a second or more later, exits at once.
 * Resolves with the exit code the process should end with (1 when the start failed).
 */
export async function runEventStoreProcess(
  options: EventStoreProcessOptions,
  output: ProcessOutput = consoleOutput,
): Promise<number> {
  const stopRequested = watchForStopRequest(output);
  let server: RunningEventStoreServer;
  try {
    server = await startEventStoreServerOrExplain(options);
  } catch (error) {
    const failure =
      error instanceof EventStoreStartError
        ? error
        : new EventStoreStartError('error', `could not start: ${describe(error)}`);
    output.err(`eventstore: error: ${failure.message}`);
    await reportToParent({
      type: 'failed',
      pid: process.pid,
      reason: failure.reason,
      message: failure.message,
      ownerPid: failure.ownerPid,
    });
    stopRequested.dispose();
    return 1;
  }

  output.out(`eventstore: listening, connection string ${server.connectionString}`);
  output.out(`eventstore: data directory ${options.dataDir}`);
  // Other processes of this machine (the CLI) find the running store here; not fatal.
  try {
    publishConnection(options.dataDir, {
      connectionString: localConnectionString(server.host, server.port, tlsQuery(options.tls)),
      pid: process.pid,
    });
  } catch (error) {
    output.err(
      `eventstore: could not publish the connection in ${publishedConnectionFile(options.dataDir)}: ${describe(error)}`,
    );
  }
  await reportToParent({
    type: 'ready',
    pid: process.pid,
    connectionString: server.connectionString,
    host: server.host,
    port: server.port,
    dataDir: options.dataDir,
  });

  const why = await stopRequested.promise;
  output.out(`eventstore: ${why}, stopping`);
  try {
    unpublishConnection(options.dataDir);
  } catch (error) {
    output.err(`eventstore: could not remove the published connection: ${describe(error)}`);
  }
  try {
    await server.stop();
  } catch (error) {
    output.err(`eventstore: error while stopping: ${describe(error)}`);
    return 1;
  } finally {
    stopRequested.dispose();
  }
  output.out('eventstore: stopped');
  return 0;
}

/** A second signal this long after the first forces the exit. */
const REPEAT_SIGNAL_GRACE_MS = 1000;

function watchForStopRequest(output: ProcessOutput): {
  promise: Promise<string>;
  dispose(): void;
} {
  let requestedAt: number | undefined;
  let resolveRequest!: (why: string) => void;
  const promise = new Promise<string>((resolve) => (resolveRequest = resolve));
  const request = (why: string) => {
    if (requestedAt === undefined) {
      requestedAt = Date.now();
      resolveRequest(why);
    } else if (Date.now() - requestedAt >= REPEAT_SIGNAL_GRACE_MS) {
      output.err(`eventstore: ${why} while stopping, exiting now`);
      process.exit(130);
    }
    // A repeat within the grace period is the same Ctrl-C reaching us twice (from the
    // terminal and from npm, which forwards it): keep stopping gracefully.
  };
  const onSigint = () => request('received SIGINT');
  const onSigterm = () => request('received SIGTERM');
  const onDisconnect = () => request('parent process went away');
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigterm);
  if (process.send) process.on('disconnect', onDisconnect);
  return {
    promise,
    dispose() {
      process.off('SIGINT', onSigint);
      process.off('SIGTERM', onSigterm);
      process.off('disconnect', onDisconnect);
    },
  };
}

async function reportToParent(report: EventStoreProcessReport): Promise<void> {
  const send = process.send?.bind(process);
  if (!send || !process.connected) return;
  await new Promise<void>((resolve) => {
    send(report, undefined, {}, () => resolve());
  });
}

function isAddressInUse(error: unknown): boolean {
  for (let e = error, depth = 0; e && depth < 5; depth++) {
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (code === 'EADDRINUSE') return true;
    if (typeof message === 'string' && /EADDRINUSE|address already in use/i.test(message)) {
      return true;
    }
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

/** Whether something else listens on host:port (never true for port 0). */
function isPortBusy(host: string, port: number): Promise<boolean> {
  if (port === 0) return Promise.resolve(false);
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'EADDRINUSE'));
    probe.listen({ host, port, exclusive: true }, () => probe.close(() => resolve(false)));
  });
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
