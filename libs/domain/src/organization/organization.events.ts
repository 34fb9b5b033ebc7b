import type { DomainEvent } from '../kernel/decider';

export const ORGANIZATION_SECTORS = ['civil-society', 'academia', 'private-sector'] as const;
export type OrganizationSector = (typeof ORGANIZATION_SECTORS)[number];

/** The Presidency registered a non-governmental organization that may act as counterpart. */
export type OrganizationRegistered = DomainEvent<
  'OrganizationRegistered',
  {
    organizationId: string;
    name: string;
    sector: OrganizationSector;
    /** Who signs actas for it, e.g. its Director Ejecutivo. */
    representative?: { name: string; position: string };
  }
>;

export type OrganizationEvent = OrganizationRegistered;
export type OrganizationEventType = OrganizationEvent['type'];

export const ORGANIZATION_EVENT_SCHEMA_VERSIONS: Record<OrganizationEventType, number> = {
  OrganizationRegistered: 1,
};

export const organizationStreamName = (organizationId: string) => `organization-${organizationId}`;
