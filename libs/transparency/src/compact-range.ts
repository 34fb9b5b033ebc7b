import { HASH_SIZE, emptyTreeHash, nodeHash } from './merkle';

/**
 * The RFC 6962 root of a growing list of leaf hashes, in O(log n) memory: the hashes of the
 * complete subtrees along the tree's right edge, one per bit set in the size, largest first
 * (a "compact range" [0, n) in the terms of transparency-dev/merkle). Appending a leaf merges
 * the subtrees its index completes; the root folds them from the right. A verifier streaming a
 * million leaves holds about twenty hashes.
 */
export class CompactRange {
  private constructor(
    private count: number,
    private readonly hashes: Buffer[],
  ) {}

  /** An empty range: the tree of no leaves. */
  static empty(): CompactRange {
    return new CompactRange(0, []);
  }

  /** Leaves appended so far. */
  get size(): number {
    return this.count;
  }

  /** Appends one leaf hash (see `leafHash`); the range keeps a copy. */
  push(leaf: Uint8Array): void {
    if (!(leaf instanceof Uint8Array) || leaf.length !== HASH_SIZE) {
      throw new TypeError(`hash de hoja inválido / invalid leaf hash: expected ${HASH_SIZE} bytes`);
    }
    let hash: Buffer = Buffer.from(leaf);
    // Each trailing 1 bit of the index closes a subtree one level up.
    for (let rest = this.count; rest % 2 === 1; rest = (rest - 1) / 2) {
      hash = nodeHash(this.hashes.pop()!, hash);
    }
    this.hashes.push(hash);
    this.count++;
  }

  /** The RFC 6962 root of the leaves so far (the empty tree's hash for none). */
  root(): Buffer {
    if (this.hashes.length === 0) return emptyTreeHash();
    let hash = this.hashes[this.hashes.length - 1];
    for (let i = this.hashes.length - 2; i >= 0; i--) hash = nodeHash(this.hashes[i], hash);
    return hash;
  }

  /** An independent copy: appending to one does not change the other. */
  clone(): CompactRange {
    return new CompactRange(this.count, [...this.hashes]);
  }
}
