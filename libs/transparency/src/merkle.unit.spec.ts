import { createHash } from 'node:crypto';
import {
  consistencyProof,
  emptyTreeHash,
  inclusionProof,
  leafHash,
  nodeHash,
  treeHash,
  verifyConsistency,
  verifyInclusion,
  type SubtreeHashReader,
} from './merkle';
import {
  hex,
  mth,
  mthRange,
  path,
  proof as subproofOf,
  referenceLeaves,
} from './testing/rfc6962-reference';

const sha = (...parts: Buffer[]) => createHash('sha256').update(Buffer.concat(parts)).digest();
const leaves = (n: number) => referenceLeaves(n);

/** Hashes the asked subtree from the leaves, so the reader cannot be wrong in the same way. */
const readerOf = (d: Buffer[]): SubtreeHashReader & { reads: number } => {
  const reader = {
    reads: 0,
    subtreeHash(level: number, index: number) {
      reader.reads++;
      const width = 2 ** level;
      if ((index + 1) * width > d.length) throw new Error(`incomplete subtree ${level}/${index}`);
      return mthRange(d, index * width, (index + 1) * width);
    },
  };
  return reader;
};

const flip = (proof: Buffer[], i: number, bit = 0) =>
  proof.map((h, j) => {
    if (j !== i) return h;
    const copy = Buffer.from(h);
    copy[bit % 32] ^= 1 << (bit % 8);
    return copy;
  });

describe('RFC 6962 hashes', () => {
  it('prefixes leaves with 0x00 and nodes with 0x01', () => {
    expect(leafHash(Buffer.from('abc')).equals(sha(Buffer.from([0]), Buffer.from('abc')))).toBe(
      true,
    );
    const [a, b] = leaves(2);
    expect(nodeHash(a, b).equals(sha(Buffer.from([1]), a, b))).toBe(true);
    expect(emptyTreeHash().toString('hex')).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
  });

  it('gives the roots of the Certificate Transparency test vectors', () => {
    const data = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657'];
    data.push('606162636465666768696a6b6c6d6e6f');
    const d = data.map((hex) => leafHash(Buffer.from(hex, 'hex')));
    const roots = [
      '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
      'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
      'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
      '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
      '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
      'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
      '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
    ];
    const reader = readerOf(d);
    roots.forEach((root, i) => expect(treeHash(i + 1, reader).toString('hex')).toBe(root));
  });
});

describe('proofs', () => {
  const all = leaves(70);
  const reader = readerOf(all);

  it('computes the same roots and audit paths as the RFC 6962 definitions', () => {
    for (let n = 0; n <= 70; n++) {
      const root = treeHash(n, reader);
      expect(root.equals(mth(all, n))).toBe(true);
      for (let m = 0; m < n; m++) {
        const proof = inclusionProof(m, n, reader);
        expect(hex(proof)).toEqual(hex(path(m, all, n)));
        expect(verifyInclusion(all[m], m, n, proof, root)).toBe(true);
      }
    }
  });

  it('computes the same consistency proofs as the RFC 6962 definitions', () => {
    for (let n = 1; n <= 70; n++) {
      const root = treeHash(n, reader);
      for (let m = 1; m <= n; m++) {
        const proof = consistencyProof(m, n, reader);
        expect(hex(proof)).toEqual(hex(subproofOf(m, all, n)));
        expect(verifyConsistency(m, n, proof, treeHash(m, reader), root)).toBe(true);
      }
    }
  });

  it('reads O(log n) subtree hashes for a proof', () => {
    const counting = readerOf(all);
    inclusionProof(37, 70, counting);
    expect(counting.reads).toBeLessThanOrEqual(2 * Math.ceil(Math.log2(70)));
    counting.reads = 0;
    consistencyProof(37, 69, counting);
    expect(counting.reads).toBeLessThanOrEqual(3 * Math.ceil(Math.log2(70)));
  });

  it('rejects every inclusion proof with a changed hash, index or root, or for another tree', () => {
    for (const n of [1, 2, 3, 5, 7, 8, 9, 16, 21]) {
      const root = treeHash(n, reader);
      for (let m = 0; m < n; m++) {
        const proof = inclusionProof(m, n, reader);
        for (let i = 0; i < proof.length; i++) {
          expect(verifyInclusion(all[m], m, n, flip(proof, i, m + i), root)).toBe(false);
        }
        expect(verifyInclusion(all[m], m, n, proof, flip([root], 0)[0])).toBe(false);
        expect(verifyInclusion(flip([all[m]], 0)[0], m, n, proof, root)).toBe(false);
        expect(verifyInclusion(all[m], m + 1, n, proof, root)).toBe(false);
        const next = treeHash(n + 1, reader);
        expect(verifyInclusion(all[m], m, n + 1, proof, next)).toBe(false);
        expect(verifyInclusion(all[m], m, n, [...proof, all[0]], root)).toBe(false);
        if (proof.length > 0) {
          expect(verifyInclusion(all[m], m, n, proof.slice(0, -1), root)).toBe(false);
        }
      }
    }
  });

  it('rejects every consistency proof with a changed hash or root, or for another tree', () => {
    for (const n of [2, 3, 5, 7, 8, 9, 16, 21]) {
      const root = treeHash(n, reader);
      for (let m = 1; m < n; m++) {
        const old = treeHash(m, reader);
        const proof = consistencyProof(m, n, reader);
        for (let i = 0; i < proof.length; i++) {
          expect(verifyConsistency(m, n, flip(proof, i, m + i), old, root)).toBe(false);
        }
        expect(verifyConsistency(m, n, proof, flip([old], 0)[0], root)).toBe(false);
        expect(verifyConsistency(m, n, proof, old, flip([root], 0)[0])).toBe(false);
        expect(verifyConsistency(m, n + 1, proof, old, treeHash(n + 1, reader))).toBe(false);
        expect(verifyConsistency(m, n, [...proof, all[0]], old, root)).toBe(false);
        expect(verifyConsistency(m, n, proof.slice(0, -1), old, root)).toBe(false);
        expect(verifyConsistency(n, m, proof, root, old)).toBe(false);
      }
    }
  });

  it('treats size 0 and equal sizes as trivially consistent, with matching roots only', () => {
    const root = treeHash(5, reader);
    expect(consistencyProof(0, 5, reader)).toEqual([]);
    expect(consistencyProof(5, 5, reader)).toEqual([]);
    expect(verifyConsistency(0, 5, [], emptyTreeHash(), root)).toBe(true);
    expect(verifyConsistency(0, 5, [], root, root)).toBe(false);
    expect(verifyConsistency(5, 5, [], root, root)).toBe(true);
    expect(verifyConsistency(5, 5, [], root, treeHash(4, reader))).toBe(false);
    expect(verifyConsistency(5, 5, [root], root, root)).toBe(false);
  });

  it('answers false, not an exception, to arguments that prove nothing', () => {
    const root = treeHash(4, reader);
    const proof = inclusionProof(1, 4, reader);
    expect(verifyInclusion(all[1], -1, 4, proof, root)).toBe(false);
    expect(verifyInclusion(all[1], 1.5, 4, proof, root)).toBe(false);
    expect(verifyInclusion(all[1], 4, 4, proof, root)).toBe(false);
    expect(verifyInclusion(all[1], 1, 4, [proof[0].subarray(1), proof[1]], root)).toBe(false);
    expect(verifyInclusion(all[1], 1, 4, proof, root.subarray(0, 31))).toBe(false);
    expect(verifyConsistency(NaN, 4, [], root, root)).toBe(false);
  });

  it('refuses to prove what is not in the tree', () => {
    expect(() => inclusionProof(5, 5, reader)).toThrow(/leaf outside the tree/);
    expect(() => consistencyProof(6, 5, reader)).toThrow(/sizes out of order/);
    expect(() => treeHash(-1, reader)).toThrow(RangeError);
  });
});
