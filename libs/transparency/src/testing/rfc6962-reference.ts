import { createHash } from 'node:crypto';

/*
 * RFC 6962's definitions (§2.1 MTH, §2.1.1 PATH, §2.1.2 PROOF/SUBPROOF) written out literally
 * over an array of leaf hashes, sharing no code with the library: the reference the specs
 * compare the library's trees and proofs with. D[lo:hi] is passed as the array and its bounds
 * rather than as a copy, so that checking every proof of a tree of hundreds of leaves stays
 * fast; the recursion is the RFC's.
 */

const sha = (...parts: Buffer[]) => createHash('sha256').update(Buffer.concat(parts)).digest();

/** k: the largest power of two smaller than n (n > 1). */
const split = (n: number) => 2 ** Math.ceil(Math.log2(n) - 1);

/** MTH(D[lo:hi]) remembered per array, so a subtree is hashed once per test. */
const known = new WeakMap<Buffer[], Map<string, Buffer>>();

function mthOf(d: Buffer[], lo: number, hi: number): Buffer {
  const n = hi - lo;
  if (n === 0) return sha();
  if (n === 1) return d[lo];
  let memo = known.get(d);
  if (!memo) known.set(d, (memo = new Map()));
  const key = `${lo}/${hi}`;
  let hash = memo.get(key);
  if (!hash) {
    const k = split(n);
    hash = sha(Buffer.from([1]), mthOf(d, lo, lo + k), mthOf(d, lo + k, hi));
    memo.set(key, hash);
  }
  return hash;
}

function pathOf(m: number, d: Buffer[], lo: number, hi: number): Buffer[] {
  if (hi - lo === 1) return [];
  const k = split(hi - lo);
  return m < k
    ? [...pathOf(m, d, lo, lo + k), mthOf(d, lo + k, hi)]
    : [...pathOf(m - k, d, lo + k, hi), mthOf(d, lo, lo + k)];
}

function subproofOf(m: number, d: Buffer[], lo: number, hi: number, b: boolean): Buffer[] {
  if (m === hi - lo) return b ? [] : [mthOf(d, lo, hi)];
  const k = split(hi - lo);
  return m <= k
    ? [...subproofOf(m, d, lo, lo + k, b), mthOf(d, lo + k, hi)]
    : [...subproofOf(m - k, d, lo + k, hi, false), mthOf(d, lo, lo + k)];
}

/** MTH(D[lo:hi]). */
export const mthRange = (d: Buffer[], lo: number, hi: number) => mthOf(d, lo, hi);

/** MTH of the first `n` leaves of `d` (all of them by default). */
export const mth = (d: Buffer[], n = d.length) => mthOf(d, 0, n);

/** PATH(m, D[n]) over the first `n` leaves of `d`. */
export const path = (m: number, d: Buffer[], n = d.length) => pathOf(m, d, 0, n);

/** PROOF(m, D[n]) = SUBPROOF(m, D[n], true) over the first `n` leaves of `d`, 0 < m ≤ n. */
export const proof = (m: number, d: Buffer[], n = d.length) => subproofOf(m, d, 0, n, true);

/** Distinct leaf hashes, SHA-256(0x00 ‖ "leaf i"), computed without the library. */
export const referenceLeaves = (n: number, from = 0) =>
  Array.from({ length: n }, (_, i) => sha(Buffer.from([0]), Buffer.from(`leaf ${from + i}`)));

export const hex = (hashes: Buffer[]) => hashes.map((h) => h.toString('hex'));
