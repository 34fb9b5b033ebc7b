import {
  AT,
  DeciderSpecification,
  MDT_ID,
  OTHER_INSTITUTION_ID,
  actors,
  command,
  ministerioDelTrabajoRegistered,
  sercopRef,
} from '@hitos/testing';
import type { Actor } from '../kernel/actor';
import type { RecordInstitutionalRedesign, RegisterInstitution } from './institution.commands';
import { institutionDecider } from './institution.decider';
import {
  INSTITUTION_EVENT_SCHEMA_VERSIONS,
  institutionStreamName,
  type InstitutionRedesigned,
} from './institution.events';
import { toInstitutionRef, type InstitutionRef } from './institution.state';

const spec = DeciderSpecification.for(institutionDecider);

const register = (
  data: Partial<RegisterInstitution['data']> = {},
  actor: Actor = actors.presidency,
) =>
  command<RegisterInstitution>(
    'RegisterInstitution',
    { ...ministerioDelTrabajoRegistered.data, ...data },
    actor,
    AT.registration,
  );

const ref = (institutionId: string, overrides: Partial<InstitutionRef> = {}): InstitutionRef => ({
  institutionId,
  exists: true,
  status: 'active',
  name: institutionId.toUpperCase(),
  ...overrides,
});

const redesign = (
  data: Partial<RecordInstitutionalRedesign['data']> = {},
  actor: Actor = actors.presidency,
) =>
  command<RecordInstitutionalRedesign>(
    'RecordInstitutionalRedesign',
    {
      institutionId: MDT_ID,
      kind: 'merged',
      legalInstrument: 'Decreto Ejecutivo No. 123',
      effectiveOn: '2026-09-01',
      successorIds: [OTHER_INSTITUTION_ID],
      context: { successors: [sercopRef()] },
      ...data,
    },
    actor,
    '2026-08-20T10:00:00.000Z',
  );

const redesigned = (data: Partial<InstitutionRedesigned['data']> = {}): InstitutionRedesigned => ({
  type: 'InstitutionRedesigned',
  data: {
    institutionId: MDT_ID,
    kind: 'merged',
    legalInstrument: 'Decreto Ejecutivo No. 123',
    effectiveOn: '2026-09-01',
    successorIds: [OTHER_INSTITUTION_ID],
    ...data,
  },
});

describe('institution decider', () => {
  describe('RegisterInstitution', () => {
    it('registers the Ministerio del Trabajo', () => {
      spec.given([]).when(register()).then([ministerioDelTrabajoRegistered]);
    });

    it('refuses anyone but the presidency', () => {
      spec
        .given([])
        .when(register({}, actors.mdt))
        .thenError('ROLE_NOT_ALLOWED', { kind: 'forbidden' });
    });

    it('refuses a second registration', () => {
      spec
        .given([ministerioDelTrabajoRegistered])
        .when(register())
        .thenError('INSTITUTION_ALREADY_REGISTERED', {
          kind: 'rule',
          details: { institutionId: MDT_ID },
        });
    });

    it('refuses an unknown function of the State', () => {
      spec
        .given([])
        .when(register({ stateFunction: 'citizen' as never }))
        .thenError('INVALID_FIELD', { details: { field: 'stateFunction' } });
    });

    it('refuses an unknown level of government', () => {
      spec
        .given([])
        .when(register({ governmentLevel: 'federal' as never }))
        .thenError('INVALID_FIELD', { details: { field: 'governmentLevel' } });
    });
  });

  describe('RecordInstitutionalRedesign', () => {
    const active = [ministerioDelTrabajoRegistered];

    it('records a merger into exactly one active successor, which ends the institution', () => {
      spec.given(active).when(redesign()).then([redesigned()]);
      spec
        .given(active)
        .when(redesign())
        .thenState((state) => {
          expect(state).toMatchObject({
            status: 'Ended',
            endedBy: 'merged',
            endedOn: '2026-09-01',
          });
          expect(toInstitutionRef(MDT_ID, state).status).toBe('redesigned');
        });
    });

    it('records a split into two or more successors', () => {
      const successorIds = [OTHER_INSTITUTION_ID, 'mef'];
      spec
        .given(active)
        .when(
          redesign({
            kind: 'split',
            successorIds,
            context: { successors: [sercopRef(), ref('mef')] },
          }),
        )
        .then([redesigned({ kind: 'split', successorIds })]);
    });

    it('records a renaming, which keeps the institution active under its new name', () => {
      spec
        .given(active)
        .when(
          redesign({
            kind: 'renamed',
            successorIds: [],
            newName: 'Ministerio del Trabajo y Empleo',
            context: { successors: [] },
          }),
        )
        .thenState((state) => {
          expect(state).toMatchObject({
            status: 'Active',
            name: 'Ministerio del Trabajo y Empleo',
            formerNames: ['Ministerio del Trabajo'],
          });
          expect(toInstitutionRef(MDT_ID, state)).toEqual({
            institutionId: MDT_ID,
            exists: true,
            status: 'active',
            name: 'Ministerio del Trabajo y Empleo',
          });
        });
    });

    it('records an abolition with no successor, which ends the institution', () => {
      spec
        .given(active)
        .when(redesign({ kind: 'abolished', successorIds: [], context: { successors: [] } }))
        .thenState((state) => expect(toInstitutionRef(MDT_ID, state).status).toBe('abolished'));
    });

    it('records an abolition with successors', () => {
      spec
        .given(active)
        .when(redesign({ kind: 'abolished' }))
        .then([redesigned({ kind: 'abolished' })]);
    });

    it('refuses anyone but the presidency', () => {
      spec
        .given(active)
        .when(redesign({}, actors.mdt))
        .thenError('ROLE_NOT_ALLOWED', { kind: 'forbidden' });
    });

    it('refuses an institution that was never registered', () => {
      spec.given([]).when(redesign()).thenError('INSTITUTION_NOT_FOUND', { kind: 'not-found' });
    });

    it.each(['merged', 'split', 'abolished'] as const)(
      'refuses any redesign after it was %s',
      (kind) => {
        spec
          .given([
            ...active,
            redesigned({ kind, successorIds: kind === 'split' ? ['a', 'b'] : [] }),
          ])
          .when(redesign())
          .thenError('INSTITUTION_ENDED', { kind: 'rule', details: { endedBy: kind } });
      },
    );

    it('allows a redesign after a renaming', () => {
      spec
        .given([...active, redesigned({ kind: 'renamed', successorIds: [], newName: 'MDTE' })])
        .when(redesign())
        .then([redesigned()]);
    });

    it.each([
      ['merged', [], 'exactly 1'],
      ['merged', [OTHER_INSTITUTION_ID, 'mef'], 'exactly 1'],
      ['split', [OTHER_INSTITUTION_ID], 'at least 2'],
      ['renamed', [OTHER_INSTITUTION_ID], '0'],
    ] as const)('refuses %s with successors %j', (kind, successorIds, expected) => {
      spec
        .given(active)
        .when(redesign({ kind, successorIds: [...successorIds], newName: 'Nuevo nombre' }))
        .thenError('REDESIGN_SUCCESSOR_COUNT', { kind: 'invalid', details: { expected } });
    });

    it('refuses a renaming without the new name', () => {
      spec
        .given(active)
        .when(redesign({ kind: 'renamed', successorIds: [] }))
        .thenError('REDESIGN_NEW_NAME_REQUIRED', {
          kind: 'invalid',
          details: { field: 'newName' },
        });
    });

    it('refuses the institution as its own successor', () => {
      spec
        .given(active)
        .when(redesign({ successorIds: [MDT_ID], context: { successors: [ref(MDT_ID)] } }))
        .thenError('REDESIGN_SUCCESSOR_IS_SELF', { kind: 'invalid' });
    });

    it('refuses a successor listed twice', () => {
      spec
        .given(active)
        .when(
          redesign({ kind: 'split', successorIds: [OTHER_INSTITUTION_ID, OTHER_INSTITUTION_ID] }),
        )
        .thenError('REDESIGN_SUCCESSOR_DUPLICATE', { kind: 'invalid' });
    });

    it('refuses a successor that does not exist', () => {
      spec
        .given(active)
        .when(redesign({ context: { successors: [ref(OTHER_INSTITUTION_ID, { exists: false })] } }))
        .thenError('REDESIGN_SUCCESSOR_NOT_FOUND', {
          kind: 'not-found',
          details: { successorId: OTHER_INSTITUTION_ID },
        });
    });

    it('refuses a successor missing from the context', () => {
      spec
        .given(active)
        .when(redesign({ context: { successors: [] } }))
        .thenError('REDESIGN_SUCCESSOR_NOT_FOUND', { kind: 'not-found' });
    });

    it.each(['redesigned', 'abolished'] as const)('refuses a successor that is %s', (status) => {
      spec
        .given(active)
        .when(redesign({ context: { successors: [ref(OTHER_INSTITUTION_ID, { status })] } }))
        .thenError('REDESIGN_SUCCESSOR_NOT_ACTIVE', { kind: 'rule', details: { status } });
    });

    it('refuses a command for another institution than its stream', () => {
      spec
        .given(active)
        .when(redesign({ institutionId: 'otra' }))
        .thenError('CONTEXT_MISMATCH', { kind: 'invalid', details: { field: 'institutionId' } });
    });

    it('refuses a missing legal instrument and an invalid effective date', () => {
      spec
        .given(active)
        .when(redesign({ legalInstrument: '' }))
        .thenError('REQUIRED_FIELD_MISSING', { details: { field: 'legalInstrument' } });
      spec
        .given(active)
        .when(redesign({ effectiveOn: '01/09/2026' }))
        .thenError('INVALID_FIELD', { details: { field: 'effectiveOn' } });
    });

    it('refuses an unknown kind of redesign', () => {
      spec
        .given(active)
        .when(redesign({ kind: 'privatized' as never }))
        .thenError('INVALID_FIELD', { details: { field: 'kind' } });
    });
  });

  it('names its stream and versions its events', () => {
    expect(institutionStreamName(MDT_ID)).toBe('institution-mdt');
    expect(INSTITUTION_EVENT_SCHEMA_VERSIONS).toEqual({
      InstitutionRegistered: 1,
      InstitutionRedesigned: 1,
    });
  });

  it('builds an InstitutionRef for an unknown institution', () => {
    expect(toInstitutionRef('x', institutionDecider.initialState())).toMatchObject({
      exists: false,
    });
  });
});
