import {
  DeciderSpecification,
  actors,
  command,
  AT,
  FAE_ID,
  fundacionAlianzaRegistered,
} from '@hitos/testing';
import type { Actor } from '../kernel/actor';
import type { RegisterOrganization } from './organization.commands';
import { organizationDecider } from './organization.decider';
import { ORGANIZATION_EVENT_SCHEMA_VERSIONS, organizationStreamName } from './organization.events';
import { toOrganizationRef } from './organization.state';

const spec = DeciderSpecification.for(organizationDecider);
const register = (
  data: Partial<RegisterOrganization['data']> = {},
  actor: Actor = actors.presidency,
) =>
  command<RegisterOrganization>(
    'RegisterOrganization',
    { ...fundacionAlianzaRegistered.data, ...data },
    actor,
    AT.registration,
  );

describe('organization decider', () => {
  it('registers a counterpart organization with its representative', () => {
    spec.given([]).when(register()).then([fundacionAlianzaRegistered]);
  });

  it('registers an organization without a representative', () => {
    const { representative: _omitted, ...data } = fundacionAlianzaRegistered.data;
    spec
      .given([])
      .when(
        command<RegisterOrganization>(
          'RegisterOrganization',
          data,
          actors.presidency,
          AT.registration,
        ),
      )
      .thenState({
        status: 'Registered',
        organizationId: FAE_ID,
        name: 'Fundación Alianza Estratégica',
        sector: 'civil-society',
        representative: null,
      });
  });

  it('refuses anyone but the presidency', () => {
    spec
      .given([])
      .when(register({}, actors.fae))
      .thenError('ROLE_NOT_ALLOWED', { kind: 'forbidden' });
  });

  it('refuses a second registration', () => {
    spec
      .given([fundacionAlianzaRegistered])
      .when(register())
      .thenError('ORGANIZATION_ALREADY_REGISTERED', {
        kind: 'rule',
        details: { organizationId: FAE_ID },
      });
  });

  it('refuses the government sector: counterparts come from outside the State', () => {
    spec
      .given([])
      .when(register({ sector: 'government' as never }))
      .thenError('INVALID_FIELD', { details: { field: 'sector' } });
  });

  it('refuses a representative without a position', () => {
    spec
      .given([])
      .when(register({ representative: { name: 'Carlos Vinueza', position: '' } }))
      .thenError('REQUIRED_FIELD_MISSING', { details: { field: 'representative.position' } });
  });

  it('names its stream and versions its event', () => {
    expect(organizationStreamName(FAE_ID)).toBe('organization-fundacion-alianza-estrategica');
    expect(ORGANIZATION_EVENT_SCHEMA_VERSIONS).toEqual({ OrganizationRegistered: 1 });
  });

  it('builds the OrganizationRef', () => {
    expect(toOrganizationRef('x', organizationDecider.initialState()).exists).toBe(false);
    const state = organizationDecider.evolve(
      organizationDecider.initialState(),
      fundacionAlianzaRegistered,
    );
    expect(toOrganizationRef(FAE_ID, state)).toEqual({
      organizationId: FAE_ID,
      exists: true,
      name: 'Fundación Alianza Estratégica',
      sector: 'civil-society',
    });
  });
});
