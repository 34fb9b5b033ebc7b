import type { Decider } from '../kernel/decider';
import type { DomainError } from '../kernel/domain-error';
import { Errors } from '../kernel/error-catalogue';
import { requireEnum, requireRole, requireText, requireTimestamp } from '../kernel/validation';
import type { OrganizationCommand, RegisterOrganization } from './organization.commands';
import { ORGANIZATION_SECTORS, type OrganizationEvent } from './organization.events';
import {
  evolveOrganization,
  initialOrganizationState,
  type OrganizationState,
} from './organization.state';

function registerOrganization(
  command: RegisterOrganization,
  state: OrganizationState,
): OrganizationEvent[] | DomainError {
  const { data, metadata } = command;
  const representative = data.representative;
  const refusal =
    requireTimestamp('metadata.now', metadata.now) ??
    requireRole(command.type, metadata.actor, ['presidency']) ??
    (state.status !== 'Empty'
      ? Errors.organizationAlreadyRegistered(state.organizationId)
      : undefined) ??
    requireText('organizationId', data.organizationId) ??
    requireText('name', data.name) ??
    requireEnum('sector', data.sector, ORGANIZATION_SECTORS) ??
    (representative
      ? (requireText('representative.name', representative.name) ??
        requireText('representative.position', representative.position))
      : undefined);
  if (refusal) return refusal;
  return [
    {
      type: 'OrganizationRegistered',
      data: {
        organizationId: data.organizationId,
        name: data.name,
        sector: data.sector,
        ...(representative
          ? { representative: { name: representative.name, position: representative.position } }
          : {}),
      },
    },
  ];
}

export const organizationDecider: Decider<
  OrganizationCommand,
  OrganizationEvent,
  OrganizationState
> = {
  initialState: initialOrganizationState,
  evolve: evolveOrganization,
  decide(command, state) {
    switch (command.type) {
      case 'RegisterOrganization':
        return registerOrganization(command, state);
    }
  },
};
