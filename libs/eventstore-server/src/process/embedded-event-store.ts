import { fork, type ChildProcess } from 'node:child_process';
import { extname, join } from 'node:path';
import {
  isEventStoreProcessReport,
  type EventStoreProcessOptions,
  type StartFailureReason,
} from './event-store-report';
import { nodeEntry } from './node-entry';

/** Where the launcher reports: a Nest Logger fits, and so does a console. */
export interface LauncherLogger {
  log(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

const consoleLogger: LauncherLogger = {
  log: (message) => process.stdout.write(`${message}\n`),
  warn: (message) => process.stderr.write(`${message}\n`),
  error: (message) => process.stderr.write(`${message}\n`),
};

export interface EmbeddedEventStoreOptions extends EventStoreProcessOptions {
  /** How long the child may take to report that it listens (default 30 s). */
  startTimeoutMs?: number;
  /** How long the child may take to stop after SIGTERM before it gets SIGKILL (default 10 s). */
  stopTimeoutMs?: number;
  logger?: LauncherLogger;
  /**
   * Where the child's own lines go: the parent's stdout and stderr (default); all to the
   * parent's stderr, for a parent whose stdout is its output (the CLI's `--json`); or only its
   * errors, to the parent's stderr (the CLI's `--quiet`).
   */
  childOutput?: 'inherit' | 'stderr' | 'errors';
}

/** The embedded server could not be started; `reason` tells why. */
export class EmbeddedEventStoreStartError extends Error {
  override readonly name = 'EmbeddedEventStoreStartError';

  constructor(
    readonly reason: StartFailureReason | 'timeout' | 'exited',
    message: string,
    /** For `data-dir-locked`: the process that owns the data directory. */
    readonly ownerPid?: number,
  ) {
    super(message);
  }
}

const CHILD_MODULE = join(__dirname, `embedded-event-store.child${extname(__filename)}`);

/**
 * The event store server running in a child process of its own, so that storage work does not
 * share the API's event loop. {@link EmbeddedEventStore.start} resolves once the child reports
 * the address it listens on; {@link EmbeddedEventStore.stop} asks it to stop (SIGTERM), waits,
 * and kills it (SIGKILL) if it takes longer than `stopTimeoutMs`. A child that dies on its own
 * is logged as an error.
 */
export class EmbeddedEventStore {
  private stopping = false;
  private readonly exited: Promise<void>;
  private exitStatus?: { code: number | null; signal: NodeJS.Signals | null };

  private constructor(
    private readonly child: ChildProcess,
    readonly connectionString: string,
    readonly host: string,
    readonly port: number,
    readonly dataDir: string,
    private readonly stopTimeoutMs: number,
    private readonly logger: LauncherLogger,
  ) {
    this.exited = new Promise((resolve) => {
      const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
        this.exitStatus = { code, signal };
        if (!this.stopping) {
          this.logger.error(
            `EMBEDDED EVENT STORE DIED: child process ${child.pid} (data directory ${dataDir}) ` +
              `exited unexpectedly with ${signal ? `signal ${signal}` : `code ${code}`}; ` +
              `every read and write to ${connectionString} now fails until the API is restarted`,
          );
        }
        resolve();
      };
      if (child.exitCode !== null || child.signalCode !== null) {
        onExit(child.exitCode, child.signalCode);
      } else {
        child.once('exit', onExit);
      }
    });
  }

  /** Forks the child and waits until it listens (or fails to). */
  static async start(options: EmbeddedEventStoreOptions): Promise<EmbeddedEventStore> {
    const logger = options.logger ?? consoleLogger;
    const startTimeoutMs = options.startTimeoutMs ?? 30_000;
    const processOptions: EventStoreProcessOptions = {
      dataDir: options.dataDir,
      host: options.host,
      port: options.port,
      maxAppendSize: options.maxAppendSize,
      ...(options.auth ? { auth: options.auth } : {}),
      ...(options.tls ? { tls: options.tls } : {}),
    };
    const entry = nodeEntry(CHILD_MODULE);
    const child = fork(entry.modulePath, [JSON.stringify(processOptions)], {
      execArgv: entry.execArgv,
      env: { ...process.env, ...entry.env },
      stdio: [
        'ignore',
        { stderr: 2, errors: 'ignore' as const, inherit: 'inherit' as const }[
          options.childOutput ?? 'inherit'
        ],
        'inherit',
        'ipc',
      ],
      serialization: 'json',
      // A process group of its own: a Ctrl-C in the terminal reaches the API only, which
      // then stops the child in order (client first). Should the API die, the child sees
      // the IPC channel close and stops by itself.
      detached: true,
    });

    const ready = await new Promise<{ connectionString: string; host: string; port: number }>(
      (resolve, reject) => {
        const fail = (error: EmbeddedEventStoreStartError) => {
          cleanup();
          reject(error);
        };
        const onMessage = (message: unknown) => {
          if (!isEventStoreProcessReport(message)) return;
          if (message.type === 'ready') {
            cleanup();
            resolve(message);
          } else {
            fail(
              new EmbeddedEventStoreStartError(
                message.reason,
                `embedded event store: ${message.message}`,
                message.ownerPid,
              ),
            );
          }
        };
        const onExit = (code: number | null, signal: NodeJS.Signals | null) =>
          fail(
            new EmbeddedEventStoreStartError(
              'exited',
              `embedded event store: child process exited with ${signal ? `signal ${signal}` : `code ${code}`} before it was ready`,
            ),
          );
        const onError = (error: Error) =>
          fail(
            new EmbeddedEventStoreStartError(
              'error',
              `embedded event store: could not start child process: ${error.message}`,
            ),
          );
        const timer = setTimeout(() => {
          child.kill('SIGKILL');
          fail(
            new EmbeddedEventStoreStartError(
              'timeout',
              `embedded event store: child process did not report ready within ${startTimeoutMs} ms`,
            ),
          );
        }, startTimeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          child.off('message', onMessage);
          child.off('exit', onExit);
          child.off('error', onError);
        };
        child.on('message', onMessage);
        child.once('exit', onExit);
        child.once('error', onError);
      },
    ).catch(async (error: unknown) => {
      // A child that failed reports it and exits by itself; make sure none is left behind.
      if (!(await waitForExit(child, 5_000))) {
        child.kill('SIGKILL');
        await waitForExit(child, 5_000);
      }
      throw error;
    });

    logger.log(
      `embedded event store (pid ${child.pid}) listening on ${ready.connectionString}, data directory ${options.dataDir}`,
    );
    return new EmbeddedEventStore(
      child,
      ready.connectionString,
      ready.host,
      ready.port,
      options.dataDir,
      options.stopTimeoutMs ?? 10_000,
      logger,
    );
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** False once the child has exited, whatever the cause. */
  get running(): boolean {
    return this.exitStatus === undefined;
  }

  /** Resolves when the child has exited, whatever the cause. */
  whenExited(): Promise<void> {
    return this.exited;
  }

  /**
   * Stops the child: SIGTERM (the server finishes in-flight writes, closes its storage and
   * releases the data directory), then SIGKILL if it has not exited within `stopTimeoutMs`.
   * Resolves once the child has exited. Safe to call more than once.
   */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.stopping = true;
    this.child.kill('SIGTERM');
    if (await waitForExit(this.child, this.stopTimeoutMs, this.exited)) {
      this.logger.log(`embedded event store (pid ${this.pid}) stopped`);
      return;
    }
    this.logger.warn(
      `embedded event store (pid ${this.pid}) did not stop within ${this.stopTimeoutMs} ms of SIGTERM; killing it`,
    );
    this.child.kill('SIGKILL');
    await this.exited;
  }
}

/** Waits up to `timeoutMs` for the child to exit; true if it did. */
function waitForExit(
  child: ChildProcess,
  timeoutMs: number,
  exited?: Promise<void>,
): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  const exit = exited ?? new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    void exit.then(() => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}
