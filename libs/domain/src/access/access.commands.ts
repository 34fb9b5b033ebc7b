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

/**
 * The person themself (signed in, acting under any of their grants). `grantId` names the grant
 * the token acts under; `tokenHash` is the SHA-256 (hex) of the secret the application made;
 * `expiresOn` is the last day it works, at most a year from today.
 */
export type IssueAccessToken = Command<
  'IssueAccessToken',
  {
    sub: string;
    tokenId: string;
    grantId: string;
    label: string;
    tokenHash: string;
    expiresOn: string;
  }
>;

/** The person themself, or the Presidency. */
export type RevokeAccessToken = Command<
  'RevokeAccessToken',
  { sub: string; tokenId: string; reason: string }
>;

export type AccessCommand = GrantRole | RevokeRole | IssueAccessToken | RevokeAccessToken;
