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

/** A person's grants, in the order granted. */
export type AccessState =
  { status: 'Empty' } | { status: 'Known'; sub: string; grants: GrantState[] };

export const initialAccessState = (): AccessState => ({ status: 'Empty' });

export function evolveAccess(state: AccessState, event: AccessEvent): AccessState {
  switch (event.type) {
    case 'RoleGranted': {
      const d = event.data;
      const grants = state.status === 'Known' ? state.grants : [];
      return {
        status: 'Known',
        sub: d.sub,
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
