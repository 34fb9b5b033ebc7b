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

/**
 * The person made a personal access token for an integration: it acts in the role of one of
 * their grants (`grantId`, its role and organization or plan copied here) until `expiresOn`,
 * inclusive, or until revoked, and never beyond the grant. Only the SHA-256 of the token's
 * secret is kept (`tokenHash`); the secret was shown once, to the person.
 */
export type AccessTokenIssued = DomainEvent<
  'AccessTokenIssued',
  {
    tokenId: string;
    sub: string;
    grantId: string;
    role: GrantableRole;
    organizationId?: string;
    planId?: string;
    /** What the person called it (the integration it serves). */
    label: string;
    tokenHash: string;
    issuedOn: IsoDate;
    expiresOn: IsoDate;
  }
>;

/** The person or the Presidency revoked a personal access token: the next request with it fails. */
export type AccessTokenRevoked = DomainEvent<
  'AccessTokenRevoked',
  { tokenId: string; sub: string; reason: string; revokedOn: IsoDate }
>;

export type AccessEvent = RoleGranted | RoleRevoked | AccessTokenIssued | AccessTokenRevoked;
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
  AccessTokenIssued: {
    version: 1,
    summary: (d) => ({
      es: `Se emitió un token de acceso personal con el rol ${ROLE_ES[d.role]}${scopeEs(d)} hasta el ${d.expiresOn}.`,
      en: `Personal access token issued with role ${d.role}${scopeEn(d)} until ${d.expiresOn}.`,
    }),
  },
  AccessTokenRevoked: {
    version: 1,
    summary: () => ({
      es: 'Se revocó un token de acceso personal.',
      en: 'Personal access token revoked.',
    }),
  },
};

export const ACCESS_EVENT_SCHEMA_VERSIONS = Object.fromEntries(
  Object.entries(ACCESS_EVENT_RULES).map(([type, rule]) => [type, rule.version]),
) as Record<AccessEventType, number>;

/** The audit line of an access event. */
export function summarizeAccessEvent(event: AccessEvent): LocalizedMessage {
  const summary = ACCESS_EVENT_RULES[event.type].summary as (
    data: AccessEvent['data'],
  ) => LocalizedMessage;
  return summary(event.data);
}

/** One stream per person, named by the identity provider's subject. */
export const PERSON_STREAM_PREFIX = 'person-';
export const personStreamName = (sub: string) => `${PERSON_STREAM_PREFIX}${sub}`;
