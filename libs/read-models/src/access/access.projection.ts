import type {
  AccessEvent,
  AccessTokenIssued,
  AccessTokenRevoked,
  RoleGranted,
  RoleRevoked,
} from '@hitos/domain';
import { PERSON_STREAM_PREFIX } from '@hitos/domain';
import { defineProjection, type ProjectedOf, type ProjectionContext } from '@hitos/projections';

export const ACCESS = 'access';

/** One grant, and its revocation when there is one. */
export interface AccessGrantRow {
  sub: string;
  grant_id: string;
  role: string;
  organization_id: string | null;
  plan_id: string | null;
  reason: string;
  /** The day of the grant on the plan's calendar (the command's `now`): as it happened. */
  granted_on: string;
  valid_until: string | null;
  /** When hitos recorded it (UTC ISO): what an `asOf` question compares with. */
  granted_at: string;
  granted_by_sub: string | null;
  granted_by_role: string | null;
  granted_by_organization_id: string | null;
  granted_position: string;
  revoked_on: string | null;
  revoked_at: string | null;
  revoked_by_sub: string | null;
  revoked_by_role: string | null;
  revoked_by_organization_id: string | null;
  revoked_reason: string | null;
  revoked_position: string | null;
}

export interface AccessPersonRow {
  sub: string;
  /** The person's stream revision: the ETag of their grants. */
  revision: number;
  position: string;
}

/** Recorded times as UTC ISO, whatever offset they were written with, so they compare as text. */
const utc = (iso: string) => new Date(iso).toISOString();

function actorOf(event: ProjectedOf<AccessEvent>) {
  const actor = (event.metadata?.actor ?? {}) as Record<string, unknown>;
  const str = (value: unknown) => (typeof value === 'string' ? value : null);
  return [str(actor.id), str(actor.role), str(actor.organizationId)];
}

function touchPerson(context: ProjectionContext, event: ProjectedOf<AccessEvent>, sub: string) {
  context.run(
    `INSERT INTO access_person (sub, revision, position) VALUES (?, ?, ?)
     ON CONFLICT (sub) DO UPDATE SET revision = excluded.revision, position = excluded.position`,
    [sub, event.revision, event.position],
  );
}

const isPersonStream = (event: { streamId: string }) =>
  event.streamId.startsWith(PERSON_STREAM_PREFIX);

/**
 * Who may act for whom: every grant of a role to a person, who granted it and why, and its
 * revocation, with the times hitos recorded them, so that "who could act for X at a moment"
 * is one query (`granted_at <= moment < revoked_at`). Personal data: the API serves it only to
 * the Presidency, auditors and the person; no public view reads it.
 */
export const accessProjection = defineProjection<AccessEvent>({
  name: ACCESS,
  version: 1,
  schema: `
    CREATE TABLE access_grant (
      sub TEXT NOT NULL,
      grant_id TEXT NOT NULL,
      role TEXT NOT NULL,
      organization_id TEXT,
      plan_id TEXT,
      reason TEXT NOT NULL,
      granted_on TEXT NOT NULL,
      valid_until TEXT,
      granted_at TEXT NOT NULL,
      granted_by_sub TEXT,
      granted_by_role TEXT,
      granted_by_organization_id TEXT,
      granted_position TEXT NOT NULL,
      revoked_on TEXT,
      revoked_at TEXT,
      revoked_by_sub TEXT,
      revoked_by_role TEXT,
      revoked_by_organization_id TEXT,
      revoked_reason TEXT,
      revoked_position TEXT,
      PRIMARY KEY (sub, grant_id)
    );
    CREATE TABLE access_person (
      sub TEXT PRIMARY KEY,
      revision INTEGER NOT NULL,
      position TEXT NOT NULL
    );
  `,
  indexes: `
    CREATE INDEX IF NOT EXISTS access_grant_by_organization
      ON access_grant (organization_id, role, granted_at);
    CREATE INDEX IF NOT EXISTS access_grant_by_plan ON access_grant (plan_id, role, granted_at);
  `,
  handlers: {
    RoleGranted: (context, event: ProjectedOf<RoleGranted>) => {
      if (!isPersonStream(event)) return;
      const d = event.data;
      context.run(
        `INSERT INTO access_grant (sub, grant_id, role, organization_id, plan_id, reason,
           granted_on, valid_until, granted_at, granted_by_sub, granted_by_role,
           granted_by_organization_id, granted_position)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [
          d.sub,
          d.grantId,
          d.role,
          d.organizationId ?? null,
          d.planId ?? null,
          d.reason,
          d.grantedOn,
          d.validUntil ?? null,
          utc(event.recordedAt),
          ...actorOf(event),
          event.position,
        ],
      );
      touchPerson(context, event, d.sub);
    },
    RoleRevoked: (context, event: ProjectedOf<RoleRevoked>) => {
      if (!isPersonStream(event)) return;
      const d = event.data;
      const [bySub, byRole, byOrganization] = actorOf(event);
      context.run(
        `UPDATE access_grant SET revoked_on = ?, revoked_at = ?, revoked_by_sub = ?,
           revoked_by_role = ?, revoked_by_organization_id = ?, revoked_reason = ?,
           revoked_position = ?
         WHERE sub = ? AND grant_id = ?`,
        [
          d.revokedOn,
          utc(event.recordedAt),
          bySub,
          byRole,
          byOrganization,
          d.reason,
          event.position,
          d.sub,
          d.grantId,
        ],
      );
      touchPerson(context, event, d.sub);
    },
    // Personal access tokens are checked against the person's stream itself (the guard folds
    // it); here they only move the person's revision, which the grants' ETag follows.
    AccessTokenIssued: (context, event: ProjectedOf<AccessTokenIssued>) => {
      if (isPersonStream(event)) touchPerson(context, event, event.data.sub);
    },
    AccessTokenRevoked: (context, event: ProjectedOf<AccessTokenRevoked>) => {
      if (isPersonStream(event)) touchPerson(context, event, event.data.sub);
    },
  },
});
