import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Thrown when another live process (or this one) already owns a data directory. */
export class DataDirectoryLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `The data directory ${dataDir} is in use by process ${pid}; ` +
        'stop that process or choose another directory.',
    );
    this.name = 'DataDirectoryLockedError';
  }
}

const heldInThisProcess = new Set<string>();

const LOCK_FILE = 'hitos-eventstore.lock';

/** The process that holds the directory's lock, if it is alive; null otherwise. */
export function liveLockOwner(dataDir: string): number | null {
  const owner = Number.parseInt(safeRead(join(resolve(dataDir), LOCK_FILE)), 10);
  return Number.isInteger(owner) && owner > 0 && isAlive(owner) ? owner : null;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * One process owns a data directory. LMDB itself would happily share the files between
 * processes, so ownership is a PID file created exclusively; a file left by a process that
 * died (SIGKILL, power loss) is stale and taken over.
 */
export class DataDirectoryLock {
  private constructor(
    private readonly file: string,
    private readonly dir: string,
  ) {}

  static acquire(dataDir: string): DataDirectoryLock {
    const dir = resolve(dataDir);
    if (heldInThisProcess.has(dir)) throw new DataDirectoryLockedError(dir, process.pid);
    const file = join(dir, LOCK_FILE);
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        const fd = openSync(file, 'wx');
        writeSync(fd, String(process.pid));
        closeSync(fd);
        heldInThisProcess.add(dir);
        return new DataDirectoryLock(file, dir);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        const owner = Number.parseInt(safeRead(file), 10);
        if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isAlive(owner)) {
          throw new DataDirectoryLockedError(dir, owner);
        }
        rmSync(file, { force: true });
      }
    }
    throw new Error(`Could not take the lock of ${dir}`);
  }

  release(): void {
    heldInThisProcess.delete(this.dir);
    if (safeRead(this.file) === String(process.pid)) rmSync(this.file, { force: true });
  }
}

function safeRead(file: string): string {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    return '';
  }
}
