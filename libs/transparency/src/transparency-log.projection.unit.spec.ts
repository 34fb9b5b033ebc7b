import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ProjectionStore,
  applyToStore,
  rebuildProjection,
  type RecordedInAll,
} from '@hitos/projections';
import { leafBytes } from './leaf';
import { LeafHashPool } from './leaf-hash-pool';
import { leafHash } from './merkle';
import { HistoryBuilder } from './testing/memory-history';
import {
  CHECKPOINT_STREAM,
  leafHashPreparer,
  transparencyLogProjection,
} from './transparency-log.projection';
import { latestCheckpoint, leafOfEvent } from './transparency-log.queries';
import { treeOf } from './tree-store';

let n = 0;
function recorded(
  streamId: string,
  type: string,
  data: unknown,
  metadata?: unknown,
): RecordedInAll {
  n++;
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    type,
    streamId,
    revision: BigInt(n % 5),
    data,
    metadata,
    created: new Date('2026-11-24T15:00:00.000Z'),
    at: { commit: String(n * 100), prepare: String(n * 100) },
  };
}

/** RFC 6962's MTH, straight from its definition. */
function mth(leaves: Buffer[]): Buffer {
  if (leaves.length === 0) return createHash('sha256').digest();
  if (leaves.length === 1) return leaves[0];
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return createHash('sha256')
    .update(Buffer.from([1]))
    .update(mth(leaves.slice(0, k)))
    .update(mth(leaves.slice(k)))
    .digest();
}

describe('transparency-log projection', () => {
  let store: ProjectionStore;
  beforeEach(() => {
    store = ProjectionStore.open(transparencyLogProjection, ':memory:');
  });
  afterEach(() => store.close());

  it('given events of any stream, then every one but system and checkpoint events is a leaf, in $all order', () => {
    const events = [
      recorded(
        'commitment-c1',
        'CommitmentDrafted',
        { title: 'Uno' },
        { integrity: { hash: 'x' }, actor: 'a' },
      ),
      recorded('$settings', '$metadata', { x: 1 }),
      recorded('anything-else', 'WrittenAroundHitos', new Uint8Array([1, 2, 3])),
      recorded(CHECKPOINT_STREAM, 'CheckpointSigned', {
        origin: 'o',
        treeSize: 2,
        root: 'cm9vdA==',
        note: 'o\n2\ncm9vdA==\n\n— o AAAA\n',
        signedAt: '2026-11-24T15:00:00.000Z',
      }),
      recorded('plan-p1', 'ActionPlanRegistered', { code: 'P' }),
    ];
    // An upcaster that would change every event: the log must commit to the stored bytes.
    const upcasters = { upcast: () => ({ changed: true }) } as never;
    expect(applyToStore(store, events, upcasters)).toBeNull();

    const leaves = [events[0], events[2], events[4]].map((e) =>
      leafHash(
        leafBytes({
          stream: e.streamId,
          revision: e.revision,
          id: e.id,
          type: e.type,
          data: e.data instanceof Uint8Array ? Buffer.from(e.data).toString('base64') : e.data,
          metadata: e.metadata ?? {},
        }),
      ),
    );
    const tree = treeOf(store.db);
    expect(tree.size()).toBe(3);
    expect(tree.root().equals(mth(leaves))).toBe(true);
    expect(leafOfEvent(store.db, events[4].id)).toEqual({
      leafIndex: 2,
      eventId: events[4].id,
      stream: 'plan-p1',
      revision: Number(events[4].revision),
      position: events[4].at.commit,
      recordedAt: '2026-11-24T15:00:00.000Z',
    });
    expect(leafOfEvent(store.db, events[1].id)).toBeNull();
    expect(latestCheckpoint(store.db)).toMatchObject({ treeSize: 2, origin: 'o' });
  });

  it('given a tombstone and metadata that is not an object, then leaves exactly as stored', () => {
    const tombstone = {
      ...recorded('commitment-borrado', '$streamDeleted', {}),
      revision: 2n ** 63n - 1n,
    };
    const odd = recorded('anything-else', 'Odd', { x: 1 }, new Uint8Array([7, 8]));
    expect(applyToStore(store, [tombstone, odd], undefined)).toBeNull();
    const expected = [
      leafBytes({
        stream: 'commitment-borrado',
        revision: '9223372036854775807',
        id: tombstone.id,
        type: '$streamDeleted',
        data: {},
        metadata: {},
      }),
      leafBytes({
        stream: 'anything-else',
        revision: odd.revision,
        id: odd.id,
        type: 'Odd',
        data: { x: 1 },
        metadata: Buffer.from([7, 8]).toString('base64'),
      }),
    ].map(leafHash);
    expect(treeOf(store.db).root().equals(mth(expected))).toBe(true);
    expect(leafOfEvent(store.db, tombstone.id)?.leafIndex).toBe(0);
  });

  it('given the same history in one batch or event by event, then the same tree', () => {
    const events = Array.from({ length: 40 }, (_, i) =>
      recorded(`commitment-c${i % 3}`, 'Noted', { i }, { recordedAt: '2026-11-24T15:00:00.000Z' }),
    );
    applyToStore(store, events, undefined);
    const one = ProjectionStore.open(transparencyLogProjection, ':memory:');
    for (const event of events) applyToStore(one, [event], undefined);
    expect(treeOf(one.db).root().equals(treeOf(store.db).root())).toBe(true);
    expect(treeOf(one.db).size()).toBe(40);
    one.close();
  });
});

describe('the transparency log rebuilt with its leaves hashed on worker threads', () => {
  it('holds the same tree, leaves and checkpoints as the log applied on this thread', async () => {
    const h = new HistoryBuilder();
    h.commitments(3000);
    h.checkpoint();
    h.commitments(3000);
    h.raw('commitment-x', 'Raw', { i: 1 });
    h.events.push({
      ...h.events[10],
      id: '00000000-0000-4000-8000-00000000b17e',
      streamId: 'evidence-bytes',
      revision: 0n,
      data: new Uint8Array([0, 1, 250]),
      isJson: false,
      position: { commit: 10n ** 12n, prepare: 10n ** 12n },
    });
    const directory = mkdtempSync(join(tmpdir(), 'hitos-tlog-rebuild-'));
    const pooled = jest.spyOn(LeafHashPool.prototype, 'leafHashes');
    try {
      const report = await rebuildProjection({
        store: h.store,
        // With workers whatever the machine (by default, none on two cores).
        projection: { ...transparencyLogProjection, preparer: () => leafHashPreparer(1) },
        directory,
        streamPrefixes: [''],
      });
      expect(report.events).toBe(h.events.length);
      // Past the first pages, every page went to the workers.
      expect(pooled.mock.calls.length).toBeGreaterThanOrEqual(4);
      const rebuilt = ProjectionStore.openReadonly(transparencyLogProjection, report.file);
      const applied = h.logDatabase();
      const rows = (store: ProjectionStore, sql: string) => store.db.prepare(sql).all();
      for (const sql of [
        'SELECT * FROM tlog_leaf ORDER BY leaf_index',
        'SELECT * FROM tlog_hash ORDER BY id',
        'SELECT * FROM tlog_size',
        'SELECT * FROM tlog_checkpoint',
      ]) {
        expect(rows(rebuilt, sql)).toEqual(rows(applied, sql));
      }
      expect(treeOf(rebuilt.db).size()).toBeGreaterThan(6000);
      expect(treeOf(rebuilt.db).root()).toEqual(treeOf(applied.db).root());
      rebuilt.close();
      applied.close();
    } finally {
      pooled.mockRestore();
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
