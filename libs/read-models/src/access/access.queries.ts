import type { Database } from 'better-sqlite3';
import { planDateOf, summarizeAccessEvent, type GrantableRole } from '@hitos/domain';
import { prepared } from '@hitos/projections';
import type { AccessGrantRow, AccessPersonRow } from './access.projection';

export interface ActorRef {
  sub: string | null;
  role: string | null;
  organizationId: string | null;
}

export type GrantStatus = 'active' | 'revoked' | 'expired';

/** One grant as the API shows it. */
export interface GrantView {
  grantId: string;
  sub: string;
  role: GrantableRole;
  organizationId: string | null;
  planId: string | null;
  reason: string;
  grantedOn: string;
  validUntil: string | null;
  grantedAt: string;
  grantedBy: ActorRef;
  position: string;
  revocation: {
    revokedOn: string;
    revokedAt: string;
    revokedBy: ActorRef;
    reason: string;
    position: string;
  } | null;
  /** At the moment asked (now, or `asOf`). */
  status: GrantStatus;
  summary: { es: string; en: string };
}

export interface PersonGrantsView {
  sub: string;
  revision: number;
  /** Grants the person may act under at the cut (now, unless a past one was asked). */
  active: GrantView[];
  /** Every grant, in the order granted, revoked and expired ones included. */
  history: GrantView[];
}

/** "Who may act for X": as hitos knew it at a moment (recorded time), or as it happened by a date. */
export type AccessCut =
  /** Recorded time: granted_at ≤ moment < revoked_at, and not past its last day then. */
  | { kind: 'as-known'; at: Date }
  /** Occurrence dates: granted_on ≤ date < revoked_on, and not past its last day. */
  | { kind: 'as-happened'; date: string };

function statusAt(row: AccessGrantRow, cut: AccessCut): GrantStatus {
  if (cut.kind === 'as-known') {
    const at = cut.at.toISOString();
    if (row.revoked_at !== null && row.revoked_at <= at) return 'revoked';
    return row.valid_until !== null && row.valid_until < planDateOf(cut.at) ? 'expired' : 'active';
  }
  if (row.revoked_on !== null && row.revoked_on <= cut.date) return 'revoked';
  return row.valid_until !== null && row.valid_until < cut.date ? 'expired' : 'active';
}

function viewOf(row: AccessGrantRow, cut: AccessCut): GrantView {
  const scope = {
    ...(row.organization_id !== null ? { organizationId: row.organization_id } : {}),
    ...(row.plan_id !== null ? { planId: row.plan_id } : {}),
  };
  return {
    grantId: row.grant_id,
    sub: row.sub,
    role: row.role as GrantableRole,
    organizationId: row.organization_id,
    planId: row.plan_id,
    reason: row.reason,
    grantedOn: row.granted_on,
    validUntil: row.valid_until,
    grantedAt: row.granted_at,
    grantedBy: {
      sub: row.granted_by_sub,
      role: row.granted_by_role,
      organizationId: row.granted_by_organization_id,
    },
    position: row.granted_position,
    revocation:
      row.revoked_at === null
        ? null
        : {
            revokedOn: row.revoked_on!,
            revokedAt: row.revoked_at,
            revokedBy: {
              sub: row.revoked_by_sub,
              role: row.revoked_by_role,
              organizationId: row.revoked_by_organization_id,
            },
            reason: row.revoked_reason!,
            position: row.revoked_position!,
          },
    status: statusAt(row, cut),
    summary: summarizeAccessEvent({
      type: 'RoleGranted',
      data: {
        grantId: row.grant_id,
        sub: row.sub,
        role: row.role as GrantableRole,
        ...scope,
        reason: row.reason,
        grantedOn: row.granted_on,
        ...(row.valid_until !== null ? { validUntil: row.valid_until } : {}),
      },
    }),
  };
}

/**
 * A person's grants, the active ones and the whole history; null when never granted any. At a
 * past cut, only what was known (recorded by `at`) or had happened (by `date`) then: later
 * grants are left out, and a later revocation is not shown.
 */
export function personGrants(db: Database, sub: string, cut: AccessCut): PersonGrantsView | null {
  const person = prepared(db, `SELECT * FROM access_person WHERE sub = ?`).get(sub) as
    AccessPersonRow | undefined;
  if (!person) return null;
  const rows = prepared(db, `SELECT * FROM access_grant WHERE sub = ? ORDER BY rowid`).all(
    sub,
  ) as AccessGrantRow[];
  const known = (row: AccessGrantRow) =>
    cut.kind === 'as-known' ? row.granted_at <= cut.at.toISOString() : row.granted_on <= cut.date;
  const revokedBy = (row: AccessGrantRow) =>
    row.revoked_at !== null &&
    (cut.kind === 'as-known'
      ? row.revoked_at <= cut.at.toISOString()
      : row.revoked_on !== null && row.revoked_on <= cut.date);
  const history = rows.filter(known).map((row) =>
    viewOf(
      revokedBy(row)
        ? row
        : {
            ...row,
            revoked_on: null,
            revoked_at: null,
            revoked_by_sub: null,
            revoked_by_role: null,
            revoked_by_organization_id: null,
            revoked_reason: null,
            revoked_position: null,
          },
      cut,
    ),
  );
  return {
    sub,
    revision: person.revision,
    active: history.filter((grant) => grant.status === 'active'),
    history,
  };
}

/** Whom a grant speaks for: an institution (role institution), an organization (counterpart). */
export type GrantScope =
  | { role: 'institution'; organizationId: string }
  | { role: 'counterpart'; organizationId: string }
  | { role: 'core-group'; planId: string };

function activeCondition(cut: AccessCut): { sql: string; params: Record<string, unknown> } {
  if (cut.kind === 'as-known') {
    return {
      sql: `granted_at <= @at AND (revoked_at IS NULL OR revoked_at > @at)
        AND (valid_until IS NULL OR valid_until >= @day)`,
      params: { at: cut.at.toISOString(), day: planDateOf(cut.at) },
    };
  }
  return {
    sql: `granted_on <= @day AND (revoked_on IS NULL OR revoked_on > @day)
      AND (valid_until IS NULL OR valid_until >= @day)`,
    params: { day: cut.date },
  };
}

/** The grants under which someone could act for the scope at the cut, oldest first. */
export function peopleFor(db: Database, scope: GrantScope, cut: AccessCut): GrantView[] {
  const { sql, params } = activeCondition(cut);
  const [column, id] =
    scope.role === 'core-group'
      ? ['plan_id', scope.planId]
      : ['organization_id', scope.organizationId];
  const rows = prepared(
    db,
    `SELECT * FROM access_grant WHERE ${column} = @id AND role = @role AND ${sql}
      ORDER BY granted_at, rowid`,
  ).all({ ...params, id, role: scope.role }) as AccessGrantRow[];
  return rows.map((row) => viewOf(row, cut));
}

/**
 * Whether the person holds an active grant of the role at `now` (for that institution or
 * organization; any seat for core-group; only the role for presidency and auditor).
 */
export function hasActiveGrant(
  db: Database,
  sub: string,
  role: string,
  organizationId: string | undefined,
  now: Date,
): boolean {
  const { sql, params } = activeCondition({ kind: 'as-known', at: now });
  const scoped = role === 'institution' || role === 'counterpart';
  const row = prepared(
    db,
    `SELECT 1 FROM access_grant WHERE sub = @sub AND role = @role
      AND (@scoped = 0 OR organization_id = @organizationId) AND ${sql} LIMIT 1`,
  ).get({ ...params, sub, role, scoped: scoped ? 1 : 0, organizationId: organizationId ?? null });
  return row !== undefined;
}
