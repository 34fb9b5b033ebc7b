/**
 * The API as `npm start` runs it, in a child process: for the suites that signal, kill and
 * restart it (graceful shutdown, configuration errors, the soak).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { nodeEntry } from '@hitos/eventstore-server';
import { LIMITS_OFF } from '@hitos/testing/limits-off';

export const API_MAIN = join(__dirname, '..', '..', '..', 'apps', 'api', 'src', 'main.ts');

export interface ApiProcess {
  child: ChildProcess;
  port: number;
  base: string;
  /** Everything it wrote to stdout and stderr so far. */
  output(): string;
  /** Resolves with its exit code (or signal) once it has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** Spawns main.ts with `env` over the test defaults; does not wait for it to listen. */
export function spawnApi(env: Record<string, string>, port: number): ApiProcess {
  const entry = nodeEntry(API_MAIN);
  const child = spawn(process.execPath, [...entry.execArgv, entry.modulePath], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      ...entry.env,
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      PORT: String(port),
      HOST: '127.0.0.1',
      HITOS_CHECKPOINT_INTERVAL_MS: '0',
      ...LIMITS_OFF,
      ...env,
    },
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, port, base: `http://127.0.0.1:${port}`, output: () => output, exited };
}

/** Spawns the API and waits until /health answers 200 (its projections caught up). */
export async function startApiProcess(
  env: Record<string, string>,
  port?: number,
  timeoutMs = 90_000,
): Promise<ApiProcess> {
  const api = spawnApi(env, port ?? (await freePort()));
  let gone = false;
  void api.exited.then(() => (gone = true));
  const until = performance.now() + timeoutMs;
  for (;;) {
    if (gone) throw new Error(`the API exited before it was ready:\n${api.output()}`);
    const ok = await fetch(`${api.base}/health`)
      .then((r) => r.status === 200)
      .catch(() => false);
    if (ok) return api;
    if (performance.now() > until) {
      api.child.kill('SIGKILL');
      throw new Error(`the API did not get ready within ${timeoutMs} ms:\n${api.output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
