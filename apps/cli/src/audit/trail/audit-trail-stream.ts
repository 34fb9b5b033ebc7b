import Database from 'better-sqlite3';
import type { EventStore, UpcasterRegistry } from '@hitos/event-store';
import {
  prepared,
  recordedOf,
  statementContext,
  toProjectedEvent,
  type ProjectedEvent,
  type ProjectionContext,
} from '@hitos/projections';
import {
  HITOS_STREAM_PREFIXES,
  withheldSummary,
  auditTrailProjection,
  mayReadClassified,
  type AuditTrailRow,
  type AuditTrailScope,
  type Reader,
} from '@hitos/read-models';
import { CliError } from '../../conventions/cli-error';
import { isAtOrAfter, isAtOrBefore, type Moment } from '../../conventions/moments';
import { pagesOfAll } from '../../store/all-pages';

/** One row of the trail: an event of `$all` as an auditor reads it. */
export interface TrailRow {
  position: string;
  streamId: string;
  revision: number;
  eventId: string;
  type: string;
  recordedAt: string;
  occurredAt: string | null;
  actor: { id: string | null; role: string | null; organizationId: string | null };
  correlationId: string | null;
  causationId: string | null;
  /** The justification, reasons or reason the event gives; null when withheld. */
  reason: string | null;
  summary: { es: string; en: string };
  /**
   * Part of the event is reserved or confidential for this reader: the row keeps its place,
   * type, times, role and links, and its public summary ends with the note that content is
   * reserved (`withheldSummary`, the read model's).
   */
  withheld: boolean;
}

export interface TrailOptions {
  /** Whose trail (`{ all: true }`: the whole history), as the read model's `auditTrail` takes it. */
  scope: AuditTrailScope;
  reader: Reader;
  /** Inclusive bounds: `$all` positions, or instants compared with each event's recordedAt. */
  from?: Moment;
  to?: Moment;
  upcasters: UpcasterRegistry;
  pageSize?: number;
  onProgress?: (progress: TrailProgress) => void;
}

export interface TrailProgress {
  /** 1 of 1; or 1 of 2 while the parties of today are read first (see below), then 2 of 2. */
  pass: number;
  passes: number;
  events: number;
  position: bigint;
  end: bigint;
}

/** A row of the audit-trail model's table, as its own handlers write it. */
type AuditRow = AuditTrailRow;

interface Parties {
  institution_id: string;
  counterpart_id: string;
}

/**
 * The audit-trail read model's own projection, run over `$all` in memory, keeping only what
 * gives each event its scope (which commitment, institution, organization and plan it concerns:
 * the commitments' parties, the redesigns' plans) and dropping each event's row once read. So a
 * row of the CLI is exactly the row the API's trail would hold, summary and classification
 * included, and memory grows with the number of commitments, never with the events.
 */
class TrailModel {
  private readonly db = new Database(':memory:');
  private readonly context: ProjectionContext = statementContext(this.db);

  constructor() {
    this.db.exec(auditTrailProjection.schema);
  }

  /** Applies the events of one page; returns each one's audit row, in order. */
  applyPage(events: readonly ProjectedEvent[]): AuditRow[] {
    return this.db.transaction(() => {
      const rows: AuditRow[] = [];
      for (const projected of events) {
        const handler = auditTrailProjection.handlers[projected.type];
        if (!handler) continue;
        try {
          handler(this.context, projected);
        } catch (error) {
          throw new CliError(
            `no se pudo leer el evento ${projected.type} en la posición ${projected.position} (${projected.streamId}@${projected.revision}): ${(error as Error).message}`,
            `could not read the ${projected.type} event at position ${projected.position} (${projected.streamId}@${projected.revision}): ${(error as Error).message}`,
          );
        }
        rows.push(prepared(this.db, `DELETE FROM audit_event RETURNING *`).get() as AuditRow);
      }
      return rows;
    })();
  }

  /** The commitment's parties as known so far. */
  partiesOf(commitmentId: string): Parties | undefined {
    return prepared(
      this.db,
      `SELECT institution_id, counterpart_id FROM audit_commitment WHERE commitment_id = ?`,
    ).get(commitmentId) as Parties | undefined;
  }

  /** Every commitment's parties as known so far. */
  allParties(): Map<string, Parties> {
    const rows = this.db
      .prepare(`SELECT commitment_id, institution_id, counterpart_id FROM audit_commitment`)
      .all() as (Parties & { commitment_id: string })[];
    return new Map(rows.map((r) => [r.commitment_id, r]));
  }

  /** A workflow's stream shows in every plan one of its commitments belongs to. */
  streamIsInPlan(streamId: string, planId: string): boolean {
    return (
      prepared(this.db, `SELECT 1 FROM audit_stream_plan WHERE stream_id = ? AND plan_id = ?`).get(
        streamId,
        planId,
      ) !== undefined
    );
  }

  close(): void {
    this.db.close();
  }
}

/**
 * The audit trail, streamed from the store's `$all` (not from a read model, so it works on any
 * store, of any length): one row per hitos event in scope and in range, in `$all` order, with
 * the read side's rules for whom it concerns and who may read it:
 * - a scope selects as `auditTrail` of the read model does: a commitment's events; a plan's,
 *   with its commitments' and the workflows' that touched them; an institution's, with those
 *   of the commitments it was responsible for then or is now; an organization's, with those
 *   of its commitments; one request's (correlation id);
 * - reserved or confidential content (classified evidence, reserved reports) is for the
 *   commitment's parties (then or now), the Presidency and auditors (`mayReadClassified`);
 *   for anyone else its row is kept, with its place, type and time, and says "reserved
 *   content": never a silent gap, never the content, the actor or the request it came from.
 * "Now" is the end of what is read: with an institution's scope or reader, the parties are
 * found by a first pass over the same range.
 */
export async function* auditTrailRows(
  store: EventStore,
  options: TrailOptions,
): AsyncIterable<TrailRow> {
  const until = options.to?.kind === 'position' ? options.to.commit : undefined;
  const endOfAll = (await store.endOfAll())?.commit ?? 0n;
  const end = until !== undefined && until < endOfAll ? until : endOfAll;
  const needsPartiesNow = 'institutionId' in options.scope || options.reader.role === 'institution';
  const passes = needsPartiesNow ? 2 : 1;

  let partiesNow: Map<string, Parties> | undefined;
  if (needsPartiesNow) {
    const model = new TrailModel();
    try {
      for await (const _ of readTrail(store, model, options, { pass: 1, passes, end, until })) {
        // only the parties are wanted
      }
      partiesNow = model.allParties();
    } finally {
      model.close();
    }
  }

  const model = new TrailModel();
  try {
    const now = (commitmentId: string | null): Parties | undefined =>
      commitmentId === null
        ? undefined
        : (partiesNow?.get(commitmentId) ?? model.partiesOf(commitmentId));
    for await (const rows of readTrail(store, model, options, {
      pass: passes,
      passes,
      end,
      until,
    })) {
      for (const row of rows) {
        const commit = BigInt(row.position);
        if (options.from && !isAtOrAfter(options.from, commit, row.recorded_at)) continue;
        if (options.to && !isAtOrBefore(options.to, commit, row.recorded_at)) continue;
        if (!inScope(row, options.scope, model, now)) continue;
        yield toTrailRow(row, isParty(row, options.reader, now));
      }
    }
  } finally {
    model.close();
  }
}

/** The audit rows of `$all` up to `until`, page by page, through the model. */
async function* readTrail(
  store: EventStore,
  model: TrailModel,
  options: TrailOptions,
  run: { pass: number; passes: number; end: bigint; until?: bigint },
): AsyncIterable<AuditRow[]> {
  let events = 0;
  for await (const page of pagesOfAll(store, { pageSize: options.pageSize, until: run.until })) {
    const kept =
      run.until === undefined ? page : page.filter((e) => e.position!.commit <= run.until!);
    const projected: ProjectedEvent[] = [];
    for (const event of kept) {
      const recorded = recordedOf(event, HITOS_STREAM_PREFIXES);
      if (!recorded || !auditTrailProjection.handlers[recorded.type]) continue;
      try {
        projected.push(toProjectedEvent(recorded, options.upcasters));
      } catch (error) {
        throw new CliError(
          `no se pudo leer el evento ${event.type} en la posición ${event.position!.commit} (${event.streamId}@${event.revision}): ${(error as Error).message}`,
          `could not read the ${event.type} event at position ${event.position!.commit} (${event.streamId}@${event.revision}): ${(error as Error).message}`,
        );
      }
    }
    yield model.applyPage(projected);
    events += kept.length;
    options.onProgress?.({
      pass: run.pass,
      passes: run.passes,
      events,
      position: kept.length ? kept[kept.length - 1].position!.commit : run.end,
      end: run.end,
    });
  }
}

function inScope(
  row: AuditRow,
  scope: AuditTrailScope,
  model: TrailModel,
  now: (commitmentId: string | null) => Parties | undefined,
): boolean {
  if ('all' in scope) return true;
  if ('commitmentId' in scope) return row.commitment_id === scope.commitmentId;
  if ('institutionId' in scope) {
    return (
      row.institution_id === scope.institutionId ||
      now(row.commitment_id)?.institution_id === scope.institutionId
    );
  }
  if ('organizationId' in scope) return row.organization_id === scope.organizationId;
  if ('planId' in scope) {
    return row.plan_id === scope.planId || model.streamIsInPlan(row.stream_id, scope.planId);
  }
  return row.correlation_id === scope.correlationId;
}

/**
 * The read side's rule (`mayReadClassified`), with the parties then and now: whether the reader
 * sees the row's classified parts and the actor's user id.
 */
function isParty(
  row: AuditRow,
  reader: Reader,
  now: (commitmentId: string | null) => Parties | undefined,
): boolean {
  // A missing party matches no reader (a non-id value, as the read side's SQL does).
  const then = {
    responsible_institution_id: row.institution_id ?? '\u0000',
    counterpart_organization_id: row.organization_id ?? '\u0000',
  };
  if (mayReadClassified(reader, then)) return true;
  const current = now(row.commitment_id);
  return (
    current !== undefined &&
    mayReadClassified(reader, {
      responsible_institution_id: current.institution_id,
      counterpart_organization_id: current.counterpart_id,
    })
  );
}

function toTrailRow(row: AuditRow, party: boolean): TrailRow {
  const withheld = row.classification !== 'public' && !party;
  const summary = { es: row.summary_es, en: row.summary_en };
  return {
    position: row.position,
    streamId: row.stream_id,
    revision: row.revision,
    eventId: row.event_id,
    type: row.type,
    recordedAt: row.recorded_at,
    occurredAt: row.occurred_at,
    actor: {
      // A person's user id only for those who may read the row's classified parts; the
      // engine's own id names no person (docs/reserve.md).
      id: party || row.actor_role === 'system' ? row.actor_id : null,
      role: row.actor_role,
      organizationId: row.actor_organization_id,
    },
    correlationId: row.correlation_id,
    causationId: row.causation_id,
    reason: withheld ? null : row.reason,
    summary: withheld ? withheldSummary(summary) : summary,
    withheld,
  };
}
