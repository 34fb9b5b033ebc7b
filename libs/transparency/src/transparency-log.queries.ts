import type { Database } from 'better-sqlite3';
import { prepared } from '@hitos/projections';

/** A checkpoint as served: the signed note with the witnesses' signature lines after the log's. */
export interface CheckpointView {
  treeSize: number;
  origin: string;
  /** Base64 of the SHA-256 root hash. */
  root: string;
  note: string;
  signedAt: string;
  /** Where the checkpoint's event sits in `$all`. */
  position: string;
  cosignatures: { witness: string; verifierKey: string; cosignedAt: string }[];
}

interface CheckpointRow {
  tree_size: number;
  origin: string;
  root: string;
  note: string;
  signed_at: string;
  position: string;
}

interface CosignatureRow {
  tree_size: number;
  witness: string;
  verifier_key: string;
  signature_line: string;
  cosigned_at: string;
}

function toView(db: Database, row: CheckpointRow): CheckpointView {
  const cosignatures = prepared(
    db,
    'SELECT * FROM tlog_cosignature WHERE tree_size = ? ORDER BY witness',
  ).all(row.tree_size) as CosignatureRow[];
  return {
    treeSize: row.tree_size,
    origin: row.origin,
    root: row.root,
    note: row.note + cosignatures.map((c) => c.signature_line).join(''),
    signedAt: row.signed_at,
    position: row.position,
    cosignatures: cosignatures.map((c) => ({
      witness: c.witness,
      verifierKey: c.verifier_key,
      cosignedAt: c.cosigned_at,
    })),
  };
}

/** The checkpoint of the largest tree, or null before the first. */
export function latestCheckpoint(db: Database): CheckpointView | null {
  const row = prepared(
    db,
    'SELECT * FROM tlog_checkpoint ORDER BY tree_size DESC LIMIT 1',
  ).get() as CheckpointRow | undefined;
  return row ? toView(db, row) : null;
}

/** The checkpoint of a tree size, or null. */
export function checkpointOfSize(db: Database, treeSize: number): CheckpointView | null {
  const row = prepared(db, 'SELECT * FROM tlog_checkpoint WHERE tree_size = ?').get(treeSize) as
    CheckpointRow | undefined;
  return row ? toView(db, row) : null;
}

/** Every checkpoint, oldest first, a page at a time, and how many there are. */
export function listCheckpoints(
  db: Database,
  page: { limit: number; offset: number },
): { total: number; items: CheckpointView[] } {
  const total = prepared(db, 'SELECT COUNT(*) AS n FROM tlog_checkpoint').get() as { n: number };
  const rows = prepared(
    db,
    'SELECT * FROM tlog_checkpoint ORDER BY tree_size LIMIT ? OFFSET ?',
  ).all(page.limit, page.offset) as CheckpointRow[];
  return { total: total.n, items: rows.map((row) => toView(db, row)) };
}

/** The leaf an event is, with where it came from; the first one when an id repeats. */
export interface LeafView {
  leafIndex: number;
  eventId: string;
  stream: string;
  revision: number;
  position: string;
  recordedAt: string;
}

export function leafOfEvent(db: Database, eventId: string): LeafView | null {
  const row = prepared(
    db,
    `SELECT leaf_index AS leafIndex, event_id AS eventId, stream, revision, position,
            recorded_at AS recordedAt
       FROM tlog_leaf WHERE event_id = ? ORDER BY leaf_index LIMIT 1`,
  ).get(eventId) as LeafView | undefined;
  return row ?? null;
}
