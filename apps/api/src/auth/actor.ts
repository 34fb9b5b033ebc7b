import { PERSON_ROLES, type Actor, type PersonRole, type Role } from '@hitos/domain';

/** The roles a token may claim: never `system`, which only hitos's own workflows hold. */
export const ROLES = PERSON_ROLES;
export { type Actor, type Role };

/** Claims of a hitos bearer token. */
export interface TokenClaims {
  sub: string;
  role: PersonRole;
  /** Institution id (role institution) or organization id (role counterpart). */
  org?: string;
  /** Display name, for logs and the demo. */
  name?: string;
  /**
   * The token stands for an identity provider's session (OIDC sign-in): the person may act in
   * `role` only under an active grant of it (see docs/access.md). Development tokens
   * (`npm run token`) carry no such claim and act in their role unchecked.
   */
  idp?: boolean;
}

export const ANONYMOUS: Actor = { id: 'anonymous', role: 'public' };

export function isRole(value: unknown): value is PersonRole {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export function actorFromClaims(claims: TokenClaims): Actor {
  return claims.org
    ? { id: claims.sub, role: claims.role, organizationId: claims.org }
    : { id: claims.sub, role: claims.role };
}
