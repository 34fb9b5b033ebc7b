import type { RoleGranted, RoleRevoked } from '@hitos/domain';
import { FAE_ID, FakeAll, MDT_ID, ProjectionSpecification, actors } from '@hitos/testing';
import { accessProjection } from './access.projection';
import { hasActiveGrant, peopleFor, personGrants } from './access.queries';

const granted = (
  sub: string,
  grantId: string,
  role: RoleGranted['data']['role'],
  organizationId: string | undefined,
  grantedOn: string,
  extra: Partial<RoleGranted['data']> = {},
): RoleGranted => ({
  type: 'RoleGranted',
  data: {
    grantId,
    sub,
    role,
    ...(organizationId ? { organizationId } : {}),
    reason: `Designación de ${sub}`,
    grantedOn,
    ...extra,
  },
});
const revoked = (g: RoleGranted, revokedOn: string): RoleRevoked => ({
  type: 'RoleRevoked',
  data: {
    grantId: g.data.grantId,
    sub: g.data.sub,
    role: g.data.role,
    ...(g.data.organizationId ? { organizationId: g.data.organizationId } : {}),
    reason: 'Cesó en funciones.',
    revokedOn,
  },
});

const ana = granted('ana', 'g1', 'institution', MDT_ID, '2026-01-10');
const luis = granted('luis', 'g1', 'institution', MDT_ID, '2026-03-02');
const carlos = granted('carlos', 'g1', 'counterpart', FAE_ID, '2026-01-10');
const aud = granted('irm', 'g1', 'auditor', undefined, '2026-01-10', { validUntil: '2026-12-31' });

/** Ana for the MDT from 10 January, revoked 1 March; Luis from 2 March; Carlos for FAE. */
function world() {
  const all = new FakeAll();
  all.record('person-ana', ana, { at: '2026-01-10T15:00:00.000Z' });
  all.record('person-carlos', carlos, { at: '2026-01-10T16:00:00.000Z' });
  all.record('person-irm', aud, { at: '2026-01-10T17:00:00.000Z' });
  all.record('person-ana', revoked(ana, '2026-03-01'), { at: '2026-03-01T15:00:00.000Z' });
  all.record('person-luis', luis, { at: '2026-03-02T15:00:00.000Z' });
  return all;
}

describe('access projection (who may act for whom)', () => {
  const spec = ProjectionSpecification.for(accessProjection);

  it('keeps each grant with who granted it and why, and its revocation', () => {
    const model = spec.given(world());
    const view = personGrants(model.db, 'ana', {
      kind: 'as-known',
      at: new Date('2026-06-01T00:00:00Z'),
    });
    expect(view).toMatchObject({ sub: 'ana', revision: 1, active: [] });
    expect(view?.history).toEqual([
      {
        grantId: 'g1',
        sub: 'ana',
        role: 'institution',
        organizationId: MDT_ID,
        planId: null,
        reason: 'Designación de ana',
        grantedOn: '2026-01-10',
        validUntil: null,
        grantedAt: expect.stringMatching(/^2026-01-10T15:00:00\.\d{3}Z$/),
        grantedBy: { sub: actors.presidency.id, role: 'presidency', organizationId: null },
        position: '100',
        revocation: {
          revokedOn: '2026-03-01',
          revokedAt: expect.stringMatching(/^2026-03-01T15:00/),
          revokedBy: { sub: actors.presidency.id, role: 'presidency', organizationId: null },
          reason: 'Cesó en funciones.',
          position: '400',
        },
        status: 'revoked',
        summary: {
          es: 'Se otorgó el rol institución por mdt.',
          en: 'Role institution granted for mdt.',
        },
      },
    ]);
    expect(personGrants(model.db, 'nadie', { kind: 'as-known', at: new Date() })).toBeNull();
  });

  it('gives a person’s history of grants as of a past date: later grants and revocations not yet there', () => {
    const all = world();
    all.record('person-ana', granted('ana', 'g2', 'auditor', undefined, '2026-04-01'), {
      at: '2026-04-01T15:00:00.000Z',
    });
    const model = spec.given(all);
    const january = personGrants(model.db, 'ana', {
      kind: 'as-known',
      at: new Date('2026-01-28T23:59:59.999-05:00'),
    });
    expect(january?.history).toEqual([
      expect.objectContaining({ grantId: 'g1', status: 'active', revocation: null }),
    ]);
    expect(january?.active.map((g) => g.grantId)).toEqual(['g1']);
    const march = personGrants(model.db, 'ana', { kind: 'as-happened', date: '2026-03-15' });
    expect(march?.history).toEqual([
      expect.objectContaining({
        grantId: 'g1',
        status: 'revoked',
        revocation: expect.objectContaining({ revokedOn: '2026-03-01' }),
      }),
    ]);
    expect(march?.active).toEqual([]);
    const now = personGrants(model.db, 'ana', { kind: 'as-known', at: new Date('2026-06-01') });
    expect(now?.history.map((g) => [g.grantId, g.status])).toEqual([
      ['g1', 'revoked'],
      ['g2', 'active'],
    ]);
  });

  it('answers who could act for an institution as hitos knew it at a moment', () => {
    const model = spec.given(world());
    const who = (at: string) =>
      peopleFor(
        model.db,
        { role: 'institution', organizationId: MDT_ID },
        { kind: 'as-known', at: new Date(at) },
      ).map((g) => g.sub);
    expect(who('2026-01-09T23:00:00Z')).toEqual([]);
    expect(who('2026-01-28T23:59:59-05:00')).toEqual(['ana']);
    expect(who('2026-03-01T20:00:00Z')).toEqual([]);
    expect(who('2026-06-30T12:00:00Z')).toEqual(['luis']);
    expect(
      peopleFor(
        model.db,
        { role: 'counterpart', organizationId: FAE_ID },
        { kind: 'as-known', at: new Date('2026-06-30T12:00:00Z') },
      ).map((g) => g.sub),
    ).toEqual(['carlos']);
  });

  it('answers as it happened by a date, from the grants’ own days', () => {
    const model = spec.given(world());
    const who = (date: string) =>
      peopleFor(
        model.db,
        { role: 'institution', organizationId: MDT_ID },
        { kind: 'as-happened', date },
      ).map((g) => g.sub);
    expect(who('2026-01-28')).toEqual(['ana']);
    expect(who('2026-03-01')).toEqual([]);
    expect(who('2026-03-02')).toEqual(['luis']);
  });

  it('tells whether a person may act now: a revoked or expired grant does not count', () => {
    const model = spec.given(world());
    const june = new Date('2026-06-30T12:00:00Z');
    expect(hasActiveGrant(model.db, 'luis', 'institution', MDT_ID, june)).toBe(true);
    expect(hasActiveGrant(model.db, 'luis', 'institution', 'sercop', june)).toBe(false);
    expect(hasActiveGrant(model.db, 'ana', 'institution', MDT_ID, june)).toBe(false);
    expect(hasActiveGrant(model.db, 'irm', 'auditor', undefined, june)).toBe(true);
    expect(
      hasActiveGrant(model.db, 'irm', 'auditor', undefined, new Date('2027-01-01T12:00:00Z')),
    ).toBe(false);
  });

  it('follows only person streams', () => {
    const all = new FakeAll();
    all.record('commitment-x', ana);
    spec.given(all).thenRows('SELECT * FROM access_grant', []);
  });
});
