import type { AuditEntry } from './audit-trail.queries';

/** A trail row as the API serves it: the entry and its leaf in the transparency log. */
export type AuditEntryWithLeaf = AuditEntry & {
  /** Null until the log reaches the event. */
  leaf: { index: number; hash: string } | null;
};

/**
 * The CSV columns of an exported trail, in order: every field of the JSON rows, nested ones
 * flattened (`actor_id`, `summary_es`, `leaf_index`…). `GET …/audit-trail?format=csv` and the
 * audit package's `trail.csv` write these.
 */
export const AUDIT_TRAIL_CSV_COLUMNS = [
  'event_id',
  'position',
  'stream_id',
  'revision',
  'type',
  'occurred_at',
  'recorded_at',
  'actor_id',
  'actor_role',
  'actor_organization_id',
  'correlation_id',
  'causation_id',
  'command_id',
  'reason',
  'summary_es',
  'summary_en',
  'commitment_id',
  'institution_id',
  'plan_id',
  'classification',
  'withheld',
  'leaf_index',
  'leaf_hash',
] as const;

/** One CSV record of {@link AUDIT_TRAIL_CSV_COLUMNS}: null as the empty cell. */
export function auditTrailCsvRecord(row: AuditEntryWithLeaf): string[] {
  const cells: (string | number | null)[] = [
    row.eventId,
    row.position,
    row.streamId,
    row.revision,
    row.type,
    row.occurredAt,
    row.recordedAt,
    row.actor.id,
    row.actor.role,
    row.actor.organizationId,
    row.correlationId,
    row.causationId,
    row.commandId,
    row.reason,
    row.summary.es,
    row.summary.en,
    row.commitmentId,
    row.institutionId,
    row.planId,
    row.classification,
    row.withheld ? 'true' : 'false',
    row.leaf?.index ?? null,
    row.leaf?.hash ?? null,
  ];
  return cells.map((cell) => (cell === null ? '' : String(cell)));
}
