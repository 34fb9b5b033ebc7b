/**
 * Starts a server (the real one or the null one) in a child Node process, so the client under
 * test and the server never share an event loop, and watches its CPU time and memory.
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { isChildMessage, type ChildMessage, type ChildTimings, type ParentMessage } from './ipc';
import { epochMs, processCpuMs, processMemory, type ProcessMemory } from './util';
import { LIMITS_OFF } from '@hitos/testing/limits-off';

export const REPO_ROOT = resolve(__dirname, '..', '..');

export interface SpawnOptions {
  /** Script path relative to the repository root, e.g. bench/server-child.ts. */
  script: string;
  /** Passed to the child as JSON in BENCH_CHILD_CONFIG. */
  config: unknown;
  /** Where the child's stdout/stderr go. */
  logFile: string;
  readyTimeoutMs?: number;
}

export interface ServerChild {
  readonly pid: number;
  readonly port: number;
  readonly connectionString: string;
  /** Epoch ms just before fork(). */
  readonly spawnAt: number;
  /** Epoch ms when the 'ready' message arrived. */
  readonly readyAt: number;
  readonly timings: ChildTimings;
  readonly info: Record<string, unknown> | undefined;
  memory(): ProcessMemory | undefined;
  cpuMs(): number | undefined;
  /** Sends a control message and waits for the child's reply of type `replyType`. */
  request<T extends ChildMessage['type']>(
    message: ParentMessage,
    replyType: T,
    timeoutMs?: number,
  ): Promise<Extract<ChildMessage, { type: T }>>;
  /** Asks the child to stop gracefully; kills it if it hangs. */
  stop(timeoutMs?: number): Promise<void>;
  kill(): void;
  logTail(): string;
}

const TAIL_LIMIT = 16 * 1024;

export function spawnServerChild(options: SpawnOptions): Promise<ServerChild> {
  mkdirSync(join(options.logFile, '..'), { recursive: true });
  const execArgv = ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register'];
  const spawnAt = epochMs();
  const proc: ChildProcess = fork(join(REPO_ROOT, options.script), [], {
    cwd: REPO_ROOT,
    execArgv,
    env: {
      ...process.env,
      TS_NODE_PROJECT: join(REPO_ROOT, 'tsconfig.json'),
      BENCH_CHILD_CONFIG: JSON.stringify(options.config),
    },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });

  let tail = '';
  const capture = (chunk: Buffer): void => {
    const text = chunk.toString('utf8');
    tail = (tail + text).slice(-TAIL_LIMIT);
    try {
      appendFileSync(options.logFile, text);
    } catch {
      // the log is best effort
    }
  };
  proc.stdout?.on('data', capture);
  proc.stderr?.on('data', capture);

  let exited = false;
  let exitInfo = '';
  const exitPromise = new Promise<void>((resolveExit) => {
    proc.once('exit', (code, signal) => {
      exited = true;
      exitInfo = signal ? `signal ${signal}` : `exit code ${code}`;
      resolveExit();
    });
  });

  return new Promise<ServerChild>((resolveReady, rejectReady) => {
    const timeoutMs = options.readyTimeoutMs ?? 180_000;
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      rejectReady(
        new Error(`${options.script} did not get ready within ${timeoutMs} ms\n${tailOf(tail)}`),
      );
    }, timeoutMs);

    const onExitBeforeReady = (): void => {
      clearTimeout(timer);
      rejectReady(
        new Error(`${options.script} exited before it was ready (${exitInfo})\n${tailOf(tail)}`),
      );
    };
    void exitPromise.then(onExitBeforeReady);

    proc.on('message', (raw: unknown) => {
      if (!isChildMessage(raw)) return;
      const message: ChildMessage = raw;
      if (message.type === 'error') {
        clearTimeout(timer);
        proc.kill('SIGKILL');
        rejectReady(new Error(`${options.script}: ${message.message}\n${message.stack ?? ''}`));
        return;
      }
      if (message.type !== 'ready') return;
      clearTimeout(timer);
      const readyAt = epochMs();
      const pid = proc.pid as number;
      const child: ServerChild = {
        pid,
        port: message.port,
        connectionString: message.connectionString,
        spawnAt,
        readyAt,
        timings: message.timings,
        info: message.info,
        memory: () => processMemory(pid),
        cpuMs: () => processCpuMs(pid),
        request: (request, replyType, requestTimeoutMs = 60_000) =>
          new Promise((resolveReply, rejectReply) => {
            const onMessage = (reply: unknown): void => {
              if (!isChildMessage(reply)) return;
              if (reply.type === 'profile-failed') {
                finish();
                rejectReply(new Error(`${options.script}: ${reply.message}`));
              } else if (reply.type === replyType) {
                finish();
                resolveReply(reply as Extract<ChildMessage, { type: typeof replyType }>);
              }
            };
            const timer3 = setTimeout(() => {
              finish();
              rejectReply(new Error(`${options.script}: no ${replyType} reply`));
            }, requestTimeoutMs);
            const finish = (): void => {
              clearTimeout(timer3);
              proc.off('message', onMessage);
            };
            proc.on('message', onMessage);
            proc.send(request);
          }),
        async stop(stopTimeoutMs = 30_000): Promise<void> {
          if (exited) return;
          const stopMessage: ParentMessage = { type: 'stop' };
          try {
            proc.send(stopMessage);
          } catch {
            proc.kill('SIGKILL');
          }
          const timer2 = setTimeout(() => proc.kill('SIGKILL'), stopTimeoutMs);
          await exitPromise;
          clearTimeout(timer2);
        },
        kill(): void {
          if (!exited) proc.kill('SIGKILL');
        },
        logTail: () => tailOf(tail),
      };
      resolveReady(child);
    });
  });
}

function tailOf(text: string): string {
  const lines = text.trimEnd().split('\n');
  return lines.slice(-30).join('\n');
}

export interface ApiProcessOptions {
  /** Script relative to the repository root; the API's entry point unless told. */
  script?: string;
  /** Added to this process's environment (PORT, HITOS_DATA_DIR, …). */
  env: Record<string, string>;
  /** True once what the API printed says it is ready. */
  ready: (stdout: string) => boolean;
  /** Where the API writes a V8 CPU profile when it stops (BENCH_PROFILE). */
  profileDir?: string;
  timeoutMs?: number;
}

/**
 * Starts the API as `npm start` runs it (ts-node, apps/api/src/main.ts) in a child process and
 * resolves once `ready` holds for its output; a child that exits or times out first is killed
 * and the promise rejects.
 */
export function startApiProcess(options: ApiProcessOptions): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [
      ...(options.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.profileDir}`] : []),
      '-r',
      'ts-node/register/transpile-only',
      '-r',
      'tsconfig-paths/register',
      options.script ?? 'apps/api/src/main.ts',
    ],
    {
      cwd: REPO_ROOT,
      // Limits off (LIMITS_OFF): from one address they would measure themselves, not the API.
      env: { ...LIMITS_OFF, ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  return new Promise<ChildProcess>((resolve, reject) => {
    let out = '';
    const fail = (error: Error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(error);
    };
    const timer =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(
            () => fail(new Error(`the API did not start within ${options.timeoutMs} ms`)),
            options.timeoutMs,
          );
    const onExit = (code: number | null) =>
      fail(new Error(`the API exited with ${code} before it was ready`));
    child.once('exit', onExit);
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (!options.ready(out)) return;
      clearTimeout(timer);
      child.off('exit', onExit);
      resolve(child);
    });
  });
}
