/**
 * Who may act for whom (docs/access.md): the Presidency grants and revokes people's roles, each
 * grant an event with its reason; auditors ask who could act for an institution at a past
 * moment, and who granted it; a person signed in through an identity provider acts only under
 * an active grant.
 */
import { performance } from 'node:perf_hooks';
import { Clock } from '@hitos/event-store';
import { TEST_NOW, http, startApi, stopApi, type ApiHarness } from './support/api-harness';
import {
  FAE_ID,
  MDT_ID,
  PLAN_ID,
  draftBody,
  expectStatus,
  milestoneBodies,
  post,
  registerParties,
  tokens,
  type Tokens,
} from './support/acta-requests';

/** The grants are made a week before the acta's signature (28 January 2026). */
const GRANT_DAY = '2026-01-20T15:00:00.000Z';
const ANA = 'ana.perez';
const REASON = 'Designada Directora de Mejora Continua (acción de personal MDT-2026-0142).';

describe('access: who may act for whom, over HTTP', () => {
  let api: ApiHarness;
  let t: Tokens;
  let anaIdp: string;
  let anaGrantId: string;
  const get = (path: string, token?: string) => http(api, 'GET', path, { token });

  beforeAll(async () => {
    api = await startApi({ env: { HITOS_CLOCK_START: GRANT_DAY } });
    t = tokens(api);
    anaIdp = api.token('institution', MDT_ID, ANA, { idp: true });
    await registerParties(api, t);
  }, 60_000);
  afterAll(async () => {
    jest.restoreAllMocks();
    await stopApi(api);
  });

  it('grants a role: 201 with the grant id, ETag, and the person’s grants read back', async () => {
    const res = expectStatus(
      await post(api, `/api/people/${ANA}/grants`, t.presidency, {
        role: 'institution',
        organizationId: MDT_ID,
        reason: REASON,
      }),
      201,
    );
    expect(res.headers.get('etag')).toBe('W/"0"');
    expect(res.body).toMatchObject({
      stream: `person-${ANA}`,
      revision: '0',
      events: [{ type: 'RoleGranted', revision: '0' }],
    });
    anaGrantId = res.body.id;

    const mine = expectStatus(await get(`/api/people/${ANA}/grants`, t.auditor), 200);
    expect(mine.headers.get('etag')).toBe('W/"0"');
    expect(mine.body).toMatchObject({
      sub: ANA,
      revision: 0,
      active: [{ grantId: anaGrantId, role: 'institution', organizationId: MDT_ID }],
      history: [
        {
          grantId: anaGrantId,
          reason: REASON,
          grantedOn: '2026-01-20',
          grantedBy: { sub: 'presidency', role: 'presidency', organizationId: null },
          revocation: null,
          status: 'active',
          summary: { en: `Role institution granted for ${MDT_ID}.` },
        },
      ],
    });
  });

  it('grants the counterpart, a Core Group seat and an auditor, each with its scope', async () => {
    for (const [sub, body] of [
      ['carlos.vinueza', { role: 'counterpart', organizationId: FAE_ID, grantId: 'fae-director' }],
      ['gn.sociedad-civil', { role: 'core-group', planId: PLAN_ID, validUntil: '2027-12-31' }],
      ['irm.ecuador', { role: 'auditor' }],
    ] as const) {
      expectStatus(
        await post(api, `/api/people/${sub}/grants`, t.presidency, { ...body, reason: REASON }),
        201,
      );
    }
    const fae = expectStatus(await get(`/api/organizations/${FAE_ID}/people`, t.presidency), 200);
    expect(fae.body).toMatchObject({
      organizationId: FAE_ID,
      role: 'counterpart',
      asOf: null,
      people: [{ sub: 'carlos.vinueza', grantId: 'fae-director', status: 'active' }],
    });
  });

  describe('refusals name the field, and append nothing', () => {
    const SUB = 'nadie.todavia';
    const refused = async (body: Record<string, unknown>, status: number, code: string) => {
      const res = await post(api, `/api/people/${SUB}/grants`, t.presidency, body);
      expect(res.status).toBe(status);
      expect(res.body.code).toBe(code);
      return res.body;
    };
    afterAll(async () => {
      // Nothing was recorded for the person.
      expect((await get(`/api/people/${SUB}/grants`, t.presidency)).status).toBe(404);
    });

    it('422 for a missing organization, an unknown one, a field the role does not use', async () => {
      const missing = await refused(
        { role: 'institution', reason: REASON },
        422,
        'REQUIRED_FIELD_MISSING',
      );
      expect(missing.details).toMatchObject({ field: 'organizationId' });
      const unknown = await refused(
        { role: 'institution', organizationId: 'mdtx', reason: REASON },
        422,
        'GRANT_SCOPE_NOT_FOUND',
      );
      expect(unknown.details).toEqual({ field: 'organizationId', kind: 'institution', id: 'mdtx' });
      // An organization id is not an institution id.
      await refused(
        { role: 'institution', organizationId: FAE_ID, reason: REASON },
        422,
        'GRANT_SCOPE_NOT_FOUND',
      );
      const plan = await refused(
        { role: 'core-group', planId: 'otro-plan', reason: REASON },
        422,
        'GRANT_SCOPE_NOT_FOUND',
      );
      expect(plan.details).toMatchObject({ field: 'planId' });
      const unused = await refused(
        { role: 'auditor', organizationId: MDT_ID, reason: REASON },
        422,
        'INVALID_FIELD',
      );
      expect(unused.details).toMatchObject({ field: 'organizationId' });
      const past = await refused(
        { role: 'auditor', reason: REASON, validUntil: '2026-01-01' },
        422,
        'INVALID_FIELD',
      );
      expect(past.details).toMatchObject({ field: 'validUntil' });
    });

    it('400 for a bad body or path, naming each field', async () => {
      const bad = await refused({ role: 'public', reason: '', extra: 1 }, 400, 'VALIDATION_FAILED');
      expect(bad.errors.map((e: { field: string }) => e.field).sort()).toEqual(
        ['extra', 'reason', 'role'].sort(),
      );
      const path = await post(
        api,
        `/api/people/${encodeURIComponent('a b')}/grants`,
        t.presidency,
        {
          role: 'auditor',
          reason: REASON,
        },
      );
      expect(path.status).toBe(400);
      expect(path.body.errors[0].field).toBe('sub');
    });

    it('409 for a second active grant of the same role and institution', async () => {
      const res = await post(api, `/api/people/${ANA}/grants`, t.presidency, {
        role: 'institution',
        organizationId: MDT_ID,
        reason: REASON,
      });
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('GRANT_ALREADY_ACTIVE');
      expect(res.body.details).toMatchObject({ field: 'role', grantId: anaGrantId });
    });

    it('403 for anyone but the Presidency; 401 without a token', async () => {
      for (const token of [t.mdt, t.auditor, t.coreGroup]) {
        const res = await post(api, `/api/people/${SUB}/grants`, token, {
          role: 'auditor',
          reason: REASON,
        });
        expect(res.status).toBe(403);
        expect(res.body.code).toBe('ROLE_NOT_ALLOWED');
      }
      expect(
        (
          await post(api, `/api/people/${SUB}/grants`, undefined, {
            role: 'auditor',
            reason: REASON,
          })
        ).status,
      ).toBe(401);
    });
  });

  it('a person signed in through an identity provider acts under a grant; without one, 403 NO_GRANT', async () => {
    expectStatus(await post(api, '/api/commitments', anaIdp, draftBody('por-ana')), 201);
    const luis = api.token('institution', MDT_ID, 'luis.sin-rol', { idp: true });
    const refused = await http(api, 'POST', '/api/commitments', {
      token: luis,
      body: draftBody('por-luis'),
      headers: { 'accept-language': 'en' },
    });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({
      code: 'NO_GRANT',
      details: { role: 'institution', organizationId: MDT_ID },
    });
    expect(refused.body.detail).toBe(
      `No active grant lets you act in role 'institution' for ${MDT_ID}.`,
    );
    expect(refused.body.messages.es).toContain('institution');
    // Another institution's grant is not this one's.
    const other = api.token('institution', 'sercop', ANA, { idp: true });
    expect((await post(api, '/api/commitments', other, draftBody('por-sercop'))).status).toBe(403);
    // Development tokens (npm run token) act in their role as before.
    expectStatus(await post(api, '/api/commitments', t.mdt, draftBody('por-token-dev')), 201);
  });

  it('a revoked grant stops the next action', async () => {
    // The rest of the story happens on the suites' day, ten months later.
    const origin = Date.parse(TEST_NOW) - performance.now();
    jest
      .spyOn(api.app.get(Clock), 'now')
      .mockImplementation(() => new Date(origin + performance.now()));
    const [first, second] = milestoneBodies();
    expectStatus(await post(api, '/api/commitments/por-ana/milestones', anaIdp, first), 201);

    const revoked = expectStatus(
      await post(api, `/api/people/${ANA}/grants/${anaGrantId}/revocation`, t.presidency, {
        reason: 'Cesó en funciones.',
      }),
      201,
    );
    expect(revoked.headers.get('etag')).toBe('W/"1"');
    expect(revoked.body.events).toEqual([expect.objectContaining({ type: 'RoleRevoked' })]);

    const next = await post(api, '/api/commitments/por-ana/milestones', anaIdp, second);
    expect(next.status).toBe(403);
    expect(next.body.code).toBe('NO_GRANT');

    const again = await post(
      api,
      `/api/people/${ANA}/grants/${anaGrantId}/revocation`,
      t.presidency,
      {
        reason: 'Otra vez.',
      },
    );
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('GRANT_ALREADY_REVOKED');
    const unknown = await post(api, `/api/people/${ANA}/grants/g-nope/revocation`, t.presidency, {
      reason: 'x',
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('GRANT_NOT_FOUND');
  });

  it('a person’s history of grants: the Presidency, auditors and the person see it; no one else', async () => {
    const history = expectStatus(await get(`/api/people/${ANA}/grants`, t.presidency), 200);
    expect(history.headers.get('etag')).toBe('W/"1"');
    expect(history.body.asOf).toBeNull();
    expect(history.body.active).toEqual([]);
    expect(history.body.history).toEqual([
      expect.objectContaining({
        grantId: anaGrantId,
        status: 'revoked',
        grantedBy: { sub: 'presidency', role: 'presidency', organizationId: null },
        revocation: expect.objectContaining({
          revokedOn: '2026-11-24',
          reason: 'Cesó en funciones.',
          revokedBy: { sub: 'presidency', role: 'presidency', organizationId: null },
        }),
      }),
    ]);
    // The person, with a development token of their own subject.
    expect(
      (await get(`/api/people/${ANA}/grants`, api.token('public', undefined, ANA))).status,
    ).toBe(200);
    for (const token of [t.mdt, t.fae, t.coreGroup, t.citizen]) {
      const res = await get(`/api/people/${ANA}/grants`, token);
      expect(res.status).toBe(403);
    }
    expect((await get(`/api/people/${ANA}/grants`)).status).toBe(401);
  });

  it('a person’s history of grants as of a past date: active then, its revocation not yet known', async () => {
    const then = expectStatus(
      await get(`/api/people/${ANA}/grants?asOf=2026-01-28`, t.auditor),
      200,
    );
    // No revision ETag on a past answer (Express's own content tag at most).
    expect(then.headers.get('etag') ?? '').not.toMatch(/^W\/"\d+"$/);
    expect(then.body).toMatchObject({
      sub: ANA,
      asOf: { view: 'as-known', moment: '2026-01-29T04:59:59.999Z', happenedBy: null },
      active: [{ grantId: anaGrantId, status: 'active', revocation: null }],
      history: [{ grantId: anaGrantId, status: 'active', revocation: null }],
    });
    const before = expectStatus(
      await get(`/api/people/${ANA}/grants?asHappenedBy=2026-01-19`, t.auditor),
      200,
    );
    expect(before.body).toMatchObject({ active: [], history: [] });
    expect((await get(`/api/people/${ANA}/grants?asOf=2027-01-01`, t.auditor)).status).toBe(422);
  });

  it('who could act for the Ministerio del Trabajo on 28 January 2026, and who granted it', async () => {
    const then = expectStatus(
      await get(`/api/institutions/${MDT_ID}/people?asOf=2026-01-28`, t.auditor),
      200,
    );
    expect(then.body).toMatchObject({
      institutionId: MDT_ID,
      role: 'institution',
      asOf: { view: 'as-known', moment: '2026-01-29T04:59:59.999Z', happenedBy: null },
      people: [
        {
          sub: ANA,
          grantId: anaGrantId,
          reason: REASON,
          grantedOn: '2026-01-20',
          grantedBy: { sub: 'presidency', role: 'presidency' },
          status: 'active',
        },
      ],
    });
    const happened = expectStatus(
      await get(`/api/institutions/${MDT_ID}/people?asHappenedBy=2026-01-28`, t.presidency),
      200,
    );
    expect(happened.body.people.map((p: { sub: string }) => p.sub)).toEqual([ANA]);
    // Now: revoked.
    const now = expectStatus(await get(`/api/institutions/${MDT_ID}/people`, t.auditor), 200);
    expect(now.body.people).toEqual([]);
    expect(
      (await get(`/api/institutions/${MDT_ID}/people?asOf=2026-01-19`, t.auditor)).body.people,
    ).toEqual([]);
  });

  it('the as-of query refuses a bad or future moment, and readers other than the Presidency and auditors', async () => {
    const future = await get(`/api/institutions/${MDT_ID}/people?asOf=2027-01-01`, t.auditor);
    expect(future.status).toBe(422);
    expect(future.body.code).toBe('AS_OF_IN_FUTURE');
    const bad = await get(`/api/institutions/${MDT_ID}/people?asOf=ayer`, t.auditor);
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('asOf');
    const both = await get(
      `/api/institutions/${MDT_ID}/people?asOf=2026-01-28&asHappenedBy=2026-01-28`,
      t.auditor,
    );
    expect(both.status).toBe(400);
    for (const token of [t.mdt, t.fae, t.coreGroup, t.citizen]) {
      expect((await get(`/api/institutions/${MDT_ID}/people`, token)).status).toBe(403);
      expect((await get(`/api/organizations/${FAE_ID}/people`, token)).status).toBe(403);
    }
    expect((await get(`/api/institutions/${MDT_ID}/people`)).status).toBe(401);
  });
});
