import { createHash } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import { crc32 } from 'node:zlib';
import { EventLog } from './event-log';
import { decodeFrame, recordSize } from './log-record';
import { WriteAheadLog } from './write-ahead-log';

/**
 * Online backup and restore of the embedded store. A backup is the write-ahead log, copied
 * frame by frame up to a committed `$all` position, with a manifest: the log holds every
 * record the store has (LMDB is an index of it, rebuilt from the log as after a machine
 * crash), its frames are only ever appended while a store runs, and each frame carries its
 * own checksum, so another process can read a consistent prefix of it while the store writes
 * on. See docs/event-store.md, "Backup and restore", for why not LMDB's own copy.
 */

export const BACKUP_MANIFEST = 'manifest.json';
export const BACKUP_FORMAT = 'hitos-eventstore-backup/1';
const WAL = 'wal.log';

export interface BackupFile {
  name: string;
  bytes: number;
  sha256: string;
}

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  /** The hitos that made it. */
  hitosVersion: string;
  /** When, by hitos's clock. */
  createdAt: string;
  /** The event store directory it was taken from. */
  source: string;
  /** `$all` position (commit = prepare) of the last record in the backup; -1 when none. */
  position: number;
  /** Records in the backup (events, system events and tombstones alike). */
  records: number;
  files: BackupFile[];
}

export type BackupFailure =
  | 'target-not-empty'
  | 'not-a-store'
  | 'log-short'
  | 'log-inconsistent'
  | 'manifest'
  | 'checksum'
  | 'restore-mismatch';

/** A backup or a restore that could not be done; `es` and `en` say why and what to do. */
export class BackupError extends Error {
  override readonly name = 'BackupError';

  constructor(
    readonly reason: BackupFailure,
    readonly es: string,
    readonly en: string,
  ) {
    super(`${es} / ${en}`);
  }
}

export interface CopyProgress {
  /** Bytes done, of `totalBytes` (for a backup, the log's size, zeros ahead included). */
  bytes: number;
  totalBytes: number;
  /** Records copied so far (backup), or 0. */
  records: number;
}

export interface BackupOptions {
  /** The event store's data directory. */
  dataDir: string;
  /** Where the backup goes: a directory that does not exist or is empty. */
  target: string;
  /**
   * When a store runs on `dataDir`: its committed `$all` position (its durable head, as a
   * client reads the end of `$all`; -1 for none). The copy stops exactly there. Without it
   * the directory must be free: it is opened (and recovered, as a start would) and closed
   * cleanly first, and the copy goes to its end.
   */
  committedPosition?: number;
  hitosVersion: string;
  createdAt: Date;
  onProgress?(progress: CopyProgress): void;
}

/** Copies the log up to a committed position into `target` and writes the manifest. */
export async function backupEventStore(options: BackupOptions): Promise<BackupManifest> {
  const dataDir = resolve(options.dataDir);
  const target = resolve(options.target);
  const walPath = join(dataDir, WAL);
  if (!existsSync(walPath)) {
    throw new BackupError(
      'not-a-store',
      `${dataDir} no es un almacén de eventos (falta ${WAL})`,
      `${dataDir} is not an event store (${WAL} is missing)`,
    );
  }
  requireFresh(target);
  let upTo = options.committedPosition;
  if (upTo === undefined) {
    // No store runs: recover the directory as a start would (a batch a SIGKILL left out of
    // the log, a frame that was never acknowledged), so the log is exactly what it holds.
    const log = await EventLog.open({ dataDir });
    upTo = log.headPosition;
    await log.close();
  }

  const created = !existsSync(target);
  mkdirSync(target, { recursive: true });
  try {
    const file = await copyLog(walPath, join(target, WAL), upTo, options.onProgress);
    const manifest: BackupManifest = {
      format: BACKUP_FORMAT,
      hitosVersion: options.hitosVersion,
      createdAt: options.createdAt.toISOString(),
      source: dataDir,
      position: file.last,
      records: file.records,
      files: [{ name: WAL, bytes: file.bytes, sha256: file.sha256 }],
    };
    writeDurably(join(target, BACKUP_MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
    syncDirectory(target);
    return manifest;
  } catch (error) {
    clearOut(target, created);
    throw error;
  }
}

/**
 * Frame by frame, from the start of the log to the frame that ends at `upTo`: each frame's
 * checksum is checked (a frame still being written fails it) and its records decoded, so the
 * positions are proven contiguous from 0 and the copy provably ends where it should.
 */
async function copyLog(
  from: string,
  to: string,
  upTo: number,
  onProgress?: (progress: CopyProgress) => void,
): Promise<{ bytes: number; sha256: string; records: number; last: number }> {
  const totalBytes = statSync(from).size;
  const out = openSync(to, 'wx', 0o644);
  const hash = createHash('sha256');
  let bytes = 0;
  let records = 0;
  let last = -1;
  let expected = 0;
  try {
    let frames = 0;
    if (upTo >= 0) {
      for (const frame of WriteAheadLog.frames(from)) {
        for (const { logged } of decodeFrame(frame.payload, frame.payloadAt)) {
          const [position, record] = logged;
          if (position !== expected) {
            throw new BackupError(
              'log-inconsistent',
              `el registro de escritura de ${from} no es contiguo en la posición ${position} (se esperaba ${expected}): ¿se reinició el almacén durante la copia? Repítala`,
              `the write-ahead log ${from} is not contiguous at position ${position} (expected ${expected}): did the store restart during the copy? Run it again`,
            );
          }
          expected = position + recordSize(record);
          last = position;
          records++;
        }
        if (last > upTo) {
          throw new BackupError(
            'log-inconsistent',
            `un bloque del registro de escritura pasa de la posición confirmada ${upTo}`,
            `a frame of the write-ahead log runs past the committed position ${upTo}`,
          );
        }
        const header = Buffer.allocUnsafe(8);
        header.writeUInt32LE(frame.payload.length, 0);
        header.writeUInt32LE(crc32(frame.payload), 4);
        writeAll(out, header);
        writeAll(out, frame.payload);
        hash.update(header).update(frame.payload);
        bytes += header.length + frame.payload.length;
        onProgress?.({ bytes, totalBytes, records });
        if (last === upTo) break;
        // Let the rest of the process (a progress bar, a test's appends) have a turn.
        if (++frames % 64 === 0) await new Promise<void>((r) => setImmediate(r));
      }
    }
    if (last !== upTo) {
      throw new BackupError(
        'log-short',
        `el registro de escritura termina en la posición ${last}, antes de la confirmada ${upTo}`,
        `the write-ahead log ends at position ${last}, before the committed ${upTo}`,
      );
    }
    fsyncSync(out);
  } finally {
    closeSync(out);
  }
  return { bytes, sha256: hash.digest('hex'), records, last };
}

/** Reads and checks the manifest and every file's size and SHA-256; the manifest if all match. */
export async function verifyBackup(
  backup: string,
  onProgress?: (progress: CopyProgress) => void,
): Promise<BackupManifest> {
  const dir = resolve(backup);
  const manifest = readManifest(dir);
  const totalBytes = manifest.files.reduce((sum, f) => sum + f.bytes, 0);
  let done = 0;
  for (const file of manifest.files) {
    const path = join(dir, file.name);
    const size = statSync(path, { throwIfNoEntry: false })?.size;
    if (size !== file.bytes) {
      throw new BackupError(
        'checksum',
        `la copia ${dir} está dañada: ${file.name} tiene ${size ?? 0} bytes y el manifiesto dice ${file.bytes}`,
        `the backup ${dir} is damaged: ${file.name} has ${size ?? 0} bytes and the manifest says ${file.bytes}`,
      );
    }
    const sha256 = await hashFile(path, (bytes) =>
      onProgress?.({ bytes: done + bytes, totalBytes, records: 0 }),
    );
    done += file.bytes;
    if (sha256 !== file.sha256) {
      throw new BackupError(
        'checksum',
        `la copia ${dir} está dañada: la suma SHA-256 de ${file.name} no coincide con el manifiesto`,
        `the backup ${dir} is damaged: the SHA-256 of ${file.name} does not match the manifest`,
      );
    }
  }
  return manifest;
}

export interface RestoreOptions {
  backup: string;
  /** The event store directory to restore into: it must not exist, or be empty. */
  dataDir: string;
  onProgress?(progress: CopyProgress & { step: 'verify' | 'copy' }): void;
}

/**
 * Verifies the backup, copies its log into a fresh directory and builds the index from it
 * (the store then starts at once, without a rebuild); the directory is left as it was found
 * when anything fails.
 */
export async function restoreEventStore(
  options: RestoreOptions,
): Promise<{ manifest: BackupManifest; head: number }> {
  const dataDir = resolve(options.dataDir);
  requireFresh(dataDir);
  const manifest = await verifyBackup(options.backup, (p) =>
    options.onProgress?.({ ...p, step: 'verify' }),
  );
  const created = !existsSync(dataDir);
  mkdirSync(dataDir, { recursive: true });
  try {
    const wal = manifest.files.find((f) => f.name === WAL)!;
    const sha256 = await copyFile(join(resolve(options.backup), WAL), join(dataDir, WAL), (b) =>
      options.onProgress?.({ bytes: b, totalBytes: wal.bytes, records: 0, step: 'copy' }),
    );
    if (sha256 !== wal.sha256) {
      throw new BackupError(
        'checksum',
        `${WAL} cambió durante la restauración: la suma SHA-256 de lo copiado no coincide con el manifiesto`,
        `${WAL} changed during the restore: the SHA-256 of what was copied does not match the manifest`,
      );
    }
    syncDirectory(dataDir);
    const log = await EventLog.open({ dataDir });
    const head = log.headPosition;
    await log.close();
    if (head !== manifest.position) {
      throw new BackupError(
        'restore-mismatch',
        `el almacén restaurado termina en la posición ${head}, no en la ${manifest.position} del manifiesto`,
        `the restored store ends at position ${head}, not at the manifest's ${manifest.position}`,
      );
    }
    return { manifest, head };
  } catch (error) {
    clearOut(dataDir, created);
    throw error;
  }
}

function readManifest(dir: string): BackupManifest {
  let value: Partial<BackupManifest> | null;
  try {
    value = JSON.parse(readFileSync(join(dir, BACKUP_MANIFEST), 'utf8')) as Partial<BackupManifest>;
  } catch (error) {
    throw new BackupError(
      'manifest',
      `${dir} no es una copia de hitos legible (${BACKUP_MANIFEST}: ${(error as Error).message})`,
      `${dir} is not a readable hitos backup (${BACKUP_MANIFEST}: ${(error as Error).message})`,
    );
  }
  const files = value?.files;
  if (
    value?.format !== BACKUP_FORMAT ||
    typeof value.position !== 'number' ||
    !Array.isArray(files) ||
    !files.some((f) => f?.name === WAL) ||
    !files.every(
      (f) =>
        typeof f?.name === 'string' &&
        /^[\w.-]+$/.test(f.name) &&
        Number.isSafeInteger(f.bytes) &&
        typeof f.sha256 === 'string',
    )
  ) {
    throw new BackupError(
      'manifest',
      `${dir}/${BACKUP_MANIFEST} no es un manifiesto de ${BACKUP_FORMAT}`,
      `${dir}/${BACKUP_MANIFEST} is not a ${BACKUP_FORMAT} manifest`,
    );
  }
  return value as BackupManifest;
}

/** A directory that does not exist or is empty; anything else is refused. */
export function requireFresh(dir: string): void {
  const stat = statSync(dir, { throwIfNoEntry: false });
  if (!stat) return;
  if (!stat.isDirectory() || readdirSync(dir).length > 0) {
    throw new BackupError(
      'target-not-empty',
      `${dir} ya existe y no es un directorio vacío: elija uno nuevo (no se sobrescribe nada)`,
      `${dir} already exists and is not an empty directory: choose a new one (nothing is overwritten)`,
    );
  }
}

const CHUNK = 1024 * 1024;

async function hashFile(path: string, onBytes?: (bytes: number) => void): Promise<string> {
  return copyFile(path, undefined, onBytes);
}

/** Copies (or only reads, without `to`) a file in chunks; its SHA-256. */
async function copyFile(
  from: string,
  to: string | undefined,
  onBytes?: (bytes: number) => void,
): Promise<string> {
  const hash = createHash('sha256');
  const input = openSync(from, 'r');
  const output = to === undefined ? undefined : openSync(to, 'wx', 0o644);
  const buffer = Buffer.allocUnsafe(CHUNK);
  try {
    let bytes = 0;
    for (;;) {
      const read = readSync(input, buffer, 0, CHUNK, bytes);
      if (read === 0) break;
      hash.update(buffer.subarray(0, read));
      if (output !== undefined) writeAll(output, buffer.subarray(0, read));
      bytes += read;
      onBytes?.(bytes);
      await new Promise<void>((r) => setImmediate(r));
    }
    if (output !== undefined) fsyncSync(output);
  } finally {
    closeSync(input);
    if (output !== undefined) closeSync(output);
  }
  return hash.digest('hex');
}

function writeAll(fd: number, bytes: Buffer): void {
  let written = 0;
  while (written < bytes.length) written += writeSync(fd, bytes, written);
}

function writeDurably(path: string, text: string): void {
  const temporary = `${path}.tmp`;
  const fd = openSync(temporary, 'w', 0o644);
  try {
    writeAll(fd, Buffer.from(text));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, path);
}

function syncDirectory(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Removes what a failed backup or restore wrote: the directory if it made it, else its content. */
function clearOut(dir: string, created: boolean): void {
  if (created) {
    rmSync(dir, { recursive: true, force: true });
    return;
  }
  for (const entry of readdirSync(dir)) rmSync(join(dir, entry), { recursive: true, force: true });
}
