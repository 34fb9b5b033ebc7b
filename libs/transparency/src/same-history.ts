/**
 * Whether a replay's models were made from the history of the store they are about to be served
 * against (`hitos audit serve <dir>` may be pointed at another data directory, or at a store
 * rewritten since). The replay keeps its own transparency log: its tree commits to every leaf
 * it replayed. Two checks, both cheap:
 *
 * - **Whole history**, when the live log (the data directory's model) has at least as many
 *   leaves: its root at the replay's size must be the replay's root. This covers every event.
 * - **Samples from the store itself**, always: the first and last leaves and evenly spaced ones
 *   between, each read from the store by stream and revision and hashed again; each must be the
 *   event (id) and the leaf (hash) the replay recorded. This catches another store, a rewritten
 *   event among the samples, a missing stream.
 */
import type { Database } from 'better-sqlite3';
import type { EventStore } from '@hitos/event-store';
import { storedLeafHash } from './event-digests';
import { treeOf } from './tree-store';

export interface SameHistoryReport {
  /** Leaves in the replay's tree. */
  size: number;
  /** The live log's root at that size equals the replay's (null: no live log that long). */
  wholeHistory: boolean | null;
  /** Leaves read back from the store and found identical. */
  sampled: number;
}

export class DifferentHistoryError extends Error {
  constructor(
    readonly es: string,
    readonly en: string,
  ) {
    super(`${es} / ${en}`);
  }
}

interface LeafRow {
  event_id: string;
  stream: string;
  revision: number;
}

/** Throws {@link DifferentHistoryError} naming the first difference; the report otherwise. */
export async function checkSameHistory(options: {
  store: EventStore;
  /** The replay's transparency-log database. */
  replay: Database;
  /** The live transparency-log database, when there is one. */
  live?: Database | null;
  samples?: number;
}): Promise<SameHistoryReport> {
  const replayTree = treeOf(options.replay);
  const size = replayTree.size();
  if (size === 0) return { size, wholeHistory: null, sampled: 0 };

  let wholeHistory: boolean | null = null;
  if (options.live) {
    const liveTree = treeOf(options.live);
    if (liveTree.size() >= size) {
      const mine = replayTree.root();
      const theirs = liveTree.root(size);
      if (!mine.equals(theirs))
        throw new DifferentHistoryError(
          `la réplica no corresponde a la historia de este almacén: con ${size} hojas, la raíz de la réplica es ${mine.toString('base64')} y la del registro vivo ${theirs.toString('base64')}`,
          `the replay does not match this store's history: at ${size} leaves the replay's root is ${mine.toString('base64')} and the live log's ${theirs.toString('base64')}`,
        );
      wholeHistory = true;
    }
  }

  const wanted = Math.max(2, options.samples ?? 32);
  const indices = new Set<number>([0, size - 1]);
  for (let k = 1; k < wanted - 1 && indices.size < Math.min(wanted, size); k++)
    indices.add(Math.floor((k * (size - 1)) / (wanted - 1)));
  const leaf = options.replay.prepare(
    'SELECT event_id, stream, revision FROM tlog_leaf WHERE leaf_index = ?',
  );
  let sampled = 0;
  for (const index of [...indices].sort((a, b) => a - b)) {
    const row = leaf.get(index) as LeafRow | undefined;
    if (!row) continue;
    const event = await first(options.store, row.stream, BigInt(row.revision));
    const where = `${row.stream}@${row.revision}`;
    if (!event || event.id !== row.event_id)
      throw new DifferentHistoryError(
        `la réplica no corresponde a este almacén: la hoja ${index} es el evento ${row.event_id} en ${where}, y el almacén ${event ? `tiene allí ${event.id}` : 'no tiene ese evento'}`,
        `the replay does not match this store: leaf ${index} is event ${row.event_id} at ${where}, and the store ${event ? `holds ${event.id} there` : 'has no such event'}`,
      );
    const hash = storedLeafHash({
      stream: event.streamId,
      revision: event.revision,
      id: event.id,
      type: event.type,
      data: event.data,
      metadata: event.metadata,
    });
    if (!hash.equals(replayTree.leafHash(index)))
      throw new DifferentHistoryError(
        `la réplica no corresponde a este almacén: el evento ${row.event_id} (${where}, hoja ${index}) cambió desde que se hizo la réplica`,
        `the replay does not match this store: event ${row.event_id} (${where}, leaf ${index}) changed since the replay was made`,
      );
    sampled++;
  }
  return { size, wholeHistory, sampled };
}

/** The event at `revision`, or null when the stream does not hold it (or does not exist). */
async function first(store: EventStore, stream: string, revision: bigint) {
  let found = null;
  // Read to its end (one event), not left early: an abandoned read is cancelled on the wire.
  for await (const event of store.readStream(stream, { fromRevision: revision, maxCount: 1 }))
    if (event.revision === revision) found = event;
  return found;
}
