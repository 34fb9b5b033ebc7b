import { spawnSync } from 'node:child_process';
import {
  closeSync,
  constants,
  fstatSync,
  ftruncateSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { join, resolve } from 'node:path';

/** Thrown when another live process (or this one) already owns a data directory. */
export class DataDirectoryLockedError extends Error {
  constructor(
    readonly dataDir: string,
    /** The owner named by the lock file; 0 when it could not be read (it is being written). */
    readonly pid: number,
  ) {
    super(
      `el directorio de datos ${dataDir} está en uso por ${pid > 0 ? `el proceso ${pid}` : 'otro proceso'}; ` +
        'detenga ese proceso o elija otro directorio / ' +
        `data directory ${dataDir} is in use by ${pid > 0 ? `process ${pid}` : 'another process'}; ` +
        'stop that process or choose another directory',
    );
    this.name = 'DataDirectoryLockedError';
  }
}

const heldInThisProcess = new Set<string>();

export const LOCK_FILE = 'hitos-eventstore.lock';

/**
 * Who holds a lock, as its lock file records it: more than a PID, because a PID names a
 * process only for as long as it lives. `start` is the process's start time in clock ticks
 * since boot (field 22 of `/proc/<pid>/stat`) and `boot` the machine's boot id: a process
 * with the same PID but another start time, or on another boot, is not the owner.
 */
export interface LockOwner {
  pid: number;
  start?: string;
  boot?: string;
}

/** The process that holds the directory's lock, if it is alive; null otherwise. */
export function liveLockOwner(dataDir: string): number | null {
  const owner = readOwner(join(resolve(dataDir), LOCK_FILE));
  return owner && isAlive(owner) ? owner.pid : null;
}

/**
 * One process owns a data directory. LMDB itself would happily share the files between
 * processes, so the store takes a lock of its own, `hitos-eventstore.lock`:
 *
 * - **A kernel-held lock** where the machine has `flock(1)` (util-linux, on every Linux image
 *   hitos runs in): an exclusive `flock(2)` on a file descriptor this process keeps open. The
 *   kernel drops it the moment the process dies, before it is even reaped, whatever killed it;
 *   nothing on disk can be stale. Node has no `flock`, so the lock is taken by `flock -xn 3` on
 *   this process's own open file (a child inherits the same open file description, and the
 *   lock belongs to the description, which this process keeps open after the child exits).
 *   The file is never removed (removing it would let a second process lock a new file while
 *   the first holds the old one); it is emptied on release.
 * - **An owner proved by more than its PID** where there is no `flock` (a developer's Mac): a
 *   file created exclusively, naming the owner's PID, start time and boot id; it is taken
 *   over when that process is gone, a zombie, or the PID now belongs to another process (or
 *   the file was written before the last reboot).
 *
 * Either way the file names the owner for messages and for readers of `connection.json`
 * ({@link liveLockOwner}).
 */
export class DataDirectoryLock {
  private constructor(
    private readonly file: string,
    private readonly dir: string,
    /** The descriptor the kernel lock is held on; undefined for the identity lock. */
    private readonly fd: number | undefined,
  ) {}

  static acquire(
    dataDir: string,
    options: { mechanism?: 'kernel' | 'identity' } = {},
  ): DataDirectoryLock {
    const dir = resolve(dataDir);
    if (heldInThisProcess.has(dir)) throw new DataDirectoryLockedError(dir, process.pid);
    const file = join(dir, LOCK_FILE);
    const lock =
      options.mechanism === 'identity'
        ? acquireByIdentity(dir, file)
        : (acquireKernelLock(dir, file) ?? acquireByIdentity(dir, file));
    heldInThisProcess.add(dir);
    return lock;
  }

  /** How this lock is held. */
  get mechanism(): 'kernel' | 'identity' {
    return this.fd === undefined ? 'identity' : 'kernel';
  }

  release(): void {
    heldInThisProcess.delete(this.dir);
    if (this.fd !== undefined) {
      try {
        ftruncateSync(this.fd, 0);
      } finally {
        closeSync(this.fd); // the kernel drops the lock with the last descriptor
      }
      return;
    }
    if (readOwner(this.file)?.pid === process.pid) rmSync(this.file, { force: true });
  }

  /** @internal */
  static create(file: string, dir: string, fd: number | undefined): DataDirectoryLock {
    return new DataDirectoryLock(file, dir, fd);
  }
}

/**
 * The kernel lock, or undefined when this machine has no `flock(1)` to take it with. Throws
 * {@link DataDirectoryLockedError} when another open file holds it.
 */
function acquireKernelLock(dir: string, file: string): DataDirectoryLock | undefined {
  for (let attempt = 0; attempt < 3; attempt++) {
    const fd = openSync(file, constants.O_RDWR | constants.O_CREAT, 0o644);
    let outcome: 'locked' | 'busy' | 'unavailable';
    try {
      outcome = flockExclusive(fd);
    } catch (error) {
      closeSync(fd);
      throw error;
    }
    if (outcome !== 'locked') {
      closeSync(fd);
      if (outcome === 'unavailable') return undefined;
      throw new DataDirectoryLockedError(dir, readOwner(file)?.pid ?? 0);
    }
    // Locked; but if the file was replaced meanwhile, the lock is on a file nobody else sees.
    const path = statSync(file, { throwIfNoEntry: false });
    if (!path || path.ino !== fstatSync(fd).ino || path.dev !== fstatSync(fd).dev) {
      closeSync(fd);
      continue;
    }
    const content = Buffer.from(`${JSON.stringify(thisProcess())}\n`);
    ftruncateSync(fd, 0);
    writeSync(fd, content, 0, content.length, 0);
    return DataDirectoryLock.create(file, dir, fd);
  }
  throw new Error(`Could not take the lock of ${dir}: ${file} keeps being replaced`);
}

/** `flock -xn` on an open descriptor of this process, through util-linux's `flock(1)`. */
function flockExclusive(fd: number): 'locked' | 'busy' | 'unavailable' {
  const result = spawnSync('flock', ['--exclusive', '--nonblock', '3'], {
    stdio: ['ignore', 'ignore', 'pipe', fd],
    timeout: 10_000,
  });
  if ((result.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') return 'unavailable';
  if (result.error) throw result.error;
  if (result.status === 0) return 'locked';
  if (result.status === 1) return 'busy';
  throw new Error(
    `flock(1) failed (${result.signal ?? `exit ${result.status}`}): ${result.stderr?.toString().trim()}`,
  );
}

/** A file created exclusively, taken over when the owner it names is provably gone. */
function acquireByIdentity(dir: string, file: string): DataDirectoryLock {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      try {
        writeSync(fd, `${JSON.stringify(thisProcess())}\n`);
      } finally {
        closeSync(fd);
      }
      return DataDirectoryLock.create(file, dir, undefined);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = readOwner(file);
      if (owner && owner.pid !== process.pid && isAlive(owner)) {
        throw new DataDirectoryLockedError(dir, owner.pid);
      }
      rmSync(file, { force: true });
    }
  }
  throw new Error(`Could not take the lock of ${dir}`);
}

function thisProcess(): LockOwner {
  const start = processStat(process.pid)?.start;
  const boot = bootId();
  return {
    pid: process.pid,
    ...(start === undefined ? {} : { start }),
    ...(boot === undefined ? {} : { boot }),
  };
}

/**
 * Whether the process a lock file names is still that process: it exists and is not a zombie
 * (a killed process stays one until its parent reaps it, and holds nothing by then), and its
 * start time and the machine's boot id are the ones recorded, where both are known.
 */
export function isAlive(owner: LockOwner): boolean {
  if (owner.boot !== undefined) {
    const boot = bootId();
    if (boot !== undefined && boot !== owner.boot) return false;
  }
  const stat = processStat(owner.pid);
  if (stat) {
    if (stat.state === 'Z' || stat.state === 'X') return false;
    return owner.start === undefined || owner.start === stat.start;
  }
  if (procAvailable()) return false; // no /proc/<pid>: no such process
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** What the lock file says: JSON, or a bare PID (written by earlier versions). */
export function readOwner(file: string): LockOwner | null {
  const text = safeRead(file);
  if (/^\d+$/.test(text)) return { pid: Number.parseInt(text, 10) };
  try {
    const value = JSON.parse(text) as Partial<LockOwner> | null;
    if (typeof value?.pid === 'number' && Number.isSafeInteger(value.pid) && value.pid > 0) {
      return {
        pid: value.pid,
        ...(typeof value.start === 'string' ? { start: value.start } : {}),
        ...(typeof value.boot === 'string' ? { boot: value.boot } : {}),
      };
    }
  } catch {
    // empty (released), or cut short while written: no owner named
  }
  return null;
}

/** State and start time (field 3 and field 22) of `/proc/<pid>/stat`; undefined without it. */
export function processStat(pid: number): { state: string; start: string } | undefined {
  const text = safeRead(`/proc/${pid}/stat`);
  // The command name (field 2) is in parentheses and may hold spaces and parentheses itself.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  if (!text || fields.length < 20) return undefined;
  return { state: fields[0], start: fields[19] };
}

let hasProc: boolean | undefined;
function procAvailable(): boolean {
  hasProc ??= processStat(process.pid) !== undefined;
  return hasProc;
}

let cachedBootId: string | null | undefined;
function bootId(): string | undefined {
  if (cachedBootId === undefined) {
    cachedBootId = safeRead('/proc/sys/kernel/random/boot_id') || null;
  }
  return cachedBootId ?? undefined;
}

function safeRead(file: string): string {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    return '';
  }
}
