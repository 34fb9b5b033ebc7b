export const ROLES = [
  'presidency',
  'core-group',
  'institution',
  'counterpart',
  'auditor',
  'public',
  'system',
] as const;
export type Role = (typeof ROLES)[number];

/**
 * Roles a person can hold (in a bearer token). `system` is hitos itself: its workflows and
 * timers act under it, and no token may claim it.
 */
export const PERSON_ROLES = ROLES.filter(
  (role): role is Exclude<Role, 'system'> => role !== 'system',
);
export type PersonRole = (typeof PERSON_ROLES)[number];

export interface Actor {
  id: string;
  role: Role;
  /**
   * Whom the actor speaks for: the institution id for role `institution`, the organization id
   * for role `counterpart`. Scope checks compare it with the ids a stream names.
   */
  organizationId?: string;
  /**
   * The plan whose Core Group seat the actor holds (role `core-group`, from their grant): they
   * concur only on that plan's commitments. Absent for development tokens, which name no plan.
   */
  planId?: string;
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
