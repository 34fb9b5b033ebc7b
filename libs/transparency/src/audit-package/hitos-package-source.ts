import Database from 'better-sqlite3';
import type { EventStore, RecordedEvent } from '@hitos/event-store';
import {
  AUDIT_TRAIL_CSV_COLUMNS,
  auditTrailCsvRecord,
  auditTrailRows,
  publicEvidenceFiles,
  type AuditEntry,
  type AuditTrailScope,
  type Reader,
} from '@hitos/read-models';
import { leafValue } from '../leaf';
import { leafOfEvent } from '../transparency-log.queries';
import { treeOf } from '../tree-store';
import type { BuildAuditPackageInput } from './build-audit-package';
import type { PackageEntry, PackageScope } from './package-format';

export interface HitosPackageSourceOptions {
  store: EventStore;
  /** The audit trail's live database: each pass reads it through a read-only connection. */
  trailDb: Database.Database;
  /** The transparency log's database. */
  logDb: Database.Database;
  scope: PackageScope;
  reader: Reader;
}

/** The read model's scope of a package. */
export const trailScopeOf = (scope: PackageScope): AuditTrailScope =>
  scope.kind === 'commitment' ? { commitmentId: scope.id } : { planId: scope.id };

/**
 * The public evidence files hitos keeps that the scope's commitments cite (the evidence-files
 * model's, whoever the reader: they are public), by hash. A plan's commitments are those the
 * audit trail knows under it.
 */
export function publicEvidenceOfScope(
  trailDb: Database.Database,
  filesDb: Database.Database,
  scope: PackageScope,
): string[] {
  const commitmentIds =
    scope.kind === 'commitment'
      ? [scope.id]
      : (
          trailDb
            .prepare(`SELECT commitment_id FROM audit_commitment WHERE plan_id = ?`)
            .all(scope.id) as { commitment_id: string }[]
        ).map((r) => r.commitment_id);
  return [
    ...new Set(
      commitmentIds.flatMap((id) => publicEvidenceFiles(filesDb, id).map((f) => f.sha256)),
    ),
  ].sort();
}

/** How a reader is named in a manifest: `public`, `auditor`, `institution:mdt`… */
export const readerLabel = (reader: Reader): string =>
  reader.organizationId ? `${reader.role}:${reader.organizationId}` : reader.role;

/** The trail's rows of the scope, with their leaf index (null before the log reaches them). */
function* rowsWithLeaves(
  options: HitosPackageSourceOptions,
): Generator<{ entry: AuditEntry; leafIndex: number | null }> {
  const db = new Database(options.trailDb.name, { readonly: true, fileMustExist: true });
  try {
    for (const entry of auditTrailRows(db, trailScopeOf(options.scope), options.reader)) {
      yield { entry, leafIndex: leafOfEvent(options.logDb, entry.eventId)?.leafIndex ?? null };
    }
  } finally {
    db.close();
  }
}

/**
 * What a checkpoint must cover for the package: the largest leaf index of the scope's events,
 * and whether some event is not in the log yet (then sign after the log catches up).
 */
export function packageCoverage(options: HitosPackageSourceOptions): {
  rows: number;
  lastLeaf: number | null;
  notInLog: number;
} {
  let rows = 0;
  let lastLeaf: number | null = null;
  let notInLog = 0;
  for (const { leafIndex } of rowsWithLeaves(options)) {
    rows++;
    if (leafIndex === null) notInLog++;
    else lastLeaf = Math.max(lastLeaf ?? 0, leafIndex);
  }
  return { rows, lastLeaf, notInLog };
}

/**
 * The entries, trail and tree of a hitos package, for `buildAuditPackage`: the scope's rows of
 * the audit trail as the reader may see them (the read model's scope and visibility), each event
 * read from the store as stored, or, when withheld for the reader, only its leaf hash. Events
 * beyond the checkpoint's tree (recorded after it) are left out of every file.
 */
export function hitosPackageSource(
  options: HitosPackageSourceOptions,
  treeSize: number,
): Pick<BuildAuditPackageInput, 'entries' | 'trail' | 'tree'> {
  const tree = treeOf(options.logDb);
  const events = new StreamWindows(options.store);
  const covered = function* () {
    for (const row of rowsWithLeaves(options)) {
      if (row.leafIndex !== null && row.leafIndex < treeSize) {
        yield row as { entry: AuditEntry; leafIndex: number };
      }
    }
  };
  return {
    tree,
    async *entries(): AsyncGenerator<PackageEntry> {
      for (const { entry, leafIndex } of covered()) {
        const hashOnly = {
          withheld: true as const,
          leafIndex,
          position: entry.position,
          type: entry.type,
          leafHash: tree.leafHash(leafIndex).toString('base64'),
        };
        if (entry.withheld) {
          yield hashOnly;
          continue;
        }
        const event = await events.get(entry.streamId, BigInt(entry.revision));
        if (!event) {
          throw new Error(
            `evento no encontrado / event not found: ${entry.streamId}@${entry.revision}`,
          );
        }
        // The event as stored names the person who acted (their user id, in its metadata), and
        // this reader may not see who (the trail gave it no actor id): only its leaf hash goes.
        // Its leaf could not be recomputed from the rest, so nothing else of it goes either.
        if (entry.actor.id === null && personIdOf(event.metadata) !== null) {
          yield hashOnly;
          continue;
        }
        yield {
          leafIndex,
          position: entry.position,
          stream: event.streamId,
          revision: event.revision.toString(),
          id: event.id,
          type: event.type,
          data: leafValue(event.data),
          metadata: leafValue(event.metadata),
        };
      }
    },
    trail: {
      columns: AUDIT_TRAIL_CSV_COLUMNS,
      *records() {
        for (const { entry, leafIndex } of covered()) {
          yield auditTrailCsvRecord({
            ...entry,
            leaf: { index: leafIndex, hash: tree.leafHash(leafIndex).toString('base64') },
          });
        }
      },
    },
  };
}

/**
 * Events read a window at a time per stream: a package asks for a scope's events in `$all`
 * order, a commitment's revisions one after another, so one read of the next {@link WINDOW}
 * events serves the many asks that follow, instead of a read per event. A few streams' windows
 * are kept (a plan's commitments interleave), the least recently read dropped first.
 */
class StreamWindows {
  private readonly windows = new Map<string, RecordedEvent[]>();

  constructor(private readonly store: EventStore) {}

  async get(stream: string, revision: bigint): Promise<RecordedEvent | undefined> {
    const kept = this.windows.get(stream);
    const hit = kept && find(kept, revision);
    if (hit) return hit;
    const window: RecordedEvent[] = [];
    for await (const event of this.store.readStream(stream, {
      fromRevision: revision,
      maxCount: WINDOW,
    })) {
      window.push(event);
    }
    this.windows.delete(stream);
    this.windows.set(stream, window);
    if (this.windows.size > STREAMS_KEPT) {
      this.windows.delete(this.windows.keys().next().value as string);
    }
    return find(window, revision);
  }
}

const WINDOW = 256;
const STREAMS_KEPT = 64;

/** The event at `revision` in a window read forwards (revisions rise; usually one apart). */
function find(window: readonly RecordedEvent[], revision: bigint): RecordedEvent | undefined {
  if (window.length === 0) return undefined;
  const guess = Number(revision - window[0].revision);
  if (window[guess]?.revision === revision) return window[guess];
  return window.find((event) => event.revision === revision);
}

/** The user id of the person an event's stored metadata says acted; null for none or hitos. */
function personIdOf(metadata: unknown): string | null {
  const actor = (metadata as { actor?: { id?: unknown; role?: unknown } } | null)?.actor;
  if (!actor || typeof actor.id !== 'string' || actor.id === '') return null;
  return actor.role === 'system' ? null : actor.id;
}
