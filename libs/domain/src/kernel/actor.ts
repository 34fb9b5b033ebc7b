export const ROLES = [
  'presidency',
  'core-group',
  'institution',
  'counterpart',
  'auditor',
  'public',
] as const;
export type Role = (typeof ROLES)[number];

export interface Actor {
  id: string;
  role: Role;
  /**
   * Whom the actor speaks for: the institution id for role `institution`, the organization id
   * for role `counterpart`. Scope checks compare it with the ids a stream names.
   */
  organizationId?: string;
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
