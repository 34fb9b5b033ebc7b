import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { applyToStore } from './apply';
import { ProjectionHandlerError } from './errors';
import type { RecordedInAll } from './events';
import { defineEventLog, defineProjection } from './projection';
import { ProjectionStore } from './projection-store';
import { eventLogProjection } from './testing/event-log.projection';

const at = (n: number) => ({ commit: String(n * 100), prepare: String(n * 100) });

function recorded(n: number, type = 'Counted', data: Record<string, unknown> = {}): RecordedInAll {
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    type,
    streamId: `test-${n % 3}`,
    revision: BigInt(n),
    data: { n, ...data },
    metadata: { schemaVersion: 1, recordedAt: '2026-01-01T00:00:00.000Z' },
    created: new Date('2026-01-01T00:00:01.000Z'),
    at: at(n),
  };
}

const rows = (store: ProjectionStore) =>
  store.db.prepare('SELECT position FROM event_log ORDER BY CAST(position AS INTEGER)').all();

describe('ProjectionStore', () => {
  let store: ProjectionStore;
  beforeEach(() => {
    store = ProjectionStore.open(eventLogProjection(), ':memory:');
  });
  afterEach(() => store.close());

  it('writes the rows and the checkpoint of a batch together', () => {
    expect(store.position).toBeNull();
    expect(
      applyToStore(
        store,
        [1, 2, 3].map((n) => recorded(n)),
        undefined,
      ),
    ).toBeNull();
    expect(rows(store)).toHaveLength(3);
    expect(store.position).toEqual(at(3));
    expect(store.eventsApplied()).toBe(3);
  });

  it('skips events at or before its checkpoint, so a replay applies nothing twice', () => {
    applyToStore(
      store,
      [1, 2, 3].map((n) => recorded(n)),
      undefined,
    );
    expect(
      applyToStore(
        store,
        [2, 3, 4, 5].map((n) => recorded(n)),
        undefined,
      ),
    ).toBeNull();
    expect(rows(store)).toEqual([1, 2, 3, 4, 5].map((n) => ({ position: at(n).commit })));
  });

  it('moves the checkpoint over events it has no handler for', () => {
    applyToStore(store, [recorded(1), recorded(2, 'Unrelated')], undefined);
    expect(rows(store)).toHaveLength(1);
    expect(store.position).toEqual(at(2));
  });

  it('stops before a throwing handler, naming the projection, event, stream, revision and position', () => {
    const batch = [recorded(1), recorded(2), recorded(3, 'Boom', { boom: true }), recorded(4)];
    const failure = applyToStore(store, batch, undefined);
    expect(failure).toBeInstanceOf(ProjectionHandlerError);
    expect(failure!.message).toBe(
      'Projection event-log stopped at Boom test-0@3 ($all position 300): boom at n=3',
    );
    expect(failure!.event).toEqual({
      id: expect.any(String),
      type: 'Boom',
      streamId: 'test-0',
      revision: 3,
      storedRevision: 3n,
      position: '300',
      data: { n: 3, boom: true },
      metadata: expect.anything(),
      storedMetadata: { schemaVersion: 1, recordedAt: '2026-01-01T00:00:00.000Z' },
      recordedAt: expect.any(String),
    });
    // Everything before the failing event is applied, nothing from it on.
    expect(rows(store)).toEqual([{ position: '100' }, { position: '200' }]);
    expect(store.position).toEqual(at(2));
    // Applying again fails again at the same event: it is never skipped.
    expect(applyToStore(store, batch, undefined)!.event.position).toBe('300');
    expect(store.position).toEqual(at(2));
  });

  it('refuses asynchronous handlers, whose writes would land outside the transaction', () => {
    const asyncProjection = defineProjection({
      name: 'async',
      version: 1,
      schema: 'CREATE TABLE t (x INTEGER)',
      handlers: { Counted: (async () => undefined) as any },
    });
    const asyncStore = ProjectionStore.open(asyncProjection, ':memory:');
    const failure = applyToStore(asyncStore, [recorded(1)], undefined);
    expect(failure?.message).toMatch(/handlers must be synchronous/);
    expect(asyncStore.position).toBeNull();
    asyncStore.close();
  });

  it('reports an event that cannot be upcast as a failure at that event', () => {
    const upcasters = {
      upcast: (type: string) => {
        if (type === 'Boom') throw new Error('no upcaster');
        return { n: 0 };
      },
    } as any;
    const failure = applyToStore(store, [recorded(1), recorded(2, 'Boom')], upcasters);
    expect(failure?.message).toMatch(/stopped at Boom .*no upcaster/);
    expect(store.position).toEqual(at(1));
  });

  it('gives an event log every event, of any type, with its data as stored (not upcast)', () => {
    const seen: { type: string; data: unknown; streamId: string }[] = [];
    const log = defineEventLog({
      name: 'whole-history',
      version: 1,
      schema: 'CREATE TABLE seen (type TEXT);',
      everyEvent: (_context, events) => {
        for (const { type, data, streamId } of events) seen.push({ type, data, streamId });
      },
    });
    const logStore = ProjectionStore.open(log, ':memory:');
    const upcasters = { upcast: () => ({ upcast: true }) } as any;
    expect(
      applyToStore(logStore, [recorded(1, 'A'), recorded(2, 'B', { b: 1 })], upcasters),
    ).toBeNull();
    expect(seen).toEqual([
      { type: 'A', data: { n: 1 }, streamId: 'test-1' },
      { type: 'B', data: { n: 2, b: 1 }, streamId: 'test-2' },
    ]);
    expect(logStore.position).toEqual(at(2));
    logStore.close();
  });

  it('given a model serialized to an image, when it is opened from it, then it holds the same rows and checkpoint and goes on from there alone', () => {
    applyToStore(
      store,
      [1, 2, 3].map((n) => recorded(n)),
      undefined,
    );
    const copy = ProjectionStore.deserialize(eventLogProjection(), store.serialize());
    expect(copy.mismatch).toBeNull();
    expect(copy.position).toEqual(at(3));
    expect(rows(copy)).toEqual(rows(store));
    expect(applyToStore(copy, [recorded(4)], undefined)).toBeNull();
    expect(rows(copy)).toHaveLength(4);
    expect(rows(store)).toHaveLength(3);
    copy.close();
    const other = ProjectionStore.deserialize(
      eventLogProjection({ version: 2 }),
      store.serialize(),
    );
    expect(other.mismatch).toMatch(/v1, code is event-log v2/);
    other.close();
  });

  it('rejects badly named projections', () => {
    expect(() =>
      defineProjection({ name: 'Bad Name', version: 1, schema: '', handlers: {} }),
    ).toThrow(/must match/);
  });

  describe('a file made by another version or schema of the projection', () => {
    let dir: string;
    beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'hitos-projection-store-'))));
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    const logWith = (schemaExtra: string, version = 1) => {
      const base = eventLogProjection({ version });
      return { ...base, schema: `${base.schema}\n${schemaExtra}` };
    };

    it('given a model file, when the projection gains a table under the same version, then the file is started afresh', () => {
      const file = join(dir, 'event-log.sqlite');
      const before = ProjectionStore.openFresh(logWith(''), file);
      expect(applyToStore(before, [recorded(1)], undefined)).toBeNull();
      before.close();

      const same = ProjectionStore.openFresh(logWith('   '), file);
      expect(same.mismatch).toBeNull();
      expect(same.position).toEqual(at(1));
      same.close();

      const grown = logWith('CREATE TABLE note (x INTEGER);');
      const peek = ProjectionStore.openReadonly(grown, file);
      expect(peek.mismatch).toMatch(/another schema/);
      peek.close();
      const again = ProjectionStore.openFresh(grown, file);
      expect(again.mismatch).toBeNull();
      expect(again.position).toBeNull();
      expect(again.db.prepare('SELECT COUNT(*) AS n FROM note').get()).toEqual({ n: 0 });
      again.close();
    });

    it('given a file written before schemas were fingerprinted, then it is started afresh', () => {
      const file = join(dir, 'event-log.sqlite');
      const old = new Database(file);
      old.exec(`${eventLogProjection().schema}
        CREATE TABLE _projection (id INTEGER PRIMARY KEY, name TEXT NOT NULL,
          version INTEGER NOT NULL, commit_position TEXT, prepare_position TEXT,
          events INTEGER NOT NULL DEFAULT 0, updated_at TEXT NOT NULL);
        INSERT INTO _projection VALUES (1, 'event-log', 1, '100', '100', 1, '2026-01-01');`);
      old.close();
      const peek = ProjectionStore.openReadonly(eventLogProjection(), file);
      expect(peek.mismatch).toMatch(/another schema/);
      peek.close();
      const fresh = ProjectionStore.openFresh(eventLogProjection(), file);
      expect(fresh.position).toBeNull();
      fresh.close();
    });
  });
});

describe('ProjectionStore: secondary indexes (Projection.indexes)', () => {
  const INDEXES = 'CREATE INDEX IF NOT EXISTS event_log_type ON event_log (type);';
  const indexesOf = (store: ProjectionStore) =>
    store.db
      .prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND name = 'event_log_type'`)
      .pluck()
      .all();

  it('gives a live model its indexes from the start', () => {
    const store = ProjectionStore.open(eventLogProjection({ indexes: INDEXES }), ':memory:');
    expect(indexesOf(store)).toEqual(['event_log_type']);
    store.close();
  });

  it('leaves them to the end of a rebuild: none while it applies, all after createIndexes', () => {
    const store = ProjectionStore.openForRebuild(
      eventLogProjection({ indexes: INDEXES }),
      ':memory:',
    );
    expect(indexesOf(store)).toEqual([]);
    applyToStore(
      store,
      [1, 2, 3].map((n) => recorded(n)),
      undefined,
    );
    store.createIndexes();
    store.createIndexes();
    expect(indexesOf(store)).toEqual(['event_log_type']);
    expect(store.mismatch).toBeNull();
    store.close();
  });

  it('counts them in the schema fingerprint: a file made without them is rebuilt', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hitos-indexes-'));
    try {
      const file = join(dir, 'event-log.sqlite');
      ProjectionStore.open(eventLogProjection(), file).close();
      const reopened = ProjectionStore.open(eventLogProjection({ indexes: INDEXES }), file);
      expect(reopened.mismatch).toMatch(/another schema/);
      reopened.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
