import {
  AT,
  DeciderSpecification,
  FAE_ID,
  MDT_ID,
  PLAN_ID,
  actors,
  command,
  actionPlanRegistered,
  fundacionAlianzaRegistered,
  ministerioDelTrabajoRegistered,
} from '@hitos/testing';
import { actionPlanDecider } from '../action-plan/action-plan.decider';
import { toPlanRef } from '../action-plan/action-plan.state';
import { fold } from '../kernel/decider';
import { institutionDecider } from '../institution/institution.decider';
import { toInstitutionRef } from '../institution/institution.state';
import { organizationDecider } from '../organization/organization.decider';
import { toOrganizationRef } from '../organization/organization.state';
import type { Actor } from '../kernel/actor';
import type {
  GrantRole,
  GrantScopeContext,
  IssueAccessToken,
  RevokeAccessToken,
  RevokeRole,
} from './access.commands';
import { accessDecider } from './access.decider';
import {
  ACCESS_EVENT_SCHEMA_VERSIONS,
  personStreamName,
  summarizeAccessEvent,
  type RoleGranted,
  type RoleRevoked,
} from './access.events';
import { evolveAccess, grantOfToken, initialAccessState, mayActWith } from './access.state';

const spec = DeciderSpecification.for(accessDecider);
const SUB = 'ana.perez';

/** The context the application layer builds from the registered streams. */
const known: GrantScopeContext = {
  institution: toInstitutionRef(MDT_ID, fold(institutionDecider, [ministerioDelTrabajoRegistered])),
  organization: toOrganizationRef(FAE_ID, fold(organizationDecider, [fundacionAlianzaRegistered])),
  plan: toPlanRef(PLAN_ID, fold(actionPlanDecider, [actionPlanRegistered])),
};

const grant = (
  data: Partial<GrantRole['data']> = {},
  actor: Actor = actors.presidency,
  now: string = AT.drafting,
) =>
  command<GrantRole>(
    'GrantRole',
    {
      grantId: 'g1',
      sub: SUB,
      role: 'institution',
      organizationId: MDT_ID,
      reason: 'Designada directora de Mejora Continua (acción de personal 123).',
      context: known,
      ...data,
    },
    actor,
    now,
  );

const revoke = (data: Partial<RevokeRole['data']> = {}, actor: Actor = actors.presidency) =>
  command<RevokeRole>(
    'RevokeRole',
    { grantId: 'g1', sub: SUB, reason: 'Cesó en funciones.', ...data },
    actor,
    AT.implementation,
  );

const granted: RoleGranted = {
  type: 'RoleGranted',
  data: {
    grantId: 'g1',
    sub: SUB,
    role: 'institution',
    organizationId: MDT_ID,
    reason: 'Designada directora de Mejora Continua (acción de personal 123).',
    grantedOn: '2026-01-10',
  },
};
const revoked: RoleRevoked = {
  type: 'RoleRevoked',
  data: {
    grantId: 'g1',
    sub: SUB,
    role: 'institution',
    organizationId: MDT_ID,
    reason: 'Cesó en funciones.',
    revokedOn: '2026-06-15',
  },
};

describe('access decider (who may act for whom)', () => {
  describe('GrantRole', () => {
    it('grants a person the institution role for an institution, dated by the command', () => {
      spec.given([]).when(grant()).then([granted]);
    });

    it('grants the counterpart role for an organization, with a last day', () => {
      spec
        .given([])
        .when(grant({ role: 'counterpart', organizationId: FAE_ID, validUntil: '2027-12-31' }))
        .then([
          {
            type: 'RoleGranted',
            data: {
              ...granted.data,
              role: 'counterpart',
              organizationId: FAE_ID,
              validUntil: '2027-12-31',
            },
          },
        ]);
    });

    it('grants a Core Group seat of a plan, and presidency or auditor without a scope', () => {
      spec
        .given([])
        .when(grant({ role: 'core-group', organizationId: undefined, planId: PLAN_ID }))
        .then([
          {
            type: 'RoleGranted',
            data: {
              grantId: 'g1',
              sub: SUB,
              role: 'core-group',
              planId: PLAN_ID,
              reason: granted.data.reason,
              grantedOn: '2026-01-10',
            },
          },
        ]);
      spec
        .given([])
        .when(grant({ role: 'auditor', organizationId: undefined }))
        .thenState((state) => expect(state).toMatchObject({ status: 'Known', sub: SUB }));
    });

    it('refuses anyone but the presidency', () => {
      spec
        .given([])
        .when(grant({}, actors.mdt))
        .thenError('ROLE_NOT_ALLOWED', { kind: 'forbidden' });
      spec.given([]).when(grant({}, actors.auditor)).thenError('ROLE_NOT_ALLOWED');
      // hitos itself grants the Presidency role only: an installation's first Presidency.
      spec.given([]).when(grant({}, actors.system)).thenError('ROLE_NOT_ALLOWED');
      spec
        .given([])
        .when(grant({ role: 'presidency', organizationId: undefined }, actors.system))
        .thenState((state) => expect(state).toMatchObject({ status: 'Known', sub: SUB }));
    });

    it('names the missing or misplaced field', () => {
      spec
        .given([])
        .when(grant({ organizationId: undefined }))
        .thenError('REQUIRED_FIELD_MISSING', { details: { field: 'organizationId' } });
      spec
        .given([])
        .when(grant({ role: 'core-group', organizationId: undefined }))
        .thenError('REQUIRED_FIELD_MISSING', { details: { field: 'planId' } });
      spec
        .given([])
        .when(grant({ role: 'presidency' }))
        .thenError('INVALID_FIELD', { details: { field: 'organizationId' } });
      spec
        .given([])
        .when(grant({ planId: PLAN_ID }))
        .thenError('INVALID_FIELD', { details: { field: 'planId' } });
      spec
        .given([])
        .when(grant({ reason: ' ' }))
        .thenError('REQUIRED_FIELD_MISSING', { details: { field: 'reason' } });
      spec
        .given([])
        .when(grant({ role: 'public' as never }))
        .thenError('INVALID_FIELD', { details: { field: 'role' } });
      spec
        .given([])
        .when(grant({ validUntil: '2026-01-09' }))
        .thenError('INVALID_FIELD', { details: { field: 'validUntil' } });
    });

    it('refuses an institution, organization or plan that is not registered, naming the field', () => {
      spec
        .given([])
        .when(grant({ organizationId: 'mdtx' }))
        .thenError('GRANT_SCOPE_NOT_FOUND', {
          kind: 'invalid',
          details: { field: 'organizationId', kind: 'institution', id: 'mdtx' },
        });
      spec
        .given([])
        .when(grant({ role: 'counterpart', organizationId: 'nadie' }))
        .thenError('GRANT_SCOPE_NOT_FOUND', {
          details: { field: 'organizationId', kind: 'organization', id: 'nadie' },
        });
      spec
        .given([])
        .when(grant({ role: 'core-group', organizationId: undefined, planId: 'otro-plan' }))
        .thenError('GRANT_SCOPE_NOT_FOUND', { details: { field: 'planId', id: 'otro-plan' } });
    });

    it('refuses a second active grant of the same role and organization, or a reused id', () => {
      spec
        .given([granted])
        .when(grant({ grantId: 'g2' }))
        .thenError('GRANT_ALREADY_ACTIVE', {
          kind: 'rule',
          details: { field: 'role', role: 'institution', organizationId: MDT_ID, grantId: 'g1' },
        });
      spec.given([granted]).when(grant()).thenError('GRANT_ID_DUPLICATE');
    });

    it('grants again after a revocation, or once the last day has passed', () => {
      spec
        .given([granted, revoked])
        .when(grant({ grantId: 'g2' }, actors.presidency, AT.review))
        .then([
          {
            type: 'RoleGranted',
            data: { ...granted.data, grantId: 'g2', grantedOn: '2026-06-20' },
          },
        ]);
      const expiring: RoleGranted = {
        type: 'RoleGranted',
        data: { ...granted.data, validUntil: '2026-03-31' },
      };
      spec
        .given([expiring])
        .when(grant({ grantId: 'g2' }, actors.presidency, AT.review))
        .thenState((state) => expect(state.status === 'Known' && state.grants).toHaveLength(2));
    });
  });

  describe('RevokeRole', () => {
    it('revokes a grant with its reason', () => {
      spec.given([granted]).when(revoke()).then([revoked]);
    });

    it('refuses an unknown grant, one already revoked, and anyone but the presidency', () => {
      spec
        .given([granted])
        .when(revoke({ grantId: 'g9' }))
        .thenError('GRANT_NOT_FOUND', { kind: 'not-found', details: { field: 'grantId' } });
      spec.given([]).when(revoke()).thenError('GRANT_NOT_FOUND');
      spec
        .given([granted, revoked])
        .when(revoke())
        .thenError('GRANT_ALREADY_REVOKED', { details: { revokedOn: '2026-06-15' } });
      spec.given([granted]).when(revoke({}, actors.fae)).thenError('ROLE_NOT_ALLOWED');
      spec
        .given([granted])
        .when(revoke({ reason: '' }))
        .thenError('REQUIRED_FIELD_MISSING', { details: { field: 'reason' } });
    });
  });

  describe('mayActWith', () => {
    const state = (events: (RoleGranted | RoleRevoked)[]) => fold(accessDecider, events);

    it('an active grant lets the person act for its institution only; a revoked one does not', () => {
      expect(mayActWith(state([granted]), 'institution', MDT_ID, AT.implementation)).toBe(true);
      expect(mayActWith(state([granted]), 'institution', 'sercop', AT.implementation)).toBe(false);
      expect(mayActWith(state([granted]), 'counterpart', MDT_ID, AT.implementation)).toBe(false);
      expect(mayActWith(state([granted, revoked]), 'institution', MDT_ID, AT.lastDay)).toBe(false);
      expect(mayActWith(state([]), 'presidency', undefined, AT.lastDay)).toBe(false);
    });

    it('a grant with a last day holds through that day in Guayaquil, not after', () => {
      const until: RoleGranted = {
        type: 'RoleGranted',
        data: { ...granted.data, validUntil: '2026-06-15' },
      };
      expect(mayActWith(state([until]), 'institution', MDT_ID, '2026-06-16T04:59:00Z')).toBe(true);
      expect(mayActWith(state([until]), 'institution', MDT_ID, '2026-06-16T05:00:00Z')).toBe(false);
    });
  });

  it('names its stream, versions its events and writes audit lines naming role and scope', () => {
    expect(personStreamName(SUB)).toBe('person-ana.perez');
    expect(ACCESS_EVENT_SCHEMA_VERSIONS).toEqual({
      RoleGranted: 1,
      RoleRevoked: 1,
      AccessTokenIssued: 1,
      AccessTokenRevoked: 1,
    });
    expect(summarizeAccessEvent(granted)).toEqual({
      es: 'Se otorgó el rol institución por mdt.',
      en: 'Role institution granted for mdt.',
    });
    expect(summarizeAccessEvent(revoked).en).toBe('Role institution revoked for mdt.');
    expect(JSON.stringify(summarizeAccessEvent(granted))).not.toContain(SUB);
  });

  describe('personal access tokens', () => {
    const person: Actor = { id: SUB, role: 'institution', organizationId: MDT_ID };
    const HASH = 'a'.repeat(64);
    const issue = (data: Partial<IssueAccessToken['data']> = {}, actor: Actor = person) =>
      command<IssueAccessToken>(
        'IssueAccessToken',
        {
          sub: SUB,
          tokenId: 't1',
          grantId: 'g1',
          label: 'Sistema de gestión documental',
          tokenHash: HASH,
          expiresOn: '2026-12-31',
          ...data,
        },
        actor,
        AT.implementation,
      );
    const revokeToken = (data: Partial<RevokeAccessToken['data']> = {}, actor: Actor = person) =>
      command<RevokeAccessToken>(
        'RevokeAccessToken',
        { sub: SUB, tokenId: 't1', reason: 'La integración se retiró.', ...data },
        actor,
        AT.implementation,
      );
    const issued = {
      type: 'AccessTokenIssued' as const,
      data: {
        tokenId: 't1',
        sub: SUB,
        grantId: 'g1',
        role: 'institution' as const,
        organizationId: MDT_ID,
        label: 'Sistema de gestión documental',
        tokenHash: HASH,
        issuedOn: '2026-06-15',
        expiresOn: '2026-12-31',
      },
    };

    it('issues a token under one of the person’s active grants, keeping only its hash', () => {
      spec.given([granted]).when(issue()).then([issued]);
    });

    it('never outlives the grant’s last day', () => {
      spec
        .given([{ ...granted, data: { ...granted.data, validUntil: '2026-09-30' } }])
        .when(issue())
        .then([{ ...issued, data: { ...issued.data, expiresOn: '2026-09-30' } }]);
    });

    it('refuses another person, a revoked grant, a past or far expiry, a bad hash', () => {
      spec.given([granted]).when(issue({}, actors.presidency)).thenError('NOT_YOUR_ACCESS_TOKEN');
      spec.given([granted, revoked]).when(issue()).thenError('NO_GRANT');
      spec
        .given([granted])
        .when(issue({ grantId: 'g9' }))
        .thenError('GRANT_NOT_FOUND');
      spec
        .given([granted])
        .when(issue({ expiresOn: '2026-06-14' }))
        .thenError('INVALID_FIELD', {
          details: { field: 'expiresOn' },
        });
      spec
        .given([granted])
        .when(issue({ expiresOn: '2027-06-16' }))
        .thenError('INVALID_FIELD');
      spec
        .given([granted])
        .when(issue({ tokenHash: 'secreto' }))
        .thenError('INVALID_FIELD', {
          details: { field: 'tokenHash' },
        });
      spec.given([granted, issued]).when(issue()).thenError('ACCESS_TOKEN_ID_DUPLICATE');
    });

    it('is revoked by the person or the Presidency, once', () => {
      const revokedToken = {
        type: 'AccessTokenRevoked' as const,
        data: {
          tokenId: 't1',
          sub: SUB,
          reason: 'La integración se retiró.',
          revokedOn: '2026-06-15',
        },
      };
      spec.given([granted, issued]).when(revokeToken()).then([revokedToken]);
      spec.given([granted, issued]).when(revokeToken({}, actors.presidency)).then([revokedToken]);
      spec
        .given([granted, issued])
        .when(revokeToken({}, actors.mdt))
        .thenError('NOT_YOUR_ACCESS_TOKEN');
      spec
        .given([granted, issued, revokedToken])
        .when(revokeToken())
        .thenError('ACCESS_TOKEN_ALREADY_REVOKED');
      spec.given([granted]).when(revokeToken()).thenError('ACCESS_TOKEN_NOT_FOUND');
    });

    it('acts only while the token and its grant are live', () => {
      const state = [granted, issued].reduce(evolveAccess, initialAccessState());
      expect(grantOfToken(state, HASH, '2026-07-01T12:00:00Z')?.grant.grantId).toBe('g1');
      expect(grantOfToken(state, 'b'.repeat(64), '2026-07-01T12:00:00Z')).toBeNull();
      expect(grantOfToken(state, HASH, '2027-01-01T12:00:00Z')).toBeNull();
      expect(grantOfToken(evolveAccess(state, revoked), HASH, '2026-07-01T12:00:00Z')).toBeNull();
    });
  });
});
