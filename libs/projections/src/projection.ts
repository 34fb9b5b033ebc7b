import type { Database, RunResult, Statement } from 'better-sqlite3';
import type { RecordedInAll } from './events';

/** What a projection is written against: an event's stored type name and its data. */
export interface EventShape {
  type: string;
  data: unknown;
}

/**
 * An event as projections see it: the data already upcast to the current schema version, the
 * `$all` position as a decimal string (a bigint does not survive JSON, and SQLite compares
 * TEXT positions wrongly but never needs to: the runner compares them).
 */
export interface ProjectedEvent<Data = any, Type extends string = string> {
  /** The event's id in the store (a UUID): what a reaction cites as its cause. */
  id: string;
  type: Type;
  data: Data;
  metadata: Record<string, any>;
  streamId: string;
  revision: number;
  /** The revision exactly as stored (a tombstone's is 2^63 − 1, beyond a number's precision). */
  storedRevision: bigint;
  /** The metadata exactly as stored: parsed JSON, raw bytes, or undefined when there is none. */
  storedMetadata: unknown;
  /** Commit position in `$all`. */
  position: string;
  /** `metadata.recordedAt` when hitos wrote it, else the store's own creation time (ISO). */
  recordedAt: string;
}

/** The projected form of one event of a union. */
export type ProjectedOf<E extends EventShape> = ProjectedEvent<E['data'], E['type']>;

export type SqlParams = readonly unknown[] | Record<string, unknown>;

/**
 * What a handler may do to its read model: plain SQL through statements prepared once per
 * projection. Everything runs inside the runner's transaction, so a handler never commits.
 */
export interface ProjectionContext {
  /** The model's connection, for a model that keeps a structure of its own (a Merkle tree). */
  readonly db: Database;
  run(sql: string, params?: SqlParams): RunResult;
  get<Row = Record<string, unknown>>(sql: string, params?: SqlParams): Row | undefined;
  all<Row = Record<string, unknown>>(sql: string, params?: SqlParams): Row[];
}

/** Applies one event (of the union `E`) to the model. */
export type ProjectionHandler<E extends EventShape = EventShape> = (
  context: ProjectionContext,
  event: ProjectedOf<E>,
) => void;

/**
 * One entry per event type of `E`: a handler typed by that event's data, or `null` for an event
 * the model deliberately ignores (the engine then neither upcasts nor applies it). A key that
 * is not in `E`, a handler written for another payload, or an event of `E` with no entry does
 * not compile: a projection declares as `E` the whole union of the streams it follows, so a new
 * event is a compile error until each model says what it does with it.
 */
export type ProjectionHandlers<E extends EventShape> = {
  [K in E['type']]: ProjectionHandler<Extract<E, { type: K }>> | null;
};

/** A projection as the engine runs it, whatever its events. */
export interface Projection {
  /** File name and checkpoint key: `[a-z0-9-]+`. */
  name: string;
  /**
   * Bump when a handler changes meaning: the stored model is then rebuilt (a changed `schema`
   * rebuilds it too, by its fingerprint).
   */
  version: number;
  /** DDL run once on a fresh database file of this projection. */
  schema: string;
  /**
   * Secondary indexes, as idempotent DDL (`CREATE INDEX IF NOT EXISTS …`). A live model has
   * them from its first event; a rebuild adds them once it has caught up, since building an
   * index over a million rows at the end costs a tenth of keeping a randomly keyed one up to
   * date row by row. Part of the schema's fingerprint.
   */
  indexes?: string;
  /** A handler per event type it applies; `null` or absent for the types it ignores. */
  handlers: Readonly<Record<string, ProjectionHandler<any> | null>>;
  /** Set by `defineEventLog`: every event of each transaction at once, as stored (not upcast). */
  everyEvent?: EventLogHandler;
  /** Set by `defineEventLog`: see {@link EventLogDefinition.preparer}. */
  preparer?: () => EventLogPreparer;
}

/**
 * Applies, in order, every event of one transaction of an event log; `prepared`, when a
 * rebuild ran the log's {@link EventLogPreparer} over them, is what it answered (the handler
 * must give the same result without it).
 */
export type EventLogHandler = (
  context: ProjectionContext,
  events: readonly ProjectedEvent[],
  prepared?: unknown,
) => void;

/**
 * Work an event log does on a page of events before it is applied, off the thread that reads
 * (worker threads, say), so that a rebuild overlaps it with reading the next pages.
 */
export interface EventLogPreparer {
  prepare(events: readonly RecordedInAll[]): Promise<unknown>;
  close(): Promise<void>;
}

/** Whether the projection applies events of `type`. */
export const applies = (projection: Projection, type: string): boolean =>
  projection.everyEvent !== undefined || Boolean(projection.handlers[type]);

export interface ProjectionDefinition<E extends EventShape> {
  name: string;
  version: number;
  schema: string;
  /** See {@link Projection.indexes}. */
  indexes?: string;
  handlers: ProjectionHandlers<E>;
}

/** A projection over the events `E` (give it explicitly: `defineProjection<CommitmentEvent>`). */
export function defineProjection<E extends EventShape>(
  projection: ProjectionDefinition<E>,
): Projection {
  checkNameAndVersion(projection);
  return projection as Projection;
}

export interface EventLogDefinition {
  name: string;
  version: number;
  schema: string;
  /** See {@link Projection.indexes}. */
  indexes?: string;
  /**
   * Applies the events of one transaction, in `$all` order, whatever their types, with data and
   * metadata as stored; once per transaction so that a log can write them together.
   */
  everyEvent: EventLogHandler;
  /**
   * Started by a rebuild that reads enough events to be worth it: each page is prepared ahead
   * of being applied, and what `prepare` answers is given to `everyEvent` with it. The live
   * runner applies without it.
   */
  preparer?: () => EventLogPreparer;
}

/**
 * A projection of the whole history rather than of some event types: a log, such as the
 * transparency log's Merkle tree, that must see each event once, in `$all` order, as it was
 * stored (an upcast would change the bytes it commits to).
 */
export function defineEventLog(log: EventLogDefinition): Projection {
  checkNameAndVersion(log);
  return { ...log, handlers: {} };
}

function checkNameAndVersion(projection: { name: string; version: number }): void {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(projection.name)) {
    throw new Error(`Projection name "${projection.name}" must match [a-z0-9-]+`);
  }
  if (!Number.isInteger(projection.version) || projection.version < 1) {
    throw new Error(`Projection ${projection.name}: version must be a positive integer`);
  }
}

const statements = new WeakMap<Database, Map<string, Statement<unknown[]>>>();

/**
 * The statement for `sql` on `db`, prepared once per connection and reused: preparing costs
 * more than running most of hitos's queries, and live feeds, the workflow engine and the API
 * run the same few after every batch or request. Not for `.iterate()`, which holds a statement
 * busy until the iteration ends.
 */
export function prepared(db: Database, sql: string): Statement<unknown[]> {
  let cache = statements.get(db);
  if (!cache) {
    cache = new Map();
    statements.set(db, cache);
  }
  let statement = cache.get(sql);
  if (!statement) {
    statement = db.prepare<unknown[]>(sql);
    cache.set(sql, statement);
  }
  return statement;
}

/** A handler's context over one connection, caching each statement by its SQL text. */
export function statementContext(db: Database): ProjectionContext {
  // Positional parameters are spread; named ones go as the single object better-sqlite3 takes.
  const args = (params: SqlParams | undefined): unknown[] =>
    params === undefined ? [] : Array.isArray(params) ? [...params] : [params];
  return {
    db,
    run: (sql, params) => prepared(db, sql).run(...args(params)),
    get: (sql, params) => prepared(db, sql).get(...args(params)) as any,
    all: (sql, params) => prepared(db, sql).all(...args(params)) as any,
  };
}
