import Database from 'better-sqlite3';
import { CompactRange } from './compact-range';
import { emptyTreeHash, treeHash } from './merkle';
import { hex, mth, referenceLeaves } from './testing/rfc6962-reference';
import { TreeStore } from './tree-store';

describe('CompactRange', () => {
  it('given no leaf, then its root is the empty tree’s', () => {
    expect(CompactRange.empty().root()).toEqual(emptyTreeHash());
    expect(CompactRange.empty().size).toBe(0);
  });

  it('given leaves one by one, then every root is RFC 6962’s MTH and the tree store’s', () => {
    const leaves = referenceLeaves(300);
    const db = new Database(':memory:');
    TreeStore.createTables(db);
    const tree = new TreeStore(db);
    tree.append(leaves);
    const range = CompactRange.empty();
    const roots: Buffer[] = [];
    const expected: Buffer[] = [];
    for (const [i, leaf] of leaves.entries()) {
      range.push(leaf);
      expect(range.size).toBe(i + 1);
      roots.push(range.root());
      expected.push(mth(leaves, i + 1));
      expect(range.root()).toEqual(treeHash(i + 1, tree));
    }
    expect(hex(roots)).toEqual(hex(expected));
    db.close();
  });

  it('given a clone, then each goes on on its own', () => {
    const leaves = referenceLeaves(40);
    const range = CompactRange.empty();
    leaves.slice(0, 13).forEach((leaf) => range.push(leaf));
    const copy = range.clone();
    leaves.slice(13).forEach((leaf) => range.push(leaf));
    expect(copy.size).toBe(13);
    expect(copy.root()).toEqual(mth(leaves, 13));
    leaves.slice(13, 29).forEach((leaf) => copy.push(leaf));
    expect(copy.root()).toEqual(mth(leaves, 29));
    expect(range.root()).toEqual(mth(leaves, 40));
  });

  it('holds one hash per bit set in its size: flat memory over a million leaves', () => {
    const range = CompactRange.empty();
    const leaf = referenceLeaves(1)[0];
    const held = (r: CompactRange) => (r as unknown as { hashes: Buffer[] }).hashes.length;
    let most = 0;
    for (let i = 0; i < 1 << 20; i++) {
      range.push(leaf);
      if ((i & 0xffff) === 0xffff || i === (1 << 20) - 2) most = Math.max(most, held(range));
    }
    expect(range.size).toBe(1 << 20);
    expect(held(range)).toBe(1); // 2^20: one complete tree
    expect(most).toBeLessThanOrEqual(20);
  });

  it('refuses what is not a 32-byte hash', () => {
    expect(() => CompactRange.empty().push(Buffer.alloc(31))).toThrow(TypeError);
  });
});
