import {
  SUMMARIZED_EVENT_TYPES,
  summarizeEvent,
  type Classification,
  type CommitmentDrafted,
  type HitosEvent,
  type InformationHandoverAcknowledged,
  type MilestoneProgressReported,
  type RedesignHandlingStarted,
} from '@hitos/domain';
import {
  defineProjection,
  type ProjectedEvent,
  type ProjectionContext,
  type ProjectionHandler,
  type ProjectionHandlers,
} from '@hitos/projections';
import {
  COMMITMENT_PREFIX,
  commitmentIdOf,
  eventClassification,
  reportTextClassification,
} from '../commitment-events';

export interface AuditTrailRow {
  /** Order of application, which is `$all` order: the key pages are cut on. */
  seq: number;
  event_id: string;
  position: string;
  stream_id: string;
  revision: number;
  type: string;
  occurred_at: string | null;
  recorded_at: string;
  actor_id: string | null;
  actor_role: string | null;
  actor_organization_id: string | null;
  correlation_id: string | null;
  causation_id: string | null;
  command_id: string | null;
  reason: string | null;
  summary_es: string;
  summary_en: string;
  commitment_id: string | null;
  institution_id: string | null;
  /** The commitment's counterpart, or the organization an organization event is about. */
  organization_id: string | null;
  plan_id: string | null;
  /** The strictest classification among the event's parts (docs/reserve.md). */
  classification: Classification;
}

/** The event's classification, replies resolved against their report (`audit_report`). */
function classificationOf(context: ProjectionContext, event: ProjectedEvent): Classification {
  return eventClassification(
    event.type,
    event.data,
    (reportId) =>
      context.get<{ classification: Classification }>(
        `SELECT classification FROM audit_report WHERE stream_id = ? AND report_id = ?`,
        [event.streamId, reportId],
      )?.classification,
  );
}

/** The justification, reasons or reason an event gives, if any. */
function reasonOf(event: ProjectedEvent): string | null {
  const data = event.data ?? {};
  for (const key of ['justification', 'reasons', 'reason']) {
    if (typeof data[key] === 'string' && data[key] !== '') return data[key];
  }
  return null;
}

interface Scope {
  commitment_id: string | null;
  institution_id: string | null;
  organization_id: string | null;
  plan_id: string | null;
}

export const REDESIGN_HANDLING_PREFIX = 'redesignhandling-';

/**
 * Which commitment, institution, organization and plan an event concerns. A commitment's
 * events carry its responsible institution and plan as they were when the event was recorded
 * (kept in `audit_commitment`, which follows an acknowledged handover), so an institution's
 * trail includes its commitments' histories. The redesign workflow's own events
 * (`redesignhandling-…`) belong to the redesigned institution and, through
 * `audit_stream_plan`, to the plan of every commitment they handle.
 */
function scopeOf(context: ProjectionContext, event: ProjectedEvent): Scope {
  const data = event.data ?? {};
  if (event.streamId.startsWith(REDESIGN_HANDLING_PREFIX)) {
    const known = context.get<{ institution_id: string }>(
      `SELECT institution_id FROM audit_redesign_handling WHERE stream_id = ?`,
      [event.streamId],
    );
    return {
      commitment_id: null,
      institution_id: known?.institution_id ?? null,
      organization_id: null,
      plan_id:
        context.get<{ plan_id: string }>(
          `SELECT plan_id FROM audit_stream_plan WHERE stream_id = ? ORDER BY plan_id LIMIT 1`,
          [event.streamId],
        )?.plan_id ?? null,
    };
  }
  if (event.streamId.startsWith(COMMITMENT_PREFIX)) {
    const commitmentId = commitmentIdOf(event);
    const known = context.get<{ institution_id: string; counterpart_id: string; plan_id: string }>(
      `SELECT institution_id, counterpart_id, plan_id FROM audit_commitment WHERE commitment_id = ?`,
      [commitmentId],
    );
    return {
      commitment_id: commitmentId,
      institution_id: known?.institution_id ?? null,
      organization_id: known?.counterpart_id ?? null,
      plan_id: known?.plan_id ?? null,
    };
  }
  return {
    commitment_id: null,
    institution_id: event.streamId.startsWith('institution-')
      ? (data.institutionId ?? event.streamId.slice('institution-'.length))
      : null,
    organization_id: event.streamId.startsWith('organization-')
      ? (data.organizationId ?? event.streamId.slice('organization-'.length))
      : null,
    plan_id: event.streamId.startsWith('plan-')
      ? (data.planId ?? event.streamId.slice('plan-'.length))
      : null,
  };
}

const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);

const record: ProjectionHandler<HitosEvent> = (context, event) => {
  if (event.type === 'CommitmentDrafted' && event.streamId.startsWith(COMMITMENT_PREFIX)) {
    const d = event.data as CommitmentDrafted['data'];
    context.run(
      `INSERT INTO audit_commitment (commitment_id, institution_id, counterpart_id, plan_id)
       VALUES (?, ?, ?, ?)`,
      [commitmentIdOf(event), d.responsible.institutionId, d.counterpart.organizationId, d.planId],
    );
  }
  if (
    event.type === 'InformationHandoverAcknowledged' &&
    event.streamId.startsWith(COMMITMENT_PREFIX)
  ) {
    // The receiving institution is responsible from this event on (the acknowledgement itself
    // is its act): later events, and who counts as a party, follow it.
    const d = event.data as InformationHandoverAcknowledged['data'];
    context.run(`UPDATE audit_commitment SET institution_id = ? WHERE commitment_id = ?`, [
      d.toInstitutionId,
      commitmentIdOf(event),
    ]);
  }
  if (
    event.type === 'RedesignHandlingStarted' &&
    event.streamId.startsWith(REDESIGN_HANDLING_PREFIX)
  ) {
    const d = event.data as RedesignHandlingStarted['data'];
    context.run(
      `INSERT OR IGNORE INTO audit_redesign_handling (stream_id, institution_id) VALUES (?, ?)`,
      [event.streamId, d.redesign.institutionId],
    );
    // Every plan one of its commitments belongs to sees the workflow's events plan-wide.
    for (const commitmentId of d.commitmentIds ?? []) {
      context.run(
        `INSERT OR IGNORE INTO audit_stream_plan (stream_id, plan_id)
         SELECT ?, plan_id FROM audit_commitment WHERE commitment_id = ?`,
        [event.streamId, commitmentId],
      );
    }
  }
  if (event.type === 'MilestoneProgressReported') {
    const d = (event.data ?? {}) as Partial<MilestoneProgressReported['data']>;
    context.run(
      `INSERT OR REPLACE INTO audit_report (stream_id, report_id, classification) VALUES (?, ?, ?)`,
      [event.streamId, d.reportId, reportTextClassification(d)],
    );
  }
  const scope = scopeOf(context, event);
  const summary = summarizeEvent(event);
  const m = event.metadata ?? {};
  const actor = (m.actor ?? {}) as Record<string, unknown>;
  context.run(
    `INSERT INTO audit_event (event_id, position, stream_id, revision, type, occurred_at, recorded_at,
       actor_id, actor_role, actor_organization_id, correlation_id, causation_id, command_id,
       reason, summary_es, summary_en, commitment_id, institution_id, organization_id, plan_id,
       classification)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      event.id,
      event.position,
      event.streamId,
      event.revision,
      event.type,
      str(m.occurredAt),
      event.recordedAt,
      str(actor.id),
      str(actor.role),
      str(actor.organizationId),
      str(m.$correlationId),
      str(m.$causationId),
      str(m.commandId),
      reasonOf(event),
      summary.es,
      summary.en,
      scope.commitment_id,
      scope.institution_id,
      scope.organization_id,
      scope.plan_id,
      classificationOf(context, event),
    ],
  );
};

export const auditTrailProjection = defineProjection<HitosEvent>({
  name: 'audit-trail',
  // 2: the redesign workflow's stream (`redesignhandling-`), transfers moving a commitment's
  // trail to its receiving institution, the engine's deadline events (actor role `system`).
  // 4: classification part by part (a report's narrative, a reply's text), `audit_report`.
  version: 4,
  schema: `
    CREATE TABLE audit_event (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      -- What other events' causation ids cite.
      event_id TEXT NOT NULL,
      position TEXT NOT NULL,
      stream_id TEXT NOT NULL,
      revision INTEGER NOT NULL,
      type TEXT NOT NULL,
      occurred_at TEXT,
      recorded_at TEXT NOT NULL,
      actor_id TEXT,
      actor_role TEXT,
      actor_organization_id TEXT,
      correlation_id TEXT,
      causation_id TEXT,
      command_id TEXT,
      reason TEXT,
      summary_es TEXT NOT NULL,
      summary_en TEXT NOT NULL,
      commitment_id TEXT,
      institution_id TEXT,
      organization_id TEXT,
      plan_id TEXT,
      classification TEXT NOT NULL
    );
    CREATE INDEX audit_event_by_commitment ON audit_event (commitment_id, seq);
    CREATE INDEX audit_event_by_institution ON audit_event (institution_id, seq);
    CREATE INDEX audit_event_by_organization ON audit_event (organization_id, seq);
    CREATE INDEX audit_event_by_plan ON audit_event (plan_id, seq);
    CREATE INDEX audit_event_by_correlation ON audit_event (correlation_id, seq);
    -- Not the position: in a KurrentDB cluster the events of one append share a commit position.
    CREATE UNIQUE INDEX audit_event_by_stream ON audit_event (stream_id, revision);
    CREATE TABLE audit_commitment (
      commitment_id TEXT PRIMARY KEY,
      institution_id TEXT NOT NULL,
      counterpart_id TEXT NOT NULL,
      plan_id TEXT NOT NULL
    );
    CREATE INDEX audit_commitment_by_institution ON audit_commitment (institution_id);
    CREATE TABLE audit_redesign_handling (
      stream_id TEXT PRIMARY KEY,
      institution_id TEXT NOT NULL
    );
    CREATE TABLE audit_stream_plan (
      stream_id TEXT NOT NULL,
      plan_id TEXT NOT NULL,
      PRIMARY KEY (stream_id, plan_id)
    );
    CREATE INDEX audit_stream_plan_by_plan ON audit_stream_plan (plan_id);
    -- Each progress report's text classification, which its replies inherit.
    CREATE TABLE audit_report (
      stream_id TEXT NOT NULL,
      report_id TEXT NOT NULL,
      classification TEXT NOT NULL,
      PRIMARY KEY (stream_id, report_id)
    );
  `,
  // Every hitos event, as the domain summarises every one (its summaries are typed over the
  // whole union); the unique (stream, revision) makes a double apply fail loudly.
  handlers: Object.fromEntries(
    SUMMARIZED_EVENT_TYPES.map((type) => [type, record]),
  ) as ProjectionHandlers<HitosEvent>,
});
