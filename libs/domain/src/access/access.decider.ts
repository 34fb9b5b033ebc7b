import { addDays, dateOf } from '../kernel/dates';
import type { Decider } from '../kernel/decider';
import type { DomainError } from '../kernel/domain-error';
import { Errors } from '../kernel/error-catalogue';
import {
  requireDate,
  requireEnum,
  requireRole,
  requireText,
  requireTimestamp,
  type Check,
} from '../kernel/validation';
import type {
  AccessCommand,
  GrantRole,
  IssueAccessToken,
  RevokeAccessToken,
  RevokeRole,
} from './access.commands';
import {
  GRANTABLE_ROLES,
  ROLES_WITH_ORGANIZATION,
  ROLES_WITH_PLAN,
  type AccessEvent,
} from './access.events';
import { evolveAccess, initialAccessState, isGrantActive, type AccessState } from './access.state';

/** The id field a role needs (organizationId, planId or none), and that the others refuse. */
function requireScope(data: GrantRole['data']): Check {
  const needsOrganization = ROLES_WITH_ORGANIZATION.includes(data.role);
  const needsPlan = ROLES_WITH_PLAN.includes(data.role);
  const unused = (field: string, value: unknown) =>
    Errors.invalidField(field, value, `not used by the role ${data.role}`);
  if (needsOrganization) {
    return (
      requireText('organizationId', data.organizationId) ??
      (data.planId !== undefined ? unused('planId', data.planId) : undefined)
    );
  }
  if (needsPlan) {
    return (
      requireText('planId', data.planId) ??
      (data.organizationId !== undefined
        ? unused('organizationId', data.organizationId)
        : undefined)
    );
  }
  return data.organizationId !== undefined
    ? unused('organizationId', data.organizationId)
    : data.planId !== undefined
      ? unused('planId', data.planId)
      : undefined;
}

/** The institution, organization or plan the grant names exists (from the context). */
function requireKnownScope(data: GrantRole['data']): Check {
  const context = data.context ?? {};
  switch (data.role) {
    case 'institution': {
      const ref = context.institution;
      if (!ref || ref.institutionId !== data.organizationId || !ref.exists)
        return Errors.grantScopeNotFound('organizationId', 'institution', data.organizationId!);
      return ref.status === 'active'
        ? undefined
        : Errors.institutionNotActive(ref.institutionId, ref.status);
    }
    case 'counterpart': {
      const ref = context.organization;
      return !ref || ref.organizationId !== data.organizationId || !ref.exists
        ? Errors.grantScopeNotFound('organizationId', 'organization', data.organizationId!)
        : undefined;
    }
    case 'core-group': {
      const ref = context.plan;
      return !ref || ref.planId !== data.planId || !ref.exists
        ? Errors.grantScopeNotFound('planId', 'plan', data.planId!)
        : undefined;
    }
    default:
      return undefined;
  }
}

function grantRole(command: GrantRole, state: AccessState): AccessEvent[] | DomainError {
  const { data, metadata } = command;
  const today = dateOf(metadata.now);
  const refusal =
    requireTimestamp('metadata.now', metadata.now) ??
    // hitos itself grants only the first Presidency of an installation (its bootstrap).
    requireRole(
      command.type,
      metadata.actor,
      data.role === 'presidency' ? ['presidency', 'system'] : ['presidency'],
    ) ??
    requireText('sub', data.sub) ??
    (state.status === 'Known' && state.sub !== data.sub
      ? Errors.contextMismatch('sub', state.sub, data.sub)
      : undefined) ??
    requireText('grantId', data.grantId) ??
    requireEnum('role', data.role, GRANTABLE_ROLES) ??
    requireScope(data) ??
    requireText('reason', data.reason) ??
    (data.validUntil !== undefined
      ? (requireDate('validUntil', data.validUntil) ??
        (data.validUntil < today
          ? Errors.invalidField('validUntil', data.validUntil, `expected ${today} or later`)
          : undefined))
      : undefined);
  if (refusal) return refusal;
  const grants = state.status === 'Known' ? state.grants : [];
  if (grants.some((grant) => grant.grantId === data.grantId))
    return Errors.grantIdDuplicate(data.grantId);
  const twin = grants.find(
    (grant) =>
      grant.role === data.role &&
      grant.organizationId === (data.organizationId ?? null) &&
      grant.planId === (data.planId ?? null) &&
      isGrantActive(grant, today),
  );
  if (twin) return Errors.grantAlreadyActive(data.role, data, twin.grantId);
  const unknown = requireKnownScope(data);
  if (unknown) return unknown;
  return [
    {
      type: 'RoleGranted',
      data: {
        grantId: data.grantId,
        sub: data.sub,
        role: data.role,
        ...(data.organizationId !== undefined ? { organizationId: data.organizationId } : {}),
        ...(data.planId !== undefined ? { planId: data.planId } : {}),
        reason: data.reason,
        grantedOn: today,
        ...(data.validUntil !== undefined ? { validUntil: data.validUntil } : {}),
      },
    },
  ];
}

function revokeRole(command: RevokeRole, state: AccessState): AccessEvent[] | DomainError {
  const { data, metadata } = command;
  const refusal =
    requireTimestamp('metadata.now', metadata.now) ??
    requireRole(command.type, metadata.actor, ['presidency']) ??
    requireText('grantId', data.grantId) ??
    requireText('reason', data.reason);
  if (refusal) return refusal;
  const grant =
    state.status === 'Known' ? state.grants.find((g) => g.grantId === data.grantId) : undefined;
  if (state.status !== 'Known' || !grant) return Errors.grantNotFound(data.grantId);
  if (grant.revokedOn !== null) return Errors.grantAlreadyRevoked(grant.grantId, grant.revokedOn);
  return [
    {
      type: 'RoleRevoked',
      data: {
        grantId: grant.grantId,
        sub: state.sub,
        role: grant.role,
        ...(grant.organizationId !== null ? { organizationId: grant.organizationId } : {}),
        ...(grant.planId !== null ? { planId: grant.planId } : {}),
        reason: data.reason,
        revokedOn: dateOf(metadata.now),
      },
    },
  ];
}

/** The longest a personal access token may live: a year from the day it is made. */
export const ACCESS_TOKEN_MAX_DAYS = 365;
const SHA256_HEX = /^[0-9a-f]{64}$/;

function issueAccessToken(
  command: IssueAccessToken,
  state: AccessState,
): AccessEvent[] | DomainError {
  const { data, metadata } = command;
  const today = dateOf(metadata.now);
  const latest = addDays(today, ACCESS_TOKEN_MAX_DAYS);
  const refusal =
    requireTimestamp('metadata.now', metadata.now) ??
    (metadata.actor.id !== data.sub || metadata.actor.role === 'public'
      ? Errors.notYourAccessToken()
      : undefined) ??
    requireText('tokenId', data.tokenId) ??
    requireText('grantId', data.grantId) ??
    requireText('label', data.label) ??
    (SHA256_HEX.test(data.tokenHash ?? '')
      ? undefined
      : Errors.invalidField('tokenHash', data.tokenHash, 'expected a SHA-256 in hex')) ??
    requireDate('expiresOn', data.expiresOn) ??
    (data.expiresOn < today || data.expiresOn > latest
      ? Errors.invalidField('expiresOn', data.expiresOn, `expected ${today} to ${latest}`)
      : undefined);
  if (refusal) return refusal;
  if (state.status !== 'Known') return Errors.grantNotFound(data.grantId);
  const grant = state.grants.find((g) => g.grantId === data.grantId);
  if (!grant) return Errors.grantNotFound(data.grantId);
  if (!isGrantActive(grant, today))
    return Errors.noGrant(grant.role, grant.organizationId ?? undefined);
  if (state.tokens.some((t) => t.tokenId === data.tokenId))
    return Errors.accessTokenIdDuplicate(data.tokenId);
  return [
    {
      type: 'AccessTokenIssued',
      data: {
        tokenId: data.tokenId,
        sub: state.sub,
        grantId: grant.grantId,
        role: grant.role,
        ...(grant.organizationId !== null ? { organizationId: grant.organizationId } : {}),
        ...(grant.planId !== null ? { planId: grant.planId } : {}),
        label: data.label.trim(),
        tokenHash: data.tokenHash,
        issuedOn: today,
        // Never beyond the grant's own last day.
        expiresOn:
          grant.validUntil !== null && grant.validUntil < data.expiresOn
            ? grant.validUntil
            : data.expiresOn,
      },
    },
  ];
}

function revokeAccessToken(
  command: RevokeAccessToken,
  state: AccessState,
): AccessEvent[] | DomainError {
  const { data, metadata } = command;
  const refusal =
    requireTimestamp('metadata.now', metadata.now) ??
    (metadata.actor.role === 'presidency' ||
    (metadata.actor.id === data.sub && metadata.actor.role !== 'public')
      ? undefined
      : Errors.notYourAccessToken()) ??
    requireText('tokenId', data.tokenId) ??
    requireText('reason', data.reason);
  if (refusal) return refusal;
  const token =
    state.status === 'Known' ? state.tokens.find((t) => t.tokenId === data.tokenId) : undefined;
  if (state.status !== 'Known' || !token) return Errors.accessTokenNotFound(data.tokenId);
  if (token.revokedOn !== null)
    return Errors.accessTokenAlreadyRevoked(token.tokenId, token.revokedOn);
  return [
    {
      type: 'AccessTokenRevoked',
      data: {
        tokenId: token.tokenId,
        sub: state.sub,
        reason: data.reason,
        revokedOn: dateOf(metadata.now),
      },
    },
  ];
}

/** Who may act for whom: one stream per person (`person-<sub>`), its grants and revocations. */
export const accessDecider: Decider<AccessCommand, AccessEvent, AccessState> = {
  initialState: initialAccessState,
  evolve: evolveAccess,
  decide(command, state) {
    switch (command.type) {
      case 'GrantRole':
        return grantRole(command, state);
      case 'RevokeRole':
        return revokeRole(command, state);
      case 'IssueAccessToken':
        return issueAccessToken(command, state);
      case 'RevokeAccessToken':
        return revokeAccessToken(command, state);
    }
  },
};
