import { planDateOf, type IsoDate } from '../kernel/dates';
import type { AccessEvent, GrantableRole } from './access.events';

export interface GrantState {
  grantId: string;
  role: GrantableRole;
  organizationId: string | null;
  planId: string | null;
  grantedOn: IsoDate;
  validUntil: IsoDate | null;
  revokedOn: IsoDate | null;
}

/** A personal access token, by the hash of its secret (the secret itself is never kept). */
export interface AccessTokenState {
  tokenId: string;
  grantId: string;
  label: string;
  tokenHash: string;
  issuedOn: IsoDate;
  expiresOn: IsoDate;
  revokedOn: IsoDate | null;
}

/** A person's grants and personal access tokens, in the order made. */
export type AccessState =
  | { status: 'Empty' }
  | { status: 'Known'; sub: string; grants: GrantState[]; tokens: AccessTokenState[] };

export const initialAccessState = (): AccessState => ({ status: 'Empty' });

export function evolveAccess(state: AccessState, event: AccessEvent): AccessState {
  switch (event.type) {
    case 'RoleGranted': {
      const d = event.data;
      const { grants, tokens } = state.status === 'Known' ? state : { grants: [], tokens: [] };
      return {
        status: 'Known',
        sub: d.sub,
        tokens,
        grants: [
          ...grants,
          {
            grantId: d.grantId,
            role: d.role,
            organizationId: d.organizationId ?? null,
            planId: d.planId ?? null,
            grantedOn: d.grantedOn,
            validUntil: d.validUntil ?? null,
            revokedOn: null,
          },
        ],
      };
    }
    case 'RoleRevoked':
      if (state.status !== 'Known') return state;
      return {
        ...state,
        grants: state.grants.map((grant) =>
          grant.grantId === event.data.grantId
            ? { ...grant, revokedOn: event.data.revokedOn }
            : grant,
        ),
      };
    case 'AccessTokenIssued': {
      if (state.status !== 'Known') return state;
      const { tokenId, grantId, label, tokenHash, issuedOn, expiresOn } = event.data;
      return {
        ...state,
        tokens: [
          ...state.tokens,
          { tokenId, grantId, label, tokenHash, issuedOn, expiresOn, revokedOn: null },
        ],
      };
    }
    case 'AccessTokenRevoked':
      if (state.status !== 'Known') return state;
      return {
        ...state,
        tokens: state.tokens.map((token) =>
          token.tokenId === event.data.tokenId
            ? { ...token, revokedOn: event.data.revokedOn }
            : token,
        ),
      };
    default:
      return state;
  }
}

/** Not revoked, and not past its last day (`today` on the plan's calendar). */
export function isGrantActive(grant: GrantState, today: IsoDate): boolean {
  return grant.revokedOn === null && (grant.validUntil === null || grant.validUntil >= today);
}

/**
 * Whether the person may act in `role` for `organizationId` at `now`: an active grant of that
 * role, for that institution or organization (institution, counterpart); any seat for
 * core-group (a token names no plan); presidency and auditor need only the role.
 */
export function mayActWith(
  state: AccessState,
  role: string,
  organizationId: string | undefined,
  now: Date | string,
): boolean {
  if (state.status !== 'Known') return false;
  const today = planDateOf(now);
  return state.grants.some(
    (grant) =>
      grant.role === role &&
      isGrantActive(grant, today) &&
      (grant.role === 'institution' || grant.role === 'counterpart'
        ? grant.organizationId === (organizationId ?? null)
        : true),
  );
}

/**
 * The grant a personal access token acts under, if the token (found by the SHA-256 of its
 * secret) is neither revoked nor expired and its grant is still active at `now`; else null.
 */
export function grantOfToken(
  state: AccessState,
  tokenHash: string,
  now: Date | string,
): { token: AccessTokenState; grant: GrantState } | null {
  if (state.status !== 'Known') return null;
  const today = planDateOf(now);
  const token = state.tokens.find((t) => t.tokenHash === tokenHash);
  if (!token || token.revokedOn !== null || token.expiresOn < today) return null;
  const grant = state.grants.find((g) => g.grantId === token.grantId);
  return grant && isGrantActive(grant, today) ? { token, grant } : null;
}

/** The person's grants active at `now`, in the order granted. */
export function activeGrants(state: AccessState, now: Date | string): GrantState[] {
  if (state.status !== 'Known') return [];
  const today = planDateOf(now);
  return state.grants.filter((grant) => isGrantActive(grant, today));
}
