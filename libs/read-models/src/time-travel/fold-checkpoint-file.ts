import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync, gzip } from 'node:zlib';
import Database, { type Database as SqliteDatabase } from 'better-sqlite3';
import { prepared } from '@hitos/projections';
import type { FoldMark } from './fold-mark';

const compress = promisify(gzip);

/** The file's name in the projections directory. */
export const FOLD_CHECKPOINTS_FILE = 'time-travel-folds.sqlite';

export const foldCheckpointsFile = (projectionsDirectory: string) =>
  join(projectionsDirectory, FOLD_CHECKPOINTS_FILE);

/** The layout below; a file of another layout is started afresh (it is only a cache). */
const FORMAT = 1;

const SCHEMA = `
  CREATE TABLE fold_checkpoint (
    fold TEXT NOT NULL,
    stream TEXT NOT NULL,
    count INTEGER NOT NULL,
    first_id TEXT NOT NULL,
    last_id TEXT NOT NULL,
    last_revision TEXT NOT NULL,
    last_commit TEXT NOT NULL,
    last_prepare TEXT NOT NULL,
    last_hash TEXT,
    recorded_until INTEGER,
    bytes INTEGER NOT NULL,
    image BLOB NOT NULL,
    PRIMARY KEY (fold, stream, count)
  );
`;

interface MarkRow {
  fold: string;
  stream: string;
  count: number;
  first_id: string;
  last_id: string;
  last_revision: string;
  last_commit: string;
  last_prepare: string;
  last_hash: string | null;
  recorded_until: number | null;
}

const MARK_COLUMNS = `fold, stream, count, first_id, last_id, last_revision, last_commit,
  last_prepare, last_hash, recorded_until`;

const toMark = (row: MarkRow): FoldMark => ({
  fold: row.fold,
  stream: row.stream,
  count: row.count,
  firstId: row.first_id,
  lastId: row.last_id,
  lastRevision: BigInt(row.last_revision),
  last: { commit: row.last_commit, prepare: row.last_prepare },
  lastHash: row.last_hash,
  recordedUntil: row.recorded_until,
});

/**
 * Folds of long streams kept on disk, so that a past view read for the first time (after a
 * start, or of a commitment nobody asked for yet) reads and applies only the events after the
 * nearest one, not the whole stream. Each row is a projection's in-memory model folded from a
 * stream's first `count` events, as a gzipped SQLite image, with its {@link FoldMark}: a cache
 * of a fold, checked against the stream before it is used and never a source of truth (delete
 * the file and it is built again from the events).
 *
 * One file beside the read models (`time-travel-folds.sqlite`), written by the API and read by
 * the CLI while the API runs (WAL). Rows of another projection version are dropped on opening.
 */
export class FoldCheckpointFile {
  private constructor(
    private readonly db: SqliteDatabase,
    readonly writable: boolean,
  ) {}

  /** Opens or creates the file, keeping only the rows of the folds named (fingerprints). */
  static open(file: string, folds: readonly string[]): FoldCheckpointFile {
    mkdirSync(dirname(file), { recursive: true });
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    // A lost write is a checkpoint built again: no need to sync at each commit.
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    if (db.pragma('user_version', { simple: true }) !== FORMAT) {
      db.transaction(() => {
        db.exec('DROP TABLE IF EXISTS fold_checkpoint');
        db.exec(SCHEMA);
        db.pragma(`user_version = ${FORMAT}`);
      })();
    }
    db.prepare(
      `DELETE FROM fold_checkpoint WHERE fold NOT IN (SELECT value FROM json_each(?))`,
    ).run(JSON.stringify(folds));
    return new FoldCheckpointFile(db, true);
  }

  /** The file for reading only (another process writes it); null when there is none usable. */
  static openReadonly(file: string): FoldCheckpointFile | null {
    if (!existsSync(file)) return null;
    let db: SqliteDatabase | undefined;
    try {
      db = new Database(file, { readonly: true, fileMustExist: true });
      db.pragma('busy_timeout = 5000');
      if (db.pragma('user_version', { simple: true }) !== FORMAT) {
        db.close();
        return null;
      }
      return new FoldCheckpointFile(db, false);
    } catch {
      db?.close();
      return null;
    }
  }

  /** The stream's checkpoints of that fold, the latest first. */
  marks(fold: string, stream: string): FoldMark[] {
    return (
      prepared(
        this.db,
        `SELECT ${MARK_COLUMNS} FROM fold_checkpoint WHERE fold = ? AND stream = ?
          ORDER BY count DESC`,
      ).all(fold, stream) as MarkRow[]
    ).map(toMark);
  }

  /** The stream's latest checkpoint of that fold, or null. */
  latest(fold: string, stream: string): FoldMark | null {
    const row = prepared(
      this.db,
      `SELECT ${MARK_COLUMNS} FROM fold_checkpoint WHERE fold = ? AND stream = ?
        ORDER BY count DESC LIMIT 1`,
    ).get(fold, stream) as MarkRow | undefined;
    return row ? toMark(row) : null;
  }

  /** How many events each stream's latest checkpoint of that fold holds. */
  counts(fold: string): Map<string, number> {
    const rows = prepared(
      this.db,
      `SELECT stream, MAX(count) AS count FROM fold_checkpoint WHERE fold = ? GROUP BY stream`,
    ).all(fold) as { stream: string; count: number }[];
    return new Map(rows.map((row) => [row.stream, row.count]));
  }

  /** The model's image at that mark (uncompressed), or null when the file does not hold it. */
  image(mark: FoldMark): Buffer | null {
    const row = prepared(
      this.db,
      `SELECT image FROM fold_checkpoint
        WHERE fold = ? AND stream = ? AND count = ? AND last_id = ? AND last_commit = ?`,
    ).get(mark.fold, mark.stream, mark.count, mark.lastId, mark.last.commit) as
      { image: Buffer } | undefined;
    return row ? gunzipSync(row.image) : null;
  }

  /** Keeps the model's image at that mark (compressed off the main thread). */
  async save(mark: FoldMark, image: Buffer): Promise<void> {
    if (!this.writable) return;
    const compressed = await compress(image, { level: 1 });
    if (!this.db.open) return;
    prepared(
      this.db,
      `INSERT OR REPLACE INTO fold_checkpoint (${MARK_COLUMNS}, bytes, image)
       VALUES (@fold, @stream, @count, @firstId, @lastId, @lastRevision, @lastCommit,
               @lastPrepare, @lastHash, @recordedUntil, @bytes, @image)`,
    ).run({
      fold: mark.fold,
      stream: mark.stream,
      count: mark.count,
      firstId: mark.firstId,
      lastId: mark.lastId,
      lastRevision: mark.lastRevision.toString(),
      lastCommit: mark.last.commit,
      lastPrepare: mark.last.prepare,
      lastHash: mark.lastHash,
      recordedUntil: mark.recordedUntil,
      bytes: image.length,
      image: compressed,
    });
  }

  /**
   * Drops a checkpoint found not to be its stream's (the store holds another history there),
   * and every later one of the stream, built on it.
   */
  forget(mark: FoldMark): void {
    if (!this.writable) return;
    prepared(
      this.db,
      `DELETE FROM fold_checkpoint WHERE fold = ? AND stream = ? AND count >= ?`,
    ).run(mark.fold, mark.stream, mark.count);
  }

  /** Drops every checkpoint of the stream (its latest was found to be of another history). */
  forgetStream(fold: string, stream: string): void {
    if (!this.writable) return;
    prepared(this.db, `DELETE FROM fold_checkpoint WHERE fold = ? AND stream = ?`).run(
      fold,
      stream,
    );
  }

  /** Checkpoints and their size on disk (compressed) and in memory (uncompressed). */
  size(): { checkpoints: number; streams: number; bytesOnDisk: number; bytes: number } {
    return prepared(
      this.db,
      `SELECT COUNT(*) AS checkpoints, COUNT(DISTINCT stream) AS streams,
              COALESCE(SUM(LENGTH(image)), 0) AS bytesOnDisk, COALESCE(SUM(bytes), 0) AS bytes
         FROM fold_checkpoint`,
    ).get() as { checkpoints: number; streams: number; bytesOnDisk: number; bytes: number };
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
