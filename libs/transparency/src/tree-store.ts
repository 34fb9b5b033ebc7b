import type { Database, Statement } from 'better-sqlite3';
import {
  HASH_SIZE,
  consistencyProof,
  inclusionProof,
  nodeHash,
  treeHash,
  type SubtreeHashReader,
} from './merkle';

/**
 * The tables of a tree: every complete subtree's hash once, keyed by its place in the order in
 * which appends complete them (the "stored hash index" of Go's sumdb/tlog and of Crosby and
 * Wallach's history trees), and the number of leaves.
 */
export const TREE_TABLES = `
  CREATE TABLE IF NOT EXISTS tlog_hash (
    id INTEGER PRIMARY KEY,
    hash BLOB NOT NULL CHECK (length(hash) = ${HASH_SIZE})
  );
  CREATE TABLE IF NOT EXISTS tlog_size (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    size INTEGER NOT NULL CHECK (size >= 0)
  );
  INSERT OR IGNORE INTO tlog_size (id, size) VALUES (1, 0);
`;

/**
 * An RFC 6962 Merkle tree kept in a SQLite database that the caller owns. Appending leaf k
 * writes its hash and the hash of every subtree it completes (two rows per leaf on average,
 * in increasing key order); a root or a proof reads O(log n) rows. Nothing is cached between
 * calls and no call opens a transaction, so the store follows whatever transaction the caller
 * runs it in, rollbacks included.
 */
export class TreeStore implements SubtreeHashReader {
  private readonly readSize: Statement<[], number>;
  private readonly writeSize: Statement<[number]>;
  private readonly readHash: Statement<[number], Buffer>;
  private readonly writeHash: Statement<[number, Buffer]>;
  private readonly writeHashes: Statement<(number | Buffer)[]>;

  /** Creates the store's tables (`tlog_hash`, `tlog_size`) if they are missing. */
  static createTables(db: Database): void {
    db.exec(TREE_TABLES);
  }

  /** A store over tables made by {@link TreeStore.createTables}. */
  constructor(db: Database) {
    this.readSize = db.prepare<[], number>('SELECT size FROM tlog_size WHERE id = 1').pluck();
    this.writeSize = db.prepare<[number]>('UPDATE tlog_size SET size = ? WHERE id = 1');
    this.readHash = db.prepare<[number], Buffer>('SELECT hash FROM tlog_hash WHERE id = ?').pluck();
    this.writeHash = db.prepare<[number, Buffer]>('INSERT INTO tlog_hash (id, hash) VALUES (?, ?)');
    this.writeHashes = db.prepare<(number | Buffer)[]>(
      `INSERT INTO tlog_hash (id, hash) VALUES ${Array(ROWS_PER_INSERT).fill('(?, ?)').join(', ')}`,
    );
  }

  /** The number of leaves. */
  size(): number {
    const size = this.readSize.get();
    if (size === undefined) {
      throw new Error('tabla tlog_size vacía / tlog_size has no row: run TreeStore.createTables');
    }
    return size;
  }

  /**
   * Appends leaf hashes (see `leafHash`) in order and returns the new size. Run it inside a
   * transaction: without one, a failure halfway leaves rows that the size does not count, and
   * the next append stops on them (a loud failure, rather than a silently rewritten tree).
   */
  append(leafHashes: readonly Uint8Array[]): number {
    for (const [i, hash] of leafHashes.entries()) {
      if (!(hash instanceof Uint8Array) || hash.length !== HASH_SIZE) {
        throw new TypeError(
          `hash de hoja inválido / invalid leaf hash at ${i}: expected ${HASH_SIZE} bytes`,
        );
      }
    }
    const start = this.size();
    if (leafHashes.length === 0) return start;

    // The complete subtrees along the tree's right edge, by level: one per bit set in the size.
    const edge: Buffer[] = [];
    for (let level = 0, rest = start; rest > 0; level++, rest = Math.floor(rest / 2)) {
      if (rest % 2 === 1) edge[level] = this.subtreeHash(level, rest - 1);
    }
    // Rows go out ROWS_PER_INSERT at a time: one statement per row costs twice as much.
    const pending: (number | Buffer)[] = [];
    const write = (id: number, hash: Buffer) => {
      pending.push(id, hash);
      if (pending.length === 2 * ROWS_PER_INSERT) {
        this.writeHashes.run(...pending);
        pending.length = 0;
      }
    };
    let id = storedHashCount(start);
    let index = start;
    for (const leaf of leafHashes) {
      let hash = Buffer.isBuffer(leaf) ? leaf : Buffer.from(leaf);
      write(id++, hash);
      // Each trailing 1 bit of the index closes a subtree one level up.
      let level = 0;
      for (let rest = index; rest % 2 === 1; rest = (rest - 1) / 2) {
        hash = nodeHash(edge[level], hash);
        level++;
        write(id++, hash);
      }
      edge[level] = hash;
      index++;
    }
    for (let i = 0; i < pending.length; i += 2) {
      this.writeHash.run(pending[i] as number, pending[i + 1] as Buffer);
    }
    this.writeSize.run(index);
    return index;
  }

  /** The root of the tree of `size` leaves (by default the whole tree). */
  root(size?: number): Buffer {
    return treeHash(this.checkSize(size), this);
  }

  /** The hash of leaf `index`. */
  leafHash(index: number): Buffer {
    if (!Number.isSafeInteger(index) || index < 0 || index >= this.size()) {
      throw new RangeError(
        `hoja fuera del árbol / leaf outside the tree: index ${index}, size ${this.size()}`,
      );
    }
    return this.subtreeHash(0, index);
  }

  /** The audit path of leaf `index` in the tree of `size` leaves (by default the whole tree). */
  inclusionProof(index: number, size?: number): Buffer[] {
    return inclusionProof(index, this.checkSize(size), this);
  }

  /** The consistency proof from the tree of `from` leaves to that of `to` (by default all). */
  consistencyProof(from: number, to?: number): Buffer[] {
    return consistencyProof(from, this.checkSize(to), this);
  }

  /** The stored hash of the complete subtree of 2^level leaves starting at index × 2^level. */
  subtreeHash(level: number, index: number): Buffer {
    const hash = this.readHash.get(storedHashIndex(level, index));
    if (hash === undefined) {
      throw new Error(
        `falta el hash del subárbol / missing subtree hash: level ${level}, index ${index}`,
      );
    }
    return hash;
  }

  private checkSize(size: number | undefined): number {
    const current = this.size();
    if (size === undefined) return current;
    if (!Number.isSafeInteger(size) || size < 0 || size > current) {
      throw new RangeError(
        `tamaño de árbol fuera de rango / tree size out of range: ${size} (the tree has ${current})`,
      );
    }
    return size;
  }
}

/** Rows per multi-row INSERT when appending (SQLite allows 32766 parameters). */
const ROWS_PER_INSERT = 64;

/**
 * Rows written for a tree of n leaves: n leaf hashes, n/2 at level 1, n/4 at level 2, …,
 * which sums to 2n − popcount(n).
 */
function storedHashCount(n: number): number {
  let ones = 0;
  for (let rest = n; rest > 0; rest = Math.floor(rest / 2)) ones += rest % 2;
  return 2 * n - ones;
}

/**
 * The key of the complete subtree (level, index): it is written right after its last leaf,
 * (index + 1) × 2^level − 1, and the `level` subtrees below it that the same leaf completes.
 */
function storedHashIndex(level: number, index: number): number {
  return storedHashCount((index + 1) * 2 ** level - 1) + level;
}

const trees = new WeakMap<Database, TreeStore>();

/** The tree over a connection, its statements prepared once per connection. */
export function treeOf(db: Database): TreeStore {
  let tree = trees.get(db);
  if (!tree) {
    tree = new TreeStore(db);
    trees.set(db, tree);
  }
  return tree;
}
