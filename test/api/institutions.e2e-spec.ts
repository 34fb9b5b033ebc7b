import { http, startApi, stopApi, type ApiHarness } from './support/api-harness';
import {
  MDT_ID,
  OTHER_INSTITUTION_ID,
  expectStatus,
  mdtBody,
  post,
  sercopBody,
  tokens,
  type Tokens,
} from './support/acta-requests';

const redesign = (overrides: Record<string, unknown> = {}) => ({
  kind: 'merged',
  legalInstrument: 'Decreto Ejecutivo No. 123',
  effectiveOn: '2026-09-01',
  successorIds: [MDT_ID],
  ...overrides,
});

describe('institutions over HTTP', () => {
  let api: ApiHarness;
  let t: Tokens;
  beforeAll(async () => {
    api = await startApi();
    t = tokens(api);
  });
  afterAll(() => stopApi(api));

  describe('POST /api/institutions', () => {
    it('registers the Ministerio del Trabajo: 201, ETag, and the institution reads back', async () => {
      const res = expectStatus(await post(api, '/api/institutions', t.presidency, mdtBody()), 201);
      expect(res.headers.get('etag')).toBe('W/"0"');
      expect(res.body).toMatchObject({
        id: MDT_ID,
        stream: `institution-${MDT_ID}`,
        revision: '0',
        events: [{ type: 'InstitutionRegistered', revision: '0' }],
      });
      const read = expectStatus(await http(api, 'GET', `/api/institutions/${MDT_ID}`), 200);
      expect(read.headers.get('etag')).toBe('W/"0"');
      expect(read.body).toEqual({
        ...mdtBody(),
        status: 'Active',
        formerNames: [],
        redesigns: [],
        revision: '0',
      });
      const list = expectStatus(await http(api, 'GET', '/api/institutions'), 200);
      expect(list.body.items.map((i: { institutionId: string }) => i.institutionId)).toContain(
        MDT_ID,
      );
    });

    it('makes an id when the client sends none', async () => {
      const { institutionId: _omit, ...body } = { ...mdtBody(), name: 'Secretaría Técnica' };
      const res = expectStatus(await post(api, '/api/institutions', t.presidency, body), 201);
      expect(res.body.id).toMatch(/^[0-9a-f-]{36}$/);
      expect((await http(api, 'GET', `/api/institutions/${res.body.id}`)).body.name).toBe(
        'Secretaría Técnica',
      );
    });

    it('needs a token (401) and the presidency role (403)', async () => {
      expect((await post(api, '/api/institutions', undefined, sercopBody())).status).toBe(401);
      for (const token of [t.mdt, t.fae, t.auditor, t.coreGroup]) {
        const res = await post(api, '/api/institutions', token, sercopBody());
        expect(res.status).toBe(403);
        expect(res.body.code).toBe('ROLE_NOT_ALLOWED');
      }
    });

    it.each([
      ['stateFunction', { stateFunction: 'monarchy' }],
      ['governmentLevel', { governmentLevel: 'galactic' }],
      ['name', { name: 'x'.repeat(301) }],
      ['institutionId', { institutionId: 'con espacios' }],
      ['acronym', { acronym: '' }],
    ])('refuses a bad %s with 400 naming it', async (field, overrides) => {
      const res = await post(api, '/api/institutions', t.presidency, {
        ...sercopBody(),
        ...overrides,
      });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    });

    it('refuses a second registration with 409 INSTITUTION_ALREADY_REGISTERED', async () => {
      const res = await post(api, '/api/institutions', t.presidency, mdtBody());
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('INSTITUTION_ALREADY_REGISTERED');
    });

    it('answers 404 for an unknown institution and 400 for a malformed id', async () => {
      const missing = await http(api, 'GET', '/api/institutions/no-such-institution');
      expect(missing.status).toBe(404);
      expect(missing.body.code).toBe('NOT_FOUND');
      expect((await http(api, 'GET', '/api/institutions/bad%20id')).status).toBe(400);
    });
  });

  describe('POST /api/institutions/:institutionId/redesigns', () => {
    beforeAll(async () => {
      for (const body of [
        sercopBody(),
        { ...sercopBody(), institutionId: 'senplades', name: 'Senplades', acronym: 'SNP' },
        { ...sercopBody(), institutionId: 'mintel', name: 'Mintel', acronym: 'MINTEL' },
        { ...sercopBody(), institutionId: 'secom', name: 'Secom', acronym: 'SECOM' },
      ])
        expectStatus(await post(api, '/api/institutions', t.presidency, body), 201);
    });

    it('records a merger: 201, ETag, the institution ends with its successor', async () => {
      const res = expectStatus(
        await post(api, '/api/institutions/senplades/redesigns', t.presidency, redesign()),
        201,
      );
      expect(res.headers.get('etag')).toBe('W/"1"');
      expect(res.body.events).toEqual([
        expect.objectContaining({ type: 'InstitutionRedesigned', revision: '1' }),
      ]);
      const read = await http(api, 'GET', '/api/institutions/senplades');
      expect(read.body).toMatchObject({
        status: 'Ended',
        endedBy: 'merged',
        endedOn: '2026-09-01',
        successorIds: [MDT_ID],
        revision: '1',
      });
      expect(read.body.redesigns).toHaveLength(1);
    });

    it('records a renaming, keeping the former name', async () => {
      expectStatus(
        await post(
          api,
          '/api/institutions/mintel/redesigns',
          t.presidency,
          redesign({
            kind: 'renamed',
            successorIds: [],
            newName: 'Ministerio de Telecomunicaciones',
          }),
        ),
        201,
      );
      const read = await http(api, 'GET', '/api/institutions/mintel');
      expect(read.body).toMatchObject({
        status: 'Active',
        name: 'Ministerio de Telecomunicaciones',
        formerNames: ['Mintel'],
      });
    });

    it('needs a token (401) and the presidency role (403)', async () => {
      const path = `/api/institutions/${OTHER_INSTITUTION_ID}/redesigns`;
      expect((await post(api, path, undefined, redesign())).status).toBe(401);
      // An institution may not redesign itself nor anyone else.
      const own = await post(api, path, t.sercop, redesign());
      expect(own.status).toBe(403);
      expect(own.body.code).toBe('ROLE_NOT_ALLOWED');
      expect((await post(api, path, t.auditor, redesign())).status).toBe(403);
    });

    it.each([
      ['kind', { kind: 'vanished' }],
      ['effectiveOn', { effectiveOn: '2026-13-01' }],
      ['successorIds', { successorIds: 'mdt' }],
      ['successorIds', { successorIds: ['bad id'] }],
      ['legalInstrument', { legalInstrument: 'x'.repeat(301) }],
    ])('refuses a bad %s with 400 naming it', async (field, overrides) => {
      const res = await post(
        api,
        `/api/institutions/${OTHER_INSTITUTION_ID}/redesigns`,
        t.presidency,
        redesign(overrides),
      );
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    });

    it.each([
      ['no-such-institution', redesign(), 404, 'INSTITUTION_NOT_FOUND'],
      [
        OTHER_INSTITUTION_ID,
        redesign({ successorIds: ['nobody'] }),
        404,
        'REDESIGN_SUCCESSOR_NOT_FOUND',
      ],
      [
        OTHER_INSTITUTION_ID,
        redesign({ successorIds: ['senplades'] }),
        409,
        'REDESIGN_SUCCESSOR_NOT_ACTIVE',
      ],
      [OTHER_INSTITUTION_ID, redesign({ successorIds: [] }), 422, 'REDESIGN_SUCCESSOR_COUNT'],
      [
        OTHER_INSTITUTION_ID,
        redesign({ successorIds: [OTHER_INSTITUTION_ID] }),
        422,
        'REDESIGN_SUCCESSOR_IS_SELF',
      ],
      [
        OTHER_INSTITUTION_ID,
        redesign({ kind: 'split', successorIds: [MDT_ID, MDT_ID] }),
        422,
        'REDESIGN_SUCCESSOR_DUPLICATE',
      ],
      [
        OTHER_INSTITUTION_ID,
        redesign({ kind: 'renamed', successorIds: [] }),
        422,
        'REDESIGN_NEW_NAME_REQUIRED',
      ],
      ['senplades', redesign({ kind: 'abolished', successorIds: [] }), 409, 'INSTITUTION_ENDED'],
    ])('refuses %s with %j → %i %s', async (id, body, status, code) => {
      const res = await post(api, `/api/institutions/${id}/redesigns`, t.presidency, body);
      expect(res.status).toBe(status);
      expect(res.body.code).toBe(code);
    });

    it('leaves the institution unchanged after a refusal', async () => {
      const read = await http(api, 'GET', `/api/institutions/${OTHER_INSTITUTION_ID}`);
      expect(read.body).toMatchObject({ status: 'Active', revision: '0', redesigns: [] });
    });
  });
});
