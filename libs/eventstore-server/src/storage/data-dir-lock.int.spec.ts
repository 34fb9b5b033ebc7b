import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedEventStore, EmbeddedEventStoreStartError } from '../process/embedded-event-store';
import { nodeEntry } from '../process/node-entry';
import {
  DataDirectoryLock,
  DataDirectoryLockedError,
  LOCK_FILE,
  liveLockOwner,
  processStat,
} from './data-dir-lock';

const quiet = { log: () => undefined, warn: () => undefined, error: () => undefined };
const CHILD = join(__dirname, '../process/embedded-event-store.child.ts');
const BOOT = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();

/** Waits for a condition the scenario needs (not an assertion): polled, bounded. */
async function until(what: string, condition: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

function sleeper(): ChildProcess {
  return spawn('sleep', ['600'], { stdio: 'ignore' });
}

describe('the data directory lock', () => {
  let dir: string;
  const children: ChildProcess[] = [];
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'hitos-lock-'));
  });
  afterEach(() => {
    for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('lets a store start at once after a SIGKILL, while the killed one is still an unreaped zombie', async () => {
    // The store runs under a parent that never reaps it (`sleep`, exec'd by the shell that
    // started it in the background): once killed, it stays a zombie, as under a busy parent.
    const entry = nodeEntry(CHILD);
    const options = JSON.stringify({ dataDir: dir, host: '127.0.0.1', port: 0 });
    const shell = spawn(
      'sh',
      [
        '-c',
        '"$@" & echo "store $!"; exec sleep 600',
        'sh',
        process.execPath,
        ...entry.execArgv,
        entry.modulePath,
        options,
      ],
      { env: { ...process.env, ...entry.env }, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    children.push(shell);
    let out = '';
    shell.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    await until('the store to listen', () => out.includes('eventstore: listening'), 30_000);
    const pid = Number(/store (\d+)/.exec(out)![1]);
    expect(liveLockOwner(dir)).toBe(pid);

    process.kill(pid, 'SIGKILL');
    await until('the killed store to be a zombie', () => processStat(pid)?.state === 'Z');
    // A PID check alone would take it for alive: the zombie still answers kill(pid, 0).
    expect(() => process.kill(pid, 0)).not.toThrow();
    expect(liveLockOwner(dir)).toBeNull();

    const restarted = await EmbeddedEventStore.start({
      dataDir: dir,
      host: '127.0.0.1',
      port: 0,
      logger: quiet,
      childOutput: 'stderr',
    });
    try {
      expect(liveLockOwner(dir)).toBe(restarted.pid);
      expect(processStat(pid)?.state).toBe('Z'); // still unreaped: it never mattered
    } finally {
      await restarted.stop();
    }
  }, 60_000);

  it('does not take a live process with the recorded PID but another start time or boot for the owner', async () => {
    const unrelated = sleeper();
    children.push(unrelated);
    const pid = unrelated.pid!;
    await until('sleep to run', () => processStat(pid) !== undefined);
    const start = processStat(pid)!.start;
    const file = join(dir, LOCK_FILE);

    for (const stale of [
      { pid, start: String(Number(start) - 1), boot: BOOT }, // the PID reused since
      { pid, start, boot: '00000000-0000-4000-8000-000000000000' }, // before a reboot
    ]) {
      for (const mechanism of ['kernel', 'identity'] as const) {
        writeFileSync(file, JSON.stringify(stale));
        expect(liveLockOwner(dir)).toBeNull();
        const lock = DataDirectoryLock.acquire(dir, { mechanism });
        expect(lock.mechanism).toBe(mechanism);
        expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ pid: process.pid });
        lock.release();
      }
    }

    // The same file naming that process as it is: it is the owner for the identity lock.
    writeFileSync(file, JSON.stringify({ pid, start, boot: BOOT }));
    expect(liveLockOwner(dir)).toBe(pid);
    expect(() => DataDirectoryLock.acquire(dir, { mechanism: 'identity' })).toThrow(
      DataDirectoryLockedError,
    );
    // The kernel lock asks the kernel, not the file: that process holds no lock.
    DataDirectoryLock.acquire(dir).release();
  });

  it('refuses a second live store on the directory, naming the directory and the owner in Spanish and English', async () => {
    const first = await EmbeddedEventStore.start({
      dataDir: dir,
      host: '127.0.0.1',
      port: 0,
      logger: quiet,
      childOutput: 'stderr',
    });
    try {
      const second = EmbeddedEventStore.start({
        dataDir: dir,
        host: '127.0.0.1',
        port: 0,
        logger: quiet,
        childOutput: 'errors',
      });
      await expect(second).rejects.toBeInstanceOf(EmbeddedEventStoreStartError);
      await expect(second).rejects.toMatchObject({
        reason: 'data-dir-locked',
        ownerPid: first.pid,
        message:
          `embedded event store: el directorio de datos ${dir} está en uso por el proceso ${first.pid}; ` +
          `detenga ese proceso o elija otro directorio / data directory ${dir} is in use by process ${first.pid}; ` +
          'stop that process or choose another directory',
      });
      expect(() => DataDirectoryLock.acquire(dir)).toThrow(
        `data directory ${dir} is in use by process ${first.pid}`,
      );
    } finally {
      await first.stop();
    }
    DataDirectoryLock.acquire(dir).release(); // released by a clean stop
  }, 60_000);
});
