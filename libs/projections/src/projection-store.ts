import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  renameSync,
  statSync,
  rmSync,
} from 'node:fs';
import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';
import Database, { type Database as SqliteDatabase } from 'better-sqlite3';
import { ProjectionHandlerError } from './errors';
import { statementContext, type ProjectedEvent, type Projection } from './projection';
import type { StoredPosition } from './position';

/** One event to apply, with the full position its checkpoint needs. */
export interface PositionedEvent {
  event: ProjectedEvent;
  at: StoredPosition;
}

export const projectionFile = (directory: string, name: string) =>
  join(directory, `${name}.sqlite`);

/**
 * The projection's schema as a fingerprint, whitespace aside: a file made with another schema
 * is rebuilt at start like one made by another version, so a table added to a model can never
 * meet a file that lacks it (its `version` still has to change when a handler changes meaning).
 */
function schemaHashOf(projection: Projection): string {
  const ddl = projection.indexes
    ? `${projection.schema}\n${projection.indexes}`
    : projection.schema;
  const normalized = ddl.replace(/\s+/g, ' ').trim();
  return createHash('sha256').update(normalized).digest('hex');
}

/**
 * What a model's meaning depends on in the code: the projection's name, version and schema. A
 * model kept apart from its file (a time-travel checkpoint) is of use only to the same one.
 */
export const projectionFingerprint = (projection: Projection): string =>
  `${projection.name}@${projection.version}#${schemaHashOf(projection)}`;

/**
 * One projection's read model and its checkpoint, in one SQLite file of its own: the rows and
 * the position must share a file because SQLite commits atomically per file only (in WAL mode
 * a transaction over ATTACHed files is not atomic across them), and a rebuild replaces the
 * whole file by a rename without touching the other projections.
 */
export class ProjectionStore {
  readonly db: SqliteDatabase;
  /** Last `$all` position applied; null before the first event. */
  position: StoredPosition | null;
  /** The file was made by another version of the projection (or another projection). */
  readonly mismatch: string | null;
  private readonly context;
  private readonly saveCheckpoint;

  private constructor(
    readonly projection: Projection,
    readonly file: string,
    options: { readonly?: boolean; image?: Buffer; deferIndexes?: boolean } = {},
  ) {
    if (options.image) this.db = new Database(options.image);
    else {
      if (!options.readonly) mkdirSync(dirname(file), { recursive: true });
      this.db = new Database(file, { readonly: options.readonly ?? false });
    }
    if (!options.readonly) {
      this.db.pragma('journal_mode = WAL');
      // NORMAL does not sync the WAL at each commit, so a power loss may drop the last
      // transactions. That is safe here: the rows and their checkpoint are lost together, and
      // the event store (the source of truth) hands the same events again from the older
      // checkpoint. A process crash (SIGKILL) loses nothing: the WAL is in the page cache.
      this.db.pragma('synchronous = NORMAL');
      this.db.pragma('busy_timeout = 5000');
    }
    const hasHeader = this.db
      .prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_projection'`)
      .get();
    if (!hasHeader && !options.readonly) {
      this.db.transaction(() => {
        this.db.exec(projection.schema);
        if (projection.indexes && !options.deferIndexes) this.db.exec(projection.indexes);
        this.db.exec(`CREATE TABLE _projection (
          id INTEGER PRIMARY KEY CHECK (id = 1),
          name TEXT NOT NULL,
          version INTEGER NOT NULL,
          schema_hash TEXT NOT NULL,
          commit_position TEXT,
          prepare_position TEXT,
          events INTEGER NOT NULL DEFAULT 0,
          updated_at TEXT NOT NULL
        )`);
        this.db
          .prepare(
            `INSERT INTO _projection (id, name, version, schema_hash, updated_at)
             VALUES (1, ?, ?, ?, ?)`,
          )
          .run(
            projection.name,
            projection.version,
            schemaHashOf(projection),
            new Date().toISOString(),
          );
      })();
    }
    // SELECT *: a file made before a column existed still opens, and reads as a mismatch.
    const header = this.db.prepare(`SELECT * FROM _projection WHERE id = 1`).get() as
      | {
          name: string;
          version: number;
          schema_hash?: string;
          commit_position: string | null;
          prepare_position: string | null;
        }
      | undefined;
    this.mismatch = !header
      ? 'no checkpoint row'
      : header.name !== projection.name || header.version !== projection.version
        ? `file holds ${header.name} v${header.version}, code is ${projection.name} v${projection.version}`
        : header.schema_hash !== schemaHashOf(projection)
          ? `file holds another schema of ${projection.name} v${projection.version}`
          : null;
    this.position =
      header?.commit_position != null && header.prepare_position != null
        ? { commit: header.commit_position, prepare: header.prepare_position }
        : null;
    this.context = statementContext(this.db);
    this.saveCheckpoint = options.readonly
      ? undefined
      : this.db.prepare(
          `UPDATE _projection SET commit_position = ?, prepare_position = ?,
             events = events + ?, updated_at = ? WHERE id = 1`,
        );
  }

  static open(projection: Projection, file: string): ProjectionStore {
    return new ProjectionStore(projection, file);
  }

  /**
   * Opens a file for a rebuild: a fresh one gets its tables but not yet its secondary indexes,
   * which {@link createIndexes} adds once the rebuild has caught up.
   */
  static openForRebuild(projection: Projection, file: string): ProjectionStore {
    return new ProjectionStore(projection, file, { deferIndexes: true });
  }

  /** Creates the projection's secondary indexes that are missing (see `Projection.indexes`). */
  createIndexes(): void {
    if (this.projection.indexes) this.db.exec(this.projection.indexes);
  }

  static openReadonly(projection: Projection, file: string): ProjectionStore {
    return new ProjectionStore(projection, file, { readonly: true });
  }

  /**
   * An in-memory model from an image {@link serialize} made (writable; nothing is written back
   * to where the image came from). `mismatch` says whether this projection made it.
   */
  static deserialize(projection: Projection, image: Buffer): ProjectionStore {
    return new ProjectionStore(projection, ':memory:', { image });
  }

  /** The whole database as one image, e.g. an in-memory model to keep elsewhere. */
  serialize(): Buffer {
    return this.db.serialize();
  }

  /** Opens the file, starting it afresh if an older version of the projection made it. */
  static openFresh(projection: Projection, file: string): ProjectionStore {
    const store = ProjectionStore.open(projection, file);
    if (!store.mismatch) return store;
    store.close();
    removeDatabaseFile(file);
    return ProjectionStore.open(projection, file);
  }

  /** Events applied so far, as counted by the checkpoint row. */
  eventsApplied(): number {
    return (this.db.prepare(`SELECT events FROM _projection WHERE id = 1`).get() as any).events;
  }

  /**
   * Applies the events and moves the checkpoint to `through` in one transaction. When a handler
   * throws, the batch is rolled back and applied again one event per transaction up to the
   * failing one, so the checkpoint ends exactly before it and nothing after it is applied.
   */
  apply(
    events: readonly PositionedEvent[],
    through: StoredPosition,
    prepared?: unknown,
  ): ProjectionHandlerError | null {
    try {
      this.transaction(events, through, prepared);
      return null;
    } catch (error) {
      if (!(error instanceof ProjectionHandlerError)) throw error;
      if (events.length <= 1) return error;
    }
    for (const item of events) {
      try {
        this.transaction([item], item.at, prepared);
      } catch (error) {
        if (error instanceof ProjectionHandlerError) return error;
        throw error;
      }
    }
    // Every event passed alone: the failure depended on the batch, which handlers must not do.
    this.transaction([], through);
    return null;
  }

  private transaction(
    events: readonly PositionedEvent[],
    through: StoredPosition,
    prepared?: unknown,
  ): void {
    const { handlers, name, everyEvent } = this.projection;
    this.db.transaction(() => {
      if (everyEvent && events.length > 0) {
        try {
          everyEvent(
            this.context,
            events.map(({ event }) => event),
            prepared,
          );
        } catch (error) {
          // Alone, the batch is the event that failed (see `apply`).
          throw new ProjectionHandlerError(name, events[events.length - 1].event, error);
        }
      }
      for (const { event } of everyEvent ? [] : events) {
        const handler = handlers[event.type];
        if (!handler) continue;
        try {
          const result: unknown = handler(this.context, event);
          if (result && typeof (result as Promise<unknown>).then === 'function') {
            throw new Error('handlers must be synchronous: the transaction is already closed');
          }
        } catch (error) {
          throw new ProjectionHandlerError(name, event, error);
        }
      }
      this.saveCheckpoint!.run(
        through.commit,
        through.prepare,
        events.length,
        new Date().toISOString(),
      );
    })();
    this.position = through;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

export function removeDatabaseFile(file: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(file + suffix, { force: true });
}

/**
 * Puts a closed, complete database file in the place of another, atomically. The old file's
 * WAL and shared-memory files go first: left beside the new file, SQLite would replay the old
 * WAL into it. After a clean close they do not exist; after a crash they belong to the old file.
 */
export function replaceDatabaseFile(fresh: string, live: string): void {
  // A read-only connection (a comparison) leaves an empty WAL and its index behind: nothing
  // in them belongs to the file. A WAL with frames, or a journal, means a writer is not done.
  if (
    existsSync(fresh + '-journal') ||
    (existsSync(fresh + '-wal') && statSync(fresh + '-wal').size > 0)
  ) {
    throw new Error(`${fresh} is still open (its WAL or journal holds writes)`);
  }
  for (const suffix of ['-wal', '-shm']) rmSync(fresh + suffix, { force: true });
  for (const suffix of ['-wal', '-shm', '-journal']) {
    rmSync(live + suffix, { force: true });
  }
  renameSync(fresh, live);
  const dir = openSync(dirname(live), 'r');
  try {
    fsyncSync(dir);
  } finally {
    closeSync(dir);
  }
}
