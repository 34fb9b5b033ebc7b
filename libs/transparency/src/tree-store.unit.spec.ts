import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database, { type Database as SqliteDatabase } from 'better-sqlite3';
import { emptyTreeHash, verifyConsistency, verifyInclusion } from './merkle';
import { hex, mth, path, proof, referenceLeaves } from './testing/rfc6962-reference';
import { TreeStore } from './tree-store';

const open = (file = ':memory:') => {
  const db = new Database(file);
  TreeStore.createTables(db);
  return { db, tree: new TreeStore(db) };
};

const rows = (db: SqliteDatabase) =>
  db.prepare('SELECT count(*) FROM tlog_hash').pluck().get() as number;

const popcount = (n: number) => n.toString(2).replace(/0/g, '').length;

describe('TreeStore', () => {
  let db: SqliteDatabase;
  let tree: TreeStore;
  beforeEach(() => ({ db, tree } = open()));
  afterEach(() => db.close());

  it('starts empty, with the empty tree as its root', () => {
    expect(tree.size()).toBe(0);
    expect(tree.root().equals(emptyTreeHash())).toBe(true);
    expect(tree.consistencyProof(0)).toEqual([]);
  });

  describe('grown to 300 leaves in batches of 1 to 7', () => {
    const leaves = referenceLeaves(300);
    beforeEach(() => {
      let batch = 1;
      for (let at = 0; at < leaves.length; at += batch, batch = (batch % 7) + 1) {
        const appended = leaves.slice(at, at + batch);
        expect(tree.append(appended)).toBe(at + appended.length);
        // Each append leaves the latest root right.
        expect(tree.root().equals(mth(leaves, at + appended.length))).toBe(true);
      }
    });

    it('keeps the root of every prefix', () => {
      expect(tree.size()).toBe(300);
      for (let n = 0; n <= 300; n++) {
        expect([n, tree.root(n).toString('hex')]).toEqual([n, mth(leaves, n).toString('hex')]);
      }
    });

    it('keeps every leaf hash', () => {
      for (let i = 0; i < 300; i++) expect(tree.leafHash(i).equals(leaves[i])).toBe(true);
    });

    it('gives the RFC 6962 audit path of every leaf in every tree size', () => {
      // One assertion at the end: 45,150 expect() calls would take most of the test's time.
      const wrong: string[] = [];
      for (let n = 1; n <= 300; n++) {
        const root = tree.root(n);
        for (let m = 0; m < n; m++) {
          const audit = tree.inclusionProof(m, n);
          if (hex(audit).join() !== hex(path(m, leaves, n)).join()) wrong.push(`${m} in ${n}`);
          if (m % 17 === 0 && !verifyInclusion(leaves[m], m, n, audit, root)) {
            wrong.push(`${m} in ${n} does not verify`);
          }
        }
      }
      expect(wrong).toEqual([]);
    });

    it('gives the RFC 6962 consistency proofs between tree sizes', () => {
      for (let n = 1; n <= 300; n += n < 40 ? 1 : 13) {
        for (let m = 1; m <= n; m++) {
          const consistency = tree.consistencyProof(m, n);
          expect(hex(consistency)).toEqual(hex(proof(m, leaves, n)));
          expect(verifyConsistency(m, n, consistency, tree.root(m), tree.root(n))).toBe(true);
        }
      }
    });

    it('writes 2n − popcount(n) rows: each complete subtree once', () => {
      expect(rows(db)).toBe(2 * 300 - popcount(300));
    });

    it('proves with the whole tree by default', () => {
      expect(tree.inclusionProof(5)).toEqual(tree.inclusionProof(5, 300));
      expect(tree.consistencyProof(5)).toEqual(tree.consistencyProof(5, 300));
    });

    it('refuses sizes and leaves beyond the tree', () => {
      expect(() => tree.root(301)).toThrow(/tree size out of range: 301 \(the tree has 300\)/);
      expect(() => tree.inclusionProof(0, 301)).toThrow(/tree size out of range/);
      expect(() => tree.inclusionProof(300, 300)).toThrow(/leaf outside the tree/);
      expect(() => tree.consistencyProof(1, 301)).toThrow(/tree size out of range/);
      expect(() => tree.leafHash(300)).toThrow(/leaf outside the tree/);
      expect(() => tree.root(-1)).toThrow(RangeError);
    });
  });

  it.each([
    [1023, 1],
    [1024, 1],
    [1025, 1],
    [4097, 1],
    [65_537, 999],
  ])(
    'agrees with the reference at %i leaves, appended %i at a time and in one batch',
    (n, step) => {
      const leaves = referenceLeaves(n);
      const stepwise = open();
      for (let at = 0; at < n; at += step) stepwise.tree.append(leaves.slice(at, at + step));
      tree.append(leaves);
      const root = mth(leaves);
      expect(tree.root().equals(root)).toBe(true);
      expect(stepwise.tree.root().equals(root)).toBe(true);
      expect(rows(stepwise.db)).toBe(rows(db));
      expect(rows(db)).toBe(2 * n - popcount(n));
      for (const m of [0, 1, n >> 1, n - 2, n - 1]) {
        expect(hex(tree.inclusionProof(m))).toEqual(hex(path(m, leaves)));
        if (m < n - 1) {
          expect(hex(tree.inclusionProof(m, n - 1))).toEqual(hex(path(m, leaves, n - 1)));
        }
      }
      for (const m of [1, 2, 3, n >> 1, n - 1]) {
        expect(hex(tree.consistencyProof(m))).toEqual(hex(proof(m, leaves)));
        expect(tree.root(m).equals(mth(leaves, m))).toBe(true);
      }
      stepwise.db.close();
    },
  );

  it("keys each subtree hash by Go's stored hash index (sumdb/tlog StoredHashIndex)", () => {
    const [l0, l1, l2, l3, l4] = referenceLeaves(5);
    tree.append([l0, l1, l2, l3, l4]);
    const stored = db.prepare('SELECT id, hash FROM tlog_hash ORDER BY id').all() as {
      id: number;
      hash: Buffer;
    }[];
    const h01 = mth([l0, l1]);
    const h23 = mth([l2, l3]);
    expect(stored.map(({ id }) => id)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(hex(stored.map(({ hash }) => hash))).toEqual(
      hex([l0, l1, h01, l2, l3, h23, mth([l0, l1, l2, l3]), l4]),
    );
  });

  it('writes nothing when a leaf hash has the wrong length', () => {
    tree.append(referenceLeaves(3));
    const bad = [...referenceLeaves(2, 3), Buffer.alloc(31)];
    expect(() => tree.append(bad)).toThrow(/invalid leaf hash at 2: expected 32 bytes/);
    expect(tree.size()).toBe(3);
    expect(rows(db)).toBe(2 * 3 - popcount(3));
  });

  it("follows the caller's transaction, rollback included", () => {
    const leaves = referenceLeaves(12);
    tree.append(leaves.slice(0, 5));
    const failing = db.transaction(() => {
      tree.append(leaves.slice(5, 9));
      expect(tree.size()).toBe(9);
      throw new Error('the projection failed');
    });
    expect(() => failing()).toThrow('the projection failed');
    expect(tree.size()).toBe(5);
    db.transaction(() => tree.append(leaves.slice(5)))();
    expect(tree.root().equals(mth(leaves))).toBe(true);
  });

  it('stops, rather than overwrite, on rows the size does not count', () => {
    tree.append(referenceLeaves(4));
    // What an append outside a transaction could leave behind if it failed halfway.
    db.prepare('INSERT INTO tlog_hash (id, hash) VALUES (7, ?)').run(Buffer.alloc(32));
    expect(() => tree.append(referenceLeaves(1, 4))).toThrow(/UNIQUE constraint failed/);
    expect(tree.size()).toBe(4);
  });

  it('is the same tree when the file is opened again', () => {
    const directory = mkdtempSync(join(tmpdir(), 'hitos-tlog-'));
    try {
      const file = join(directory, 'tree.sqlite');
      const leaves = referenceLeaves(100);
      const first = open(file);
      first.tree.append(leaves.slice(0, 60));
      first.db.close();
      const second = open(file);
      expect(second.tree.size()).toBe(60);
      second.tree.append(leaves.slice(60));
      expect(second.tree.root().equals(mth(leaves))).toBe(true);
      second.db.close();
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it('reports a missing table instead of guessing', () => {
    const bare = new Database(':memory:');
    expect(() => new TreeStore(bare)).toThrow(/no such table/);
    bare.close();
  });
});
