import type { DomainEvent } from '../kernel/decider';
import type { IsoDate } from '../kernel/dates';
import type { LocalizedMessage } from '../kernel/domain-error';

/**
 * The roles the Presidency grants a person: the roles of a bearer token but `public` (which
 * needs no grant) and `system` (hitos itself).
 */
export const GRANTABLE_ROLES = [
  'institution',
  'counterpart',
  'core-group',
  'presidency',
  'auditor',
] as const;
export type GrantableRole = (typeof GRANTABLE_ROLES)[number];

/** The roles that speak for an institution (its id) or an organization (its id). */
export const ROLES_WITH_ORGANIZATION: readonly GrantableRole[] = ['institution', 'counterpart'];
/** The role that holds a seat in a plan's Core Group (the plan's id). */
export const ROLES_WITH_PLAN: readonly GrantableRole[] = ['core-group'];

/**
 * The Presidency granted a person (the identity provider's subject `sub`) a role: for an
 * institution or organization (`organizationId`), or a Core Group seat of a plan (`planId`).
 * Who granted it, and when it was recorded, are the event's metadata.
 */
export type RoleGranted = DomainEvent<
  'RoleGranted',
  {
    grantId: string;
    sub: string;
    role: GrantableRole;
    /** Institution id (role institution) or organization id (role counterpart). */
    organizationId?: string;
    /** The plan of a Core Group seat (role core-group). */
    planId?: string;
    reason: string;
    /** The day of the grant, on the plan's calendar (the command's `now`). */
    grantedOn: IsoDate;
    /** The last day it is valid, inclusive; absent: until revoked. */
    validUntil?: IsoDate;
  }
>;

/** The Presidency revoked a grant; from then on the person may no longer act under it. */
export type RoleRevoked = DomainEvent<
  'RoleRevoked',
  {
    grantId: string;
    sub: string;
    role: GrantableRole;
    organizationId?: string;
    planId?: string;
    reason: string;
    revokedOn: IsoDate;
  }
>;

export type AccessEvent = RoleGranted | RoleRevoked;
export type AccessEventType = AccessEvent['type'];

type Of<T extends AccessEventType> = Extract<AccessEvent, { type: T }>['data'];

const ROLE_ES: Record<GrantableRole, string> = {
  institution: 'institución',
  counterpart: 'contraparte',
  'core-group': 'Grupo Núcleo',
  presidency: 'Presidencia',
  auditor: 'auditoría',
};

const scopeEs = (d: { organizationId?: string; planId?: string }) =>
  d.organizationId ? ` por ${d.organizationId}` : d.planId ? ` en el plan ${d.planId}` : '';
const scopeEn = (d: { organizationId?: string; planId?: string }) =>
  d.organizationId ? ` for ${d.organizationId}` : d.planId ? ` in plan ${d.planId}` : '';

/**
 * Each access event's schema version and audit line. The line names the role and the
 * organization or plan id (a portal replaces ids with names), never the person: a person's
 * subject is personal data, and these lines are shown only to the Presidency, auditors and the
 * person (access events stay out of the public audit trail).
 */
export const ACCESS_EVENT_RULES: {
  [T in AccessEventType]: { version: number; summary: (data: Of<T>) => LocalizedMessage };
} = {
  RoleGranted: {
    version: 1,
    summary: (d) => ({
      es: `Se otorgó el rol ${ROLE_ES[d.role]}${scopeEs(d)}${d.validUntil ? ` hasta el ${d.validUntil}` : ''}.`,
      en: `Role ${d.role} granted${scopeEn(d)}${d.validUntil ? ` until ${d.validUntil}` : ''}.`,
    }),
  },
  RoleRevoked: {
    version: 1,
    summary: (d) => ({
      es: `Se revocó el rol ${ROLE_ES[d.role]}${scopeEs(d)}.`,
      en: `Role ${d.role} revoked${scopeEn(d)}.`,
    }),
  },
};

export const ACCESS_EVENT_SCHEMA_VERSIONS: Record<AccessEventType, number> = {
  RoleGranted: ACCESS_EVENT_RULES.RoleGranted.version,
  RoleRevoked: ACCESS_EVENT_RULES.RoleRevoked.version,
};

/** The audit line of an access event. */
export function summarizeAccessEvent(event: AccessEvent): LocalizedMessage {
  return event.type === 'RoleGranted'
    ? ACCESS_EVENT_RULES.RoleGranted.summary(event.data)
    : ACCESS_EVENT_RULES.RoleRevoked.summary(event.data);
}

/** One stream per person, named by the identity provider's subject. */
export const PERSON_STREAM_PREFIX = 'person-';
export const personStreamName = (sub: string) => `${PERSON_STREAM_PREFIX}${sub}`;
