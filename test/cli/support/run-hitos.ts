import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..', '..');
export const HITOS = join(ROOT, 'bin', 'hitos.js');

export interface HitosRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * The environment a run starts from: the suite's, less what would point it elsewhere (a
 * store, a data directory, the compiled build).
 */
function baseEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const base: NodeJS.ProcessEnv = { ...process.env };
  delete base.EVENTSTORE_CONNECTION_STRING;
  delete base.HITOS_DATA_DIR;
  delete base.HITOS_CLI_COMPILED;
  return { ...base, ...env };
}

/** Runs the real `bin/hitos.js` in a child process and waits for it (synchronously). */
export function hitos(args: string[], env: Record<string, string> = {}): HitosRun {
  const result = spawnSync(process.execPath, [HITOS, ...args], {
    cwd: ROOT,
    env: baseEnv(env),
    encoding: 'utf8',
    timeout: 180_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The same, without blocking the test's event loop (for a store served by the test itself). */
export function hitosAsync(args: string[], env: Record<string, string> = {}): Promise<HitosRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [HITOS, ...args], {
      cwd: ROOT,
      env: baseEnv(env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), 180_000);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
