import { COMMITMENT_EVENT_SCHEMA_VERSIONS } from '@hitos/domain';
import type {
  Projection,
  ProjectedEvent,
  ProjectionContext,
  ProjectionHandler,
} from '@hitos/projections';
import type { CommitmentContext, Notice } from './notice';
import { NOTICE_EVENT_TYPES, noticesFor } from './rules';

/** The model's name: its file is `<data>/projections/notices-outbox.sqlite`. */
export const NOTICES_OUTBOX_PROJECTION = 'notices-outbox';

/** A fact that notifies someone, as the dispatcher reads it. */
export interface FactRow {
  /** `<20-digit commit position>` — with event_id, the order facts are expanded in. */
  pos: string;
  event_id: string;
  plan_id: string | null;
  /** The Notice, as JSON. */
  notice: string;
  recorded_at: string;
}

/** A change on a plan's commitment, for the Core Group's weekly digest. */
export interface ChangeRow {
  pos: string;
  event_id: string;
  plan_id: string;
  commitment_id: string;
  type: string;
  recorded_at: string;
}

const SCHEMA = `
  -- Who a commitment's parties are, from its events as they happened (never a later read).
  CREATE TABLE commitment (
    commitment_id TEXT PRIMARY KEY,
    plan_id TEXT NOT NULL,
    number INTEGER NOT NULL,
    title TEXT NOT NULL,
    institution_id TEXT NOT NULL,
    counterpart_id TEXT NOT NULL
  );
  -- Each fact that notifies someone, once (its event id), with its audiences: no addresses.
  CREATE TABLE fact (
    event_id TEXT PRIMARY KEY,
    pos TEXT NOT NULL,
    plan_id TEXT,
    notice TEXT NOT NULL,
    recorded_at TEXT NOT NULL
  );
  CREATE INDEX fact_in_order ON fact (pos, event_id);
  -- Every change of a plan's commitments, for the weekly digest.
  CREATE TABLE change (
    event_id TEXT PRIMARY KEY,
    pos TEXT NOT NULL,
    plan_id TEXT NOT NULL,
    commitment_id TEXT NOT NULL,
    type TEXT NOT NULL,
    recorded_at TEXT NOT NULL
  );
  CREATE INDEX change_by_plan ON change (plan_id, recorded_at);
`;

/** A commit position padded so that TEXT order is `$all` order. */
export const padPosition = (position: string): string => position.padStart(20, '0');

const commitmentIdOf = (event: ProjectedEvent): string | null =>
  event.streamId.startsWith('commitment-') ? event.streamId.slice('commitment-'.length) : null;

function contextOf(db: ProjectionContext, commitmentId: string): CommitmentContext | undefined {
  const row = db.get<{
    commitment_id: string;
    plan_id: string;
    number: number;
    title: string;
    institution_id: string;
    counterpart_id: string;
  }>('SELECT * FROM commitment WHERE commitment_id = ?', [commitmentId]);
  return row
    ? {
        commitmentId: row.commitment_id,
        planId: row.plan_id,
        number: row.number,
        title: row.title,
        institutionId: row.institution_id,
        counterpartId: row.counterpart_id,
      }
    : undefined;
}

const recordedAtOf = (event: ProjectedEvent): string =>
  typeof event.metadata?.recordedAt === 'string' ? event.metadata.recordedAt : event.recordedAt;

const apply: ProjectionHandler<{ type: string; data: any }> = (db, event) => {
  const commitmentId = commitmentIdOf(event);
  if (!commitmentId) return;
  const recordedAt = recordedAtOf(event);
  const pos = padPosition(event.position);
  if (event.type === 'CommitmentDrafted') {
    const d = event.data;
    db.run(`INSERT OR REPLACE INTO commitment VALUES (?, ?, ?, ?, ?, ?)`, [
      commitmentId,
      d.planId,
      d.number,
      d.title,
      d.responsible.institutionId,
      d.counterpart.organizationId,
    ]);
  } else if (event.type === 'InformationHandoverAcknowledged') {
    // The receiving institution becomes responsible: later notices go to it.
    db.run('UPDATE commitment SET institution_id = ? WHERE commitment_id = ?', [
      event.data.toInstitutionId,
      commitmentId,
    ]);
  }
  const context = contextOf(db, commitmentId);
  if (!context) return;
  db.run('INSERT OR IGNORE INTO change VALUES (?, ?, ?, ?, ?, ?)', [
    event.id,
    pos,
    context.planId,
    commitmentId,
    event.type,
    recordedAt,
  ]);
  for (const notice of noticesFor(
    { id: event.id, type: event.type, data: event.data, recordedAt },
    context,
  )) {
    db.run('INSERT OR IGNORE INTO fact VALUES (?, ?, ?, ?, ?)', [
      notice.eventId,
      pos,
      notice.planId,
      JSON.stringify(notice satisfies Notice),
      recordedAt,
    ]);
  }
};

/**
 * The outbox: the facts that notify someone, kept by the projection runner in the same SQLite
 * transaction as its checkpoint, so each is recorded once whatever crashes. It holds no
 * address: the dispatcher expands each fact to the registered recipients (see docs/notices.md).
 * Every commitment event type is followed (for the digest and the parties); the rules' types
 * that no branch records yet (questions, reschedule requests) are followed by name.
 */
export function noticesOutboxProjection(): Projection {
  const types = new Set([...Object.keys(COMMITMENT_EVENT_SCHEMA_VERSIONS), ...NOTICE_EVENT_TYPES]);
  return {
    name: NOTICES_OUTBOX_PROJECTION,
    version: 1,
    schema: SCHEMA,
    handlers: Object.fromEntries([...types].map((type) => [type, apply])),
  };
}
