import type { Database } from 'better-sqlite3';
import type { Classification } from '@hitos/domain';
import type { AuditTrailRow } from './audit-trail.projection';
import {
  classifiedCondition,
  classifiedParams,
  pageOf,
  type Page,
  type PageRequest,
  type Reader,
} from '../reader';
import { prepared } from '@hitos/projections';

/** One trail at a time: a commitment's, an institution's, a plan's or one request's. */
export type AuditTrailScope =
  | { commitmentId: string }
  /** The institution's own events and those of every commitment it is responsible for. */
  | { institutionId: string }
  /** The organization's own events and those of every commitment it is counterpart of. */
  | { organizationId: string }
  /** The plan's own events and those of every commitment in it. */
  | { planId: string }
  /** Everything one request caused, across streams. */
  | { correlationId: string }
  /** Everything, plan-wide and beyond: the whole history. */
  | { all: true };

export interface AuditTrailFilters {
  /** Only these event types. */
  types?: readonly string[];
  /** Recorded at or after / before (ISO timestamps). */
  recordedFrom?: string;
  recordedTo?: string;
}

export interface AuditEntry {
  /** The event's id in the store: what the causation ids of its consequences cite. */
  eventId: string;
  position: string;
  streamId: string;
  revision: number;
  type: string;
  occurredAt: string | null;
  recordedAt: string;
  /**
   * Who acted: their role and organization for every reader; their user id (the token's `sub`)
   * only for the Presidency, auditors and the parties of the event's commitment or body, null
   * for anyone else (docs/reserve.md).
   */
  actor: { id: string | null; role: string | null; organizationId: string | null };
  correlationId: string | null;
  causationId: string | null;
  commandId: string | null;
  reason: string | null;
  summary: { es: string; en: string };
  commitmentId: string | null;
  institutionId: string | null;
  planId: string | null;
  /** The strictest classification among the event's parts. */
  classification: Classification;
  /**
   * Some part of this event is classified and the reader may not see it: the row stays in its
   * place with its public facts (type, time, role, links, a summary that never holds free
   * text) and a note that content is reserved; `reason` is null.
   */
  withheld: boolean;
}

/** The note a row's summary ends with when part of the event is withheld from the reader. */
export const WITHHELD_NOTE = {
  es: 'Contenido reservado: solo lo ven las partes del compromiso, la Presidencia y los auditores.',
  en: 'Reserved content: only the commitment’s parties, the Presidency and auditors see it.',
} as const;

/** @deprecated the note alone; rows now keep their public summary and end with it. */
export const WITHHELD_SUMMARY = WITHHELD_NOTE;

/** An event's public summary with the note that part of it is withheld. */
export const withheldSummary = (summary: { es: string; en: string }) => ({
  es: `${summary.es} ${WITHHELD_NOTE.es}`,
  en: `${summary.en} ${WITHHELD_NOTE.en}`,
});

/** Over `audit_event e LEFT JOIN audit_commitment ac` (the commitment's parties now). */
function scopeSql(scope: AuditTrailScope): { clause: string; value: string | null } {
  if ('commitmentId' in scope)
    return { clause: 'e.commitment_id = @scope', value: scope.commitmentId };
  if ('institutionId' in scope) {
    // What happened while it was responsible, and the whole history of the commitments it
    // holds now: a transfer hands the history over unbroken.
    return {
      clause: '(e.institution_id = @scope OR ac.institution_id = @scope)',
      value: scope.institutionId,
    };
  }
  if ('organizationId' in scope) {
    return { clause: 'e.organization_id = @scope', value: scope.organizationId };
  }
  if ('planId' in scope) {
    // The workflows' own streams (a redesign's handling) show in every plan they touched.
    return {
      clause: `(e.plan_id = @scope OR e.stream_id IN (
        SELECT stream_id FROM audit_stream_plan WHERE plan_id = @scope))`,
      value: scope.planId,
    };
  }
  if ('correlationId' in scope) {
    return { clause: 'e.correlation_id = @scope', value: scope.correlationId };
  }
  return { clause: '@scope IS NULL', value: null };
}

/** The trail's query, shared by the page and the row iterator: its FROM, WHERE and parameters. */
interface TrailQuery {
  /** `FROM … WHERE …` over `audit_event e LEFT JOIN audit_commitment ac`. */
  from: string;
  /** 1 when the reader may see the row's classified content (and actor ids), 0 otherwise. */
  party: string;
  params: Record<string, unknown>;
}

function trailQuery(
  scope: AuditTrailScope,
  reader: Reader,
  filters: AuditTrailFilters = {},
): TrailQuery {
  const { clause, value } = scopeSql(scope);
  const clauses = [clause];
  const party = `(${classifiedCondition('e.institution_id', 'e.organization_id')}
      OR (ac.commitment_id IS NOT NULL
          AND ${classifiedCondition('ac.institution_id', 'ac.counterpart_id')}))`;
  const params: Record<string, unknown> = { scope: value, ...classifiedParams(reader) };
  if (filters.types?.length) {
    clauses.push(`e.type IN (${filters.types.map((_, i) => `@type${i}`).join(', ')})`);
    filters.types.forEach((type, i) => (params[`type${i}`] = type));
  }
  if (filters.recordedFrom !== undefined) {
    clauses.push('e.recorded_at >= @recordedFrom');
    params.recordedFrom = filters.recordedFrom;
  }
  if (filters.recordedTo !== undefined) {
    clauses.push('e.recorded_at < @recordedTo');
    params.recordedTo = filters.recordedTo;
  }
  const from = `FROM audit_event e
    LEFT JOIN audit_commitment ac ON ac.commitment_id = e.commitment_id
    WHERE ${clauses.join(' AND ')}`;
  return { from, party, params };
}

type VisibleRow = AuditTrailRow & { party: 0 | 1 };

function toEntry(row: VisibleRow): AuditEntry {
  const withheld = row.classification !== 'public' && !row.party;
  const summary = { es: row.summary_es, en: row.summary_en };
  return {
    eventId: row.event_id,
    position: row.position,
    streamId: row.stream_id,
    revision: row.revision,
    type: row.type,
    occurredAt: row.occurred_at,
    recordedAt: row.recorded_at,
    actor: {
      // The engine's own id names no person.
      id: row.party || row.actor_role === 'system' ? row.actor_id : null,
      role: row.actor_role,
      organizationId: row.actor_organization_id,
    },
    correlationId: row.correlation_id,
    causationId: row.causation_id,
    commandId: row.command_id,
    reason: withheld ? null : row.reason,
    summary: withheld ? withheldSummary(summary) : summary,
    commitmentId: row.commitment_id,
    institutionId: row.institution_id,
    planId: row.plan_id,
    classification: row.classification,
    withheld,
  };
}

/**
 * A trail in `$all` order, oldest first, with no gaps. Every event is a row with its public
 * facts; reserved or confidential parts are shown only to the parties of their commitment, the
 * Presidency and auditors, and any other reader gets the row marked withheld (see
 * `AuditEntry.withheld`), without `reason` or the actor's user id.
 * After a transfer the parties are the current ones (as the commitment's detail has it) and,
 * for the events recorded before it, also the institution responsible then: it keeps seeing
 * what it recorded.
 */
export function auditTrail(
  db: Database,
  scope: AuditTrailScope,
  reader: Reader,
  filters: AuditTrailFilters = {},
  page: PageRequest = {},
): Page<AuditEntry> {
  const { limit, offset } = pageOf(page);
  const { from, party, params } = trailQuery(scope, reader, filters);
  const total = (prepared(db, `SELECT COUNT(*) AS n ${from}`).get(params) as { n: number }).n;
  const rows = prepared(
    db,
    `SELECT e.*, ${party} AS party ${from} ORDER BY e.seq LIMIT @limit OFFSET @offset`,
  ).all({ ...params, limit, offset }) as VisibleRow[];
  return { items: rows.map(toEntry), total, limit, offset };
}

/**
 * Every row of a trail, as {@link auditTrail} pages them (same scope, visibility and order), one
 * at a time from SQLite: memory stays flat whatever the trail's length. The iteration holds the
 * connection busy (SQLite refuses writes on it until it ends or is returned), so give it a
 * connection of its own, e.g. `new Database(live.name, { readonly: true })`: it then reads one
 * consistent snapshot while the projection goes on writing.
 */
export function* auditTrailRows(
  db: Database,
  scope: AuditTrailScope,
  reader: Reader,
  filters: AuditTrailFilters = {},
): Generator<AuditEntry, void, undefined> {
  const { from, party, params } = trailQuery(scope, reader, filters);
  // Its own statement: a cached one (`prepared`) would be busy for any other iteration.
  const rows = db
    .prepare(`SELECT e.*, ${party} AS party ${from} ORDER BY e.seq`)
    .iterate(params) as IterableIterator<VisibleRow>;
  for (const row of rows) yield toEntry(row);
}
