import { ROLES, type Actor, type Role } from '@hitos/domain';

export { ROLES, type Actor, type Role };

/** Claims of a hitos bearer token. */
export interface TokenClaims {
  sub: string;
  role: Role;
  /** Institution id (role institution) or organization id (role counterpart). */
  org?: string;
  /** Display name, for logs and the demo. */
  name?: string;
}

export const ANONYMOUS: Actor = { id: 'anonymous', role: 'public' };

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export function actorFromClaims(claims: TokenClaims): Actor {
  return claims.org
    ? { id: claims.sub, role: claims.role, organizationId: claims.org }
    : { id: claims.sub, role: claims.role };
}
