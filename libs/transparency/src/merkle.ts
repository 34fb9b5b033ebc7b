import * as crypto from 'node:crypto';

/** Bytes in a hash: the log's hash is SHA-256. */
export const HASH_SIZE = 32;

/** SHA-256 in one call where Node has `crypto.hash` (20.12 and later): a third faster. */
const sha256: (data: Uint8Array) => Buffer =
  typeof crypto.hash === 'function'
    ? (data) => crypto.hash('sha256', data, 'buffer')
    : (data) => crypto.createHash('sha256').update(data).digest();

/** The RFC 6962 hash of a leaf: SHA-256(0x00 ‖ bytes). */
export function leafHash(bytes: Uint8Array): Buffer {
  return crypto.createHash('sha256').update(LEAF_PREFIX).update(bytes).digest();
}

/** The RFC 6962 hash of an interior node: SHA-256(0x01 ‖ left ‖ right). */
export function nodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  if (left.length !== HASH_SIZE || right.length !== HASH_SIZE) {
    return crypto.createHash('sha256').update(NODE_PREFIX).update(left).update(right).digest();
  }
  // Hashing is synchronous, so one scratch buffer serves every call.
  NODE_INPUT.set(left, 1);
  NODE_INPUT.set(right, 1 + HASH_SIZE);
  return sha256(NODE_INPUT);
}

/** The root of the empty tree (RFC 6962: the SHA-256 of the empty string). */
export function emptyTreeHash(): Buffer {
  return sha256(new Uint8Array(0));
}

const LEAF_PREFIX = Buffer.from([0x00]);
const NODE_PREFIX = Buffer.from([0x01]);
const NODE_INPUT = Buffer.concat([NODE_PREFIX, Buffer.alloc(2 * HASH_SIZE)]);

/**
 * Where proofs read hashes from: the hash of the complete subtree of 2^level leaves that starts
 * at leaf index × 2^level. Only complete subtrees are asked for, so a store can keep each one
 * once, when its last leaf arrives, and never rewrite it.
 */
export interface SubtreeHashReader {
  subtreeHash(level: number, index: number): Buffer;
}

/** The root of the first `size` leaves, read in O(log size) subtree hashes. */
export function treeHash(size: number, reader: SubtreeHashReader): Buffer {
  assertCount(size, 'size');
  return size === 0 ? emptyTreeHash() : rangeHash(0, size, reader);
}

/**
 * The RFC 6962 audit path (RFC 9162 §2.1.3.1) of leaf `index` in the tree of `size` leaves:
 * the sibling hashes from the leaf up to the root.
 */
export function inclusionProof(index: number, size: number, reader: SubtreeHashReader): Buffer[] {
  assertCount(index, 'index');
  assertCount(size, 'size');
  if (index >= size) {
    throw new RangeError(
      `hoja fuera del árbol / leaf outside the tree: index ${index} >= size ${size}`,
    );
  }
  const proof: Buffer[] = [];
  pathTo(index, 0, size, reader, proof);
  return proof;
}

/**
 * The RFC 6962 consistency proof (RFC 9162 §2.1.4.1) that the tree of `from` leaves is a prefix
 * of the tree of `to` leaves. Empty when `from` is 0 or equals `to`.
 */
export function consistencyProof(from: number, to: number, reader: SubtreeHashReader): Buffer[] {
  assertCount(from, 'from');
  assertCount(to, 'to');
  if (from > to) {
    throw new RangeError(`tamaños en orden inverso / sizes out of order: from ${from} > to ${to}`);
  }
  const proof: Buffer[] = [];
  if (from > 0 && from < to) subproof(from, 0, to, true, reader, proof);
  return proof;
}

/**
 * Whether `proof` shows that `leaf` (a leaf hash) is leaf `index` of the tree of `size` leaves
 * whose root is `root` (RFC 9162 §2.1.3.2). Never throws: any argument that does not prove
 * the claim (a bad index, a hash of the wrong length, a proof too short or too long) gives false.
 */
export function verifyInclusion(
  leaf: Uint8Array,
  index: number,
  size: number,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): boolean {
  if (!isCount(index) || !isCount(size) || index >= size) return false;
  if (!isHash(leaf) || !isHash(root) || !Array.isArray(proof) || !proof.every(isHash)) {
    return false;
  }
  let fn = index;
  let sn = size - 1;
  let r: Buffer = Buffer.from(leaf);
  for (const p of proof) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      while (fn % 2 === 0 && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && r.equals(root);
}

/**
 * Whether `proof` shows that the tree of `size1` leaves with root `root1` is a prefix of the
 * tree of `size2` leaves with root `root2` (RFC 9162 §2.1.4.2). Equal sizes need an empty proof
 * and equal roots; size 0 needs an empty proof and the empty tree's root as `root1`. Never
 * throws, like {@link verifyInclusion}.
 */
export function verifyConsistency(
  size1: number,
  size2: number,
  proof: readonly Uint8Array[],
  root1: Uint8Array,
  root2: Uint8Array,
): boolean {
  if (!isCount(size1) || !isCount(size2) || size1 > size2) return false;
  if (!isHash(root1) || !isHash(root2) || !Array.isArray(proof) || !proof.every(isHash)) {
    return false;
  }
  if (size1 === 0) return proof.length === 0 && emptyTreeHash().equals(root1);
  if (size1 === size2) return proof.length === 0 && Buffer.from(root1).equals(root2);
  if (proof.length === 0) return false;

  const path = isPowerOfTwo(size1) ? [root1, ...proof] : [...proof];
  let fn = size1 - 1;
  let sn = size2 - 1;
  while (fn % 2 === 1) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr: Buffer = Buffer.from(path[0]);
  let sr: Buffer = Buffer.from(path[0]);
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      while (fn % 2 === 0 && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && fr.equals(root1) && sr.equals(root2);
}

/** RFC 6962 PATH(index, D[lo:hi]), appended to `proof` leaf-side first. */
function pathTo(
  index: number,
  lo: number,
  hi: number,
  reader: SubtreeHashReader,
  proof: Buffer[],
): void {
  if (hi - lo === 1) return;
  const split = lo + largestPowerOfTwoBelow(hi - lo);
  if (index < split) {
    pathTo(index, lo, split, reader, proof);
    proof.push(rangeHash(split, hi, reader));
  } else {
    pathTo(index, split, hi, reader, proof);
    proof.push(rangeHash(lo, split, reader));
  }
}

/**
 * RFC 6962 SUBPROOF(m, D[lo:hi], whole), appended to `proof`: `whole` says D[lo:hi] starts at
 * the first leaf, so that a prefix of exactly m leaves is the old root the verifier holds.
 */
function subproof(
  m: number,
  lo: number,
  hi: number,
  whole: boolean,
  reader: SubtreeHashReader,
  proof: Buffer[],
): void {
  if (lo + m === hi) {
    if (!whole) proof.push(rangeHash(lo, hi, reader));
    return;
  }
  const k = largestPowerOfTwoBelow(hi - lo);
  if (m <= k) {
    subproof(m, lo, lo + k, whole, reader, proof);
    proof.push(rangeHash(lo + k, hi, reader));
  } else {
    subproof(m - k, lo + k, hi, false, reader, proof);
    proof.push(rangeHash(lo, lo + k, reader));
  }
}

/**
 * MTH(D[lo:hi]) for a range that is a node of some RFC 6962 tree (`lo` a multiple of the
 * smallest power of two ≥ hi − lo): the complete subtrees it splits into, largest first, folded
 * from the right.
 */
function rangeHash(lo: number, hi: number, reader: SubtreeHashReader): Buffer {
  const parts: Buffer[] = [];
  while (lo < hi) {
    let width = 1;
    let level = 0;
    while (width * 2 <= hi - lo) {
      width *= 2;
      level++;
    }
    if (lo % width !== 0) throw new Error(`misaligned range [${lo}, ${hi})`);
    parts.push(reader.subtreeHash(level, lo / width));
    lo += width;
  }
  let hash = parts[parts.length - 1];
  for (let i = parts.length - 2; i >= 0; i--) hash = nodeHash(parts[i], hash);
  return hash;
}

/** The largest power of two strictly below n (n ≥ 2): RFC 6962's split point k. */
function largestPowerOfTwoBelow(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

function isPowerOfTwo(n: number): boolean {
  while (n > 1 && n % 2 === 0) n /= 2;
  return n === 1;
}

const half = (n: number) => Math.floor(n / 2);

const isCount = (n: unknown): n is number => Number.isSafeInteger(n) && (n as number) >= 0;

const isHash = (h: unknown): h is Uint8Array => h instanceof Uint8Array && h.length === HASH_SIZE;

function assertCount(n: number, what: string): void {
  if (!isCount(n)) {
    throw new RangeError(
      `se esperaba un entero no negativo / expected a non-negative integer: ${what} = ${String(n)}`,
    );
  }
}
