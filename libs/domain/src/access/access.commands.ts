import type { Command } from '../kernel/decider';
import type { InstitutionRef } from '../institution/institution.state';
import type { OrganizationRef } from '../organization/organization.state';
import type { PlanRef } from '../action-plan/action-plan.state';
import type { GrantableRole } from './access.events';

/**
 * What the decision needs to know about the institution, organization or plan a grant names,
 * built by the application layer from that stream (the decider sees only the person's).
 */
export interface GrantScopeContext {
  institution?: InstitutionRef;
  organization?: OrganizationRef;
  plan?: PlanRef;
}

/**
 * Presidency only. `organizationId` is required for institution (an institution id) and
 * counterpart (an organization id), `planId` for core-group; neither for presidency or auditor.
 */
export type GrantRole = Command<
  'GrantRole',
  {
    grantId: string;
    sub: string;
    role: GrantableRole;
    organizationId?: string;
    planId?: string;
    reason: string;
    validUntil?: string;
    context: GrantScopeContext;
  }
>;

/** Presidency only. */
export type RevokeRole = Command<'RevokeRole', { grantId: string; sub: string; reason: string }>;

export type AccessCommand = GrantRole | RevokeRole;
