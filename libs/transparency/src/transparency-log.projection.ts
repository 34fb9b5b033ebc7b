import {
  defineEventLog,
  type EventLogPreparer,
  type ProjectedEvent,
  type ProjectionContext,
} from '@hitos/projections';
import { storedLeafHash } from './event-digests';
import { LeafHashPool, defaultHashThreads } from './leaf-hash-pool';
import { TREE_TABLES, treeOf } from './tree-store';

/**
 * The stream where hitos records the log's own checkpoints and witnesses' co-signatures: an
 * ordinary stream, so that a KurrentDB cluster replicates them, and not a leaf of the log.
 */
export const CHECKPOINT_STREAM = 'transparency-checkpoints';

/** A checkpoint the log signed: the C2SP signed note and what it states. */
export interface CheckpointSigned {
  type: 'CheckpointSigned';
  data: { origin: string; treeSize: number; root: string; note: string; signedAt: string };
}

/** A witness co-signed a checkpoint: its key and its signature line, kept beside the log's. */
export interface CheckpointCosigned {
  type: 'CheckpointCosigned';
  data: {
    treeSize: number;
    witness: string;
    verifierKey: string;
    signatureLine: string;
    cosignedAt: string;
  };
}

export type CheckpointEvent = CheckpointSigned | CheckpointCosigned;

/**
 * Whether an event of `$all` is a leaf: every event but those of system streams (`$…`) and of
 * the checkpoint stream.
 */
export const isLeaf = (streamId: string): boolean =>
  !streamId.startsWith('$') && streamId !== CHECKPOINT_STREAM;

const TABLES = `
  ${TREE_TABLES}
  CREATE TABLE tlog_leaf (
    leaf_index INTEGER PRIMARY KEY,
    event_id TEXT NOT NULL,
    stream TEXT NOT NULL,
    revision INTEGER NOT NULL,
    position TEXT NOT NULL,
    recorded_at TEXT NOT NULL
  );
  CREATE TABLE tlog_checkpoint (
    tree_size INTEGER PRIMARY KEY,
    origin TEXT NOT NULL,
    root TEXT NOT NULL,
    note TEXT NOT NULL,
    signed_at TEXT NOT NULL,
    event_id TEXT NOT NULL,
    position TEXT NOT NULL
  );
  CREATE TABLE tlog_cosignature (
    tree_size INTEGER NOT NULL,
    witness TEXT NOT NULL,
    verifier_key TEXT NOT NULL,
    signature_line TEXT NOT NULL,
    cosigned_at TEXT NOT NULL,
    PRIMARY KEY (tree_size, witness)
  );
`;

const LEAF_COLUMNS = 6;
/** Leaf rows per multi-row INSERT while rebuilding: one statement per row costs twice as much. */
const LEAF_ROWS_PER_INSERT = 64;
const LEAF_ROW = `(${Array(LEAF_COLUMNS).fill('?').join(', ')})`;
const INSERT_LEAF = `INSERT INTO tlog_leaf (leaf_index, event_id, stream, revision, position, recorded_at)
  VALUES ${LEAF_ROW}`;
const INSERT_LEAVES = `${INSERT_LEAF}${`, ${LEAF_ROW}`.repeat(LEAF_ROWS_PER_INSERT - 1)}`;

/**
 * The transparency log: an RFC 6962 Merkle tree over every event of `$all` in order (see
 * docs/transparency.md for the leaf's bytes), rebuilt from the store like any read model, with
 * each leaf's event and the checkpoints recorded so far.
 */
export const transparencyLogProjection = defineEventLog({
  name: 'transparency-log',
  version: 1,
  schema: TABLES,
  indexes: 'CREATE INDEX IF NOT EXISTS tlog_leaf_event ON tlog_leaf (event_id);',
  everyEvent: (context, events, prepared) => {
    const tree = treeOf(context.db);
    let index = tree.size();
    const hashes: Buffer[] = [];
    const hashed = prepared instanceof Map ? (prepared as PreparedLeaves) : undefined;
    const rows: unknown[] = [];
    for (const event of events) {
      if (event.streamId === CHECKPOINT_STREAM) recordCheckpointEvent(context, event);
      if (!isLeaf(event.streamId)) continue;
      hashes.push(
        hashed?.get(event.position) ??
          storedLeafHash({
            stream: event.streamId,
            revision: event.storedRevision,
            id: event.id,
            type: event.type,
            data: event.data,
            metadata: event.storedMetadata,
          }),
      );
      rows.push(index++, event.id, event.streamId, event.storedRevision, event.position);
      rows.push(event.recordedAt);
      if (rows.length === LEAF_COLUMNS * LEAF_ROWS_PER_INSERT) {
        context.run(INSERT_LEAVES, rows);
        rows.length = 0;
      }
    }
    for (let i = 0; i < rows.length; i += LEAF_COLUMNS) {
      context.run(INSERT_LEAF, rows.slice(i, i + LEAF_COLUMNS));
    }
    tree.append(hashes);
  },
  // Leaves hashed on worker threads during a rebuild, where there are cores to spare.
  preparer: defaultHashThreads() > 0 ? () => leafHashPreparer(defaultHashThreads()) : undefined,
});

/**
 * A rebuild's preparer that hashes each page's leaves on `threads` worker threads (see
 * LeafHashPool), a few pages ahead of the page being applied.
 */
export function leafHashPreparer(threads: number): EventLogPreparer {
  const pool = LeafHashPool.start(threads);
  return {
    prepare: async (items) => {
      const leaves = items.filter((item) => isLeaf(item.streamId));
      const hashes = await pool.leafHashes(
        leaves.map((item) => ({
          stream: item.streamId,
          revision: item.revision,
          id: item.id,
          type: item.type,
          data: item.data,
          metadata: item.metadata,
        })),
      );
      const prepared: PreparedLeaves = new Map();
      leaves.forEach((item, i) => {
        const hash = hashes[i];
        if (hash) prepared.set(item.at.commit, hash);
      });
      return prepared;
    },
    close: () => pool.close(),
  };
}

/**
 * Leaf hashes a worker made ahead of a rebuild's page, by `$all` commit position (unique in
 * `$all`); an event missing from it (out of the ordinary) is hashed by the handler itself.
 */
type PreparedLeaves = Map<string, Buffer>;

function recordCheckpointEvent(context: ProjectionContext, event: ProjectedEvent): void {
  const { type, data } = event as ProjectedEvent & CheckpointEvent;
  if (type === 'CheckpointSigned') {
    context.run(
      `INSERT OR IGNORE INTO tlog_checkpoint
         (tree_size, origin, root, note, signed_at, event_id, position)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
      [data.treeSize, data.origin, data.root, data.note, data.signedAt, event.id, event.position],
    );
  } else if (type === 'CheckpointCosigned') {
    context.run(
      `INSERT OR REPLACE INTO tlog_cosignature
         (tree_size, witness, verifier_key, signature_line, cosigned_at)
       VALUES (?, ?, ?, ?, ?)`,
      [data.treeSize, data.witness, data.verifierKey, data.signatureLine, data.cosignedAt],
    );
  }
}
