import type { OrganizationEvent, OrganizationSector } from './organization.events';

export type OrganizationState =
  | { status: 'Empty' }
  | {
      status: 'Registered';
      organizationId: string;
      name: string;
      sector: OrganizationSector;
      representative: { name: string; position: string } | null;
    };

export const initialOrganizationState = (): OrganizationState => ({ status: 'Empty' });

export function evolveOrganization(
  state: OrganizationState,
  event: OrganizationEvent,
): OrganizationState {
  switch (event.type) {
    case 'OrganizationRegistered':
      return {
        status: 'Registered',
        organizationId: event.data.organizationId,
        name: event.data.name,
        sector: event.data.sector,
        representative: event.data.representative ?? null,
      };
    default:
      return state;
  }
}

/**
 * What a commitment decision needs to know about its counterpart, passed in `context`.
 * When `exists` is false, `name` is empty and `sector` is meaningless.
 */
export interface OrganizationRef {
  organizationId: string;
  exists: boolean;
  name: string;
  sector: OrganizationSector;
}

export function toOrganizationRef(
  organizationId: string,
  state: OrganizationState,
): OrganizationRef {
  if (state.status === 'Empty')
    return { organizationId, exists: false, name: '', sector: 'civil-society' };
  return { organizationId, exists: true, name: state.name, sector: state.sector };
}
