/**
 * Several hitos processes on one store, as a deployment runs them: the standalone embedded store
 * (`npm run eventstore`, apps/eventstore/src/main.ts) in one child process, and API processes
 * (`npm start`, apps/api/src/main.ts) in others, each with its own data directory and port and
 * the store's connection string. Every child is tracked so that `stopAll` leaves none behind.
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { nodeEntry } from '@hitos/eventstore-server';
import { LIMITS_OFF } from '@hitos/testing/limits-off';

const ROOT = join(__dirname, '..', '..', '..');
const STORE_MAIN = join(ROOT, 'apps', 'eventstore', 'src', 'main.ts');
const API_MAIN = join(ROOT, 'apps', 'api', 'src', 'main.ts');

export interface Child {
  readonly process: ChildProcess;
  readonly exited: Promise<void>;
  /** What the child wrote to stderr, last 8 KiB, for a failing test's message. */
  stderr(): string;
}

export interface StoreChild extends Child {
  readonly connectionString: string;
}

export interface ApiChild extends Child {
  readonly name: string;
  readonly baseUrl: string;
  readonly dataDir: string;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Polls until `check` holds; the wait is bounded, the answer never depends on the clock. */
export async function eventually<T>(
  read: () => T | Promise<T>,
  done: (value: T) => boolean,
  what: string,
  timeoutMs = 30_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > until) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export class Processes {
  private readonly children: Child[] = [];

  private track(proc: ChildProcess): Child {
    let tail = '';
    proc.stderr?.on('data', (chunk: Buffer) => {
      tail = (tail + chunk.toString()).slice(-8192);
    });
    const exited = new Promise<void>((resolve) => {
      if (proc.exitCode !== null || proc.signalCode !== null) resolve();
      else proc.once('exit', () => resolve());
    });
    const child = { process: proc, exited, stderr: () => tail };
    this.children.push(child);
    return child;
  }

  /** The standalone store on an ephemeral port; resolves with its connection string. */
  async startStore(dataDir: string): Promise<StoreChild> {
    const entry = nodeEntry(STORE_MAIN);
    const proc = fork(entry.modulePath, ['--port', '0', '--host', '127.0.0.1', '--data', dataDir], {
      execArgv: entry.execArgv,
      env: { ...process.env, ...entry.env },
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    const child = this.track(proc);
    const connectionString = await new Promise<string>((resolve, reject) => {
      // The store's report over IPC (EventStoreProcessReport): ready or failed.
      proc.on('message', (raw: unknown) => {
        const message = raw as { type?: string; connectionString?: string; message?: string };
        if (message?.type === 'ready') resolve(message.connectionString!);
        if (message?.type === 'failed')
          reject(new Error(`the store did not start: ${message.message}`));
      });
      void child.exited.then(() =>
        reject(new Error(`the store exited before it was ready\n${child.stderr()}`)),
      );
    });
    return { ...child, connectionString };
  }

  /** An API process as `npm start` runs it; resolves once its /health answers 200. */
  async startApi(name: string, env: Record<string, string>): Promise<ApiChild> {
    const port = await freePort();
    const entry = nodeEntry(API_MAIN);
    const proc = spawn(process.execPath, [...entry.execArgv, entry.modulePath], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: {
        ...process.env,
        ...entry.env,
        NODE_ENV: 'test',
        LOG_LEVEL: 'silent',
        HOST: '127.0.0.1',
        PORT: String(port),
        ...LIMITS_OFF,
        ...env,
      },
    });
    const child = this.track(proc);
    const baseUrl = `http://127.0.0.1:${port}`;
    let gone = false;
    void child.exited.then(() => (gone = true));
    await eventually(
      () =>
        fetch(`${baseUrl}/health`)
          .then((r) => r.status === 200)
          .catch(() => false),
      (up) => up || gone,
      `API ${name} to answer /health`,
      90_000,
    );
    if (gone) throw new Error(`API ${name} exited before it was ready\n${child.stderr()}`);
    return { ...child, name, baseUrl, dataDir: env.HITOS_DATA_DIR };
  }

  /** SIGTERM to every child still running, SIGKILL to any that has not gone in `graceMs`. */
  async stopAll(graceMs = 5_000): Promise<void> {
    const running = this.children.filter(
      (c) => c.process.exitCode === null && c.process.signalCode === null,
    );
    for (const child of running) child.process.kill('SIGTERM');
    const timer = setTimeout(() => {
      for (const child of running)
        if (child.process.exitCode === null && child.process.signalCode === null)
          child.process.kill('SIGKILL');
    }, graceMs);
    await Promise.all(running.map((c) => c.exited));
    clearTimeout(timer);
  }
}
