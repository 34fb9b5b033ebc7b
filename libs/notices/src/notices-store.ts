import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database, { type Database as Db } from 'better-sqlite3';
import { prepared } from '@hitos/projections';
import type { RecipientRole } from './notice';

export type Channel = 'email' | 'webhook';

export type RecipientScope =
  | { kind: 'organization'; organizationId: string }
  | { kind: 'plan'; planId: string }
  | { kind: 'presidency' };

/** A registered address or endpoint: personal data, kept here and erasable, never in events. */
export interface Recipient {
  id: string;
  scope: RecipientScope;
  role: RecipientRole;
  channel: Channel;
  /** The e-mail address, or the webhook's URL. */
  address: string;
  language: 'es' | 'en' | null;
  /** Core Group only: one message a week instead of one per fact. */
  digest: boolean;
  createdBy: string;
  createdAt: string;
}

export interface RecipientRow {
  id: string;
  scope_kind: RecipientScope['kind'];
  organization_id: string | null;
  plan_id: string | null;
  role: RecipientRole;
  channel: Channel;
  address: string;
  secret: string | null;
  language: 'es' | 'en' | null;
  digest: number;
  created_by: string;
  created_at: string;
}

export type DeliveryStatus = 'pending' | 'delivered' | 'failed' | 'no-transport' | 'dropped';

export interface DeliveryRow {
  /** `<event id>|<recipient id>`, or `digest|<recipient id>|<ISO week>`. */
  key: string;
  event_id: string;
  recipient_id: string;
  channel: Channel;
  /** The Notice (or digest) as JSON. */
  notice: string;
  status: DeliveryStatus;
  attempts: number;
  next_at: string;
  last_outcome: string | null;
  created_at: string;
  delivered_at: string | null;
}

export interface AttemptRow {
  key: string;
  attempt: number;
  at: string;
  duration_ms: number;
  ok: number;
  /** HTTP status or SMTP reply code; null when none came. */
  status: number | null;
  detail: string;
}

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS recipient (
    id TEXT PRIMARY KEY,
    scope_kind TEXT NOT NULL,
    organization_id TEXT,
    plan_id TEXT,
    role TEXT NOT NULL,
    channel TEXT NOT NULL,
    address TEXT NOT NULL,
    secret TEXT,
    language TEXT,
    digest INTEGER NOT NULL DEFAULT 0,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE INDEX IF NOT EXISTS recipient_by_role ON recipient (role, organization_id, plan_id);
  CREATE TABLE IF NOT EXISTS delivery (
    key TEXT PRIMARY KEY,
    event_id TEXT NOT NULL,
    recipient_id TEXT NOT NULL,
    channel TEXT NOT NULL,
    notice TEXT NOT NULL,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_at TEXT NOT NULL,
    last_outcome TEXT,
    created_at TEXT NOT NULL,
    delivered_at TEXT,
    UNIQUE (event_id, recipient_id)
  );
  CREATE INDEX IF NOT EXISTS delivery_due ON delivery (status, next_at);
  CREATE TABLE IF NOT EXISTS attempt (
    key TEXT NOT NULL,
    attempt INTEGER NOT NULL,
    at TEXT NOT NULL,
    duration_ms INTEGER NOT NULL,
    ok INTEGER NOT NULL,
    status INTEGER,
    detail TEXT NOT NULL,
    PRIMARY KEY (key, attempt, at)
  );
  CREATE TABLE IF NOT EXISTS cursor (name TEXT PRIMARY KEY, pos TEXT NOT NULL, event_id TEXT NOT NULL);
`;

export const toRecipient = (row: RecipientRow): Recipient => ({
  id: row.id,
  scope:
    row.scope_kind === 'organization'
      ? { kind: 'organization', organizationId: row.organization_id! }
      : row.scope_kind === 'plan'
        ? { kind: 'plan', planId: row.plan_id! }
        : { kind: 'presidency' },
  role: row.role,
  channel: row.channel,
  address: row.address,
  language: row.language,
  digest: row.digest === 1,
  createdBy: row.created_by,
  createdAt: row.created_at,
});

/** A webhook secret in the Standard Webhooks format: `whsec_` and 24 random bytes in base64. */
export const newWebhookSecret = (): string => `whsec_${randomBytes(24).toString('base64')}`;

/**
 * `<data>/notices.sqlite`: the recipients (addresses are personal data: a row deleted is gone,
 * nothing of it is in the event log) and the deliveries with every attempt. Several processes
 * may share the file (WAL); which of them sends a notice is settled in the event store.
 */
/**
 * A recipient's id, derived from what it is (scope, role, channel, address), so that every
 * instance that registers the same address gives it the same id: deliveries are keyed by
 * (event, recipient id), and one address must never be two recipients.
 */
export function recipientIdOf(
  input: Pick<Recipient, 'scope' | 'role' | 'channel' | 'address'>,
): string {
  const scope =
    input.scope.kind === 'organization'
      ? `organization:${input.scope.organizationId}`
      : input.scope.kind === 'plan'
        ? `plan:${input.scope.planId}`
        : input.scope.kind;
  const address = input.channel === 'email' ? input.address.toLowerCase() : input.address;
  const digest = createHash('sha256')
    .update([scope, input.role, input.channel, address].join('\u0000'))
    .digest('hex');
  return `r-${digest.slice(0, 32)}`;
}

export class NoticesStore {
  readonly db: Db;

  constructor(file: string) {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('busy_timeout = 5000');
    // The store holds the truth of every delivery (claims, outcomes); these rows are its local
    // working copy, re-read from the store after a crash: a power loss may lose the last
    // commits, never a notice.
    this.db.pragma('synchronous = NORMAL');
    this.db.exec(SCHEMA);
  }

  close(): void {
    this.db.close();
  }

  register(
    input: Omit<Recipient, 'id' | 'createdAt'> & { id?: string },
    now: Date,
  ): { recipient: Recipient; secret: string | null } {
    const id = input.id ?? recipientIdOf(input);
    // The same address for the same role and scope is one recipient, registered here or on
    // another instance: a second registration changes nothing and shows no new secret.
    const existing = this.recipientRow(id);
    if (existing) return { recipient: toRecipient(existing), secret: null };
    const secret = input.channel === 'webhook' ? newWebhookSecret() : null;
    this.db
      .prepare(
        `INSERT INTO recipient (id, scope_kind, organization_id, plan_id, role, channel, address,
           secret, language, digest, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        id,
        input.scope.kind,
        input.scope.kind === 'organization' ? input.scope.organizationId : null,
        input.scope.kind === 'plan' ? input.scope.planId : null,
        input.role,
        input.channel,
        input.address,
        secret,
        input.language,
        input.digest ? 1 : 0,
        input.createdBy,
        now.toISOString(),
      );
    return { recipient: toRecipient(this.recipientRow(id)!), secret };
  }

  recipientRow(id: string): RecipientRow | undefined {
    return prepared(this.db, 'SELECT * FROM recipient WHERE id = ?').get(id) as
      RecipientRow | undefined;
  }

  recipients(): RecipientRow[] {
    return this.db
      .prepare('SELECT * FROM recipient ORDER BY created_at, id')
      .all() as RecipientRow[];
  }

  /** Erases the recipient: its address and secret are gone; its pending deliveries are dropped. */
  remove(id: string): boolean {
    return this.db.transaction(() => {
      const removed = this.db.prepare('DELETE FROM recipient WHERE id = ?').run(id).changes > 0;
      if (removed) {
        this.db
          .prepare(
            `UPDATE delivery SET status = 'dropped', last_outcome = 'recipient removed'
              WHERE recipient_id = ? AND status IN ('pending', 'no-transport')`,
          )
          .run(id);
      }
      return removed;
    })();
  }

  deliveries(): DeliveryRow[] {
    return this.db
      .prepare('SELECT * FROM delivery ORDER BY created_at, key')
      .all() as DeliveryRow[];
  }

  attempts(key?: string): AttemptRow[] {
    return (
      key
        ? this.db.prepare('SELECT * FROM attempt WHERE key = ? ORDER BY attempt, at').all(key)
        : this.db.prepare('SELECT * FROM attempt ORDER BY key, attempt, at').all()
    ) as AttemptRow[];
  }

  /** Deliveries by channel and status, for metrics. */
  counts(): { channel: Channel; status: DeliveryStatus; n: number }[] {
    return this.db
      .prepare('SELECT channel, status, COUNT(*) AS n FROM delivery GROUP BY channel, status')
      .all() as { channel: Channel; status: DeliveryStatus; n: number }[];
  }
}
