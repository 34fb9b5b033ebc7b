import { afterEach, expect } from '@jest/globals';
import type { Database } from 'better-sqlite3';
import {
  ProjectionStore,
  applyToStore,
  readModelPosition,
  type Projection,
  type RecordedInAll,
} from '@hitos/projections';
import type { FakeAll } from './read-model-fixtures';

/** Events recorded in `$all`, in order: a FakeAll, or its events. */
export type RecordedHistory = FakeAll | readonly RecordedInAll[];

/** A read model under test: fed with recorded events, read with SQL or its own queries. */
export interface ProjectionModel {
  /** The model's database, for the read model's own queries. */
  readonly db: Database;
  /**
   * Applies the history's events after the model's checkpoint, as the runner does (one
   * transaction; events already applied are skipped), failing the test on a handler error.
   */
  when(history: RecordedHistory): ProjectionModel;
  /** The rows `sql` selects. */
  rows<Row = Record<string, unknown>>(sql: string, ...params: unknown[]): Row[];
  /** The first row `sql` selects, if any. */
  row<Row = Record<string, unknown>>(sql: string, ...params: unknown[]): Row | undefined;
  /** The rows `sql` selects are exactly these (asymmetric matchers allowed). */
  thenRows(sql: string, expected: readonly unknown[], ...params: unknown[]): ProjectionModel;
}

/**
 * Given events / then rows over a projection, as `DeciderSpecification` is given events / when
 * command / then events over a decider. Besides what a test asserts, every history applied is
 * also applied one event per transaction to a twin model, and the two must hold the same rows:
 * the runner batches differently while catching up and while live, and a rebuild must equal
 * the live model, so no handler may depend on how events are batched.
 *
 * Models live in memory and are closed after each test.
 */
export const ProjectionSpecification = {
  for(projection: Projection) {
    const open: ProjectionStore[] = [];
    afterEach(() => {
      for (const store of open.splice(0)) store.close();
    });
    const fresh = () => {
      const store = ProjectionStore.open(projection, ':memory:');
      open.push(store);
      return store;
    };
    return {
      given(history: RecordedHistory = []): ProjectionModel {
        const store = fresh();
        const twin = fresh();
        const model: ProjectionModel = {
          db: store.db,
          when(more) {
            const events = eventsOf(more);
            apply(store, events);
            for (const event of events) apply(twin, [event]);
            expect(contentsOf(twin.db)).toEqual(contentsOf(store.db));
            return model;
          },
          rows: (sql, ...params) => store.db.prepare(sql).all(...params) as any[],
          row: (sql, ...params) => store.db.prepare(sql).get(...params) as any,
          thenRows(sql, expected, ...params) {
            expect(model.rows(sql, ...params)).toEqual(expected);
            return model;
          },
        };
        return model.when(history);
      },
    };
  },
};

function eventsOf(history: RecordedHistory): readonly RecordedInAll[] {
  return Array.isArray(history) ? history : (history as FakeAll).events;
}

function apply(store: ProjectionStore, events: readonly RecordedInAll[]): void {
  const failure = applyToStore(store, events, undefined);
  if (failure) throw failure;
}

/**
 * Every row of every table of the model, in a stable order, and its checkpoint: what two models
 * must agree on (the engine's own bookkeeping, such as when it last wrote, may differ).
 */
function contentsOf(db: Database): Record<string, unknown> {
  const tables = db
    .prepare(
      `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '\\_%' ESCAPE '\\'
        ORDER BY name`,
    )
    .all() as { name: string }[];
  const checkpoint = readModelPosition(db);
  return Object.fromEntries([
    ['checkpoint', checkpoint],
    ...tables.map(({ name }) => {
      const columns = (db.prepare(`PRAGMA table_info("${name}")`).all() as { name: string }[])
        .map((c) => `"${c.name}"`)
        .join(', ');
      return [name, db.prepare(`SELECT * FROM "${name}" ORDER BY ${columns}`).all()];
    }),
  ]);
}
