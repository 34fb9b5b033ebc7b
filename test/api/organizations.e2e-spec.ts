import { http, startApi, stopApi, type ApiHarness } from './support/api-harness';
import {
  FAE_ID,
  OTHER_ORGANIZATION_ID,
  expectStatus,
  faeBody,
  grupoFaroBody,
  post,
  tokens,
  type Tokens,
} from './support/acta-requests';

describe('organizations over HTTP', () => {
  let api: ApiHarness;
  let t: Tokens;
  beforeAll(async () => {
    api = await startApi();
    t = tokens(api);
  });
  afterAll(() => stopApi(api));

  it('registers Fundación Alianza Estratégica: 201, ETag, and it reads back', async () => {
    const res = expectStatus(await post(api, '/api/organizations', t.presidency, faeBody()), 201);
    expect(res.headers.get('etag')).toBe('W/"0"');
    expect(res.body).toMatchObject({
      id: FAE_ID,
      stream: `organization-${FAE_ID}`,
      revision: '0',
      events: [{ type: 'OrganizationRegistered', revision: '0' }],
    });
    const read = expectStatus(await http(api, 'GET', `/api/organizations/${FAE_ID}`), 200);
    expect(read.headers.get('etag')).toBe('W/"0"');
    expect(read.body).toEqual({ ...faeBody(), status: 'Registered', revision: '0' });
  });

  it('registers one without representative, and lists both', async () => {
    expectStatus(await post(api, '/api/organizations', t.presidency, grupoFaroBody()), 201);
    const read = await http(api, 'GET', `/api/organizations/${OTHER_ORGANIZATION_ID}`);
    expect(read.body.representative).toBeNull();
    const list = expectStatus(await http(api, 'GET', '/api/organizations'), 200);
    expect(list.body.items.map((o: { organizationId: string }) => o.organizationId)).toEqual(
      expect.arrayContaining([FAE_ID, OTHER_ORGANIZATION_ID]),
    );
  });

  it('makes an id when the client sends none', async () => {
    const res = expectStatus(
      await post(api, '/api/organizations', t.presidency, {
        name: 'Universidad Central del Ecuador',
        sector: 'academia',
      }),
      201,
    );
    expect(res.body.id).toMatch(/^[0-9a-f-]{36}$/);
    expect((await http(api, 'GET', `/api/organizations/${res.body.id}`)).body.sector).toBe(
      'academia',
    );
  });

  it('needs a token (401) and the presidency role (403)', async () => {
    const body = { ...grupoFaroBody(), organizationId: 'otra' };
    expect((await post(api, '/api/organizations', undefined, body)).status).toBe(401);
    for (const token of [t.fae, t.mdt, t.auditor, t.citizen]) {
      const res = await post(api, '/api/organizations', token, body);
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('ROLE_NOT_ALLOWED');
    }
  });

  it.each([
    ['sector', { sector: 'government' }],
    ['name', { name: 42 }],
    ['representative.position', { representative: { name: 'Carlos Vinueza' } }],
    ['organizationId', { organizationId: 'a/b' }],
  ])('refuses a bad %s with 400 naming it', async (field, overrides) => {
    const res = await post(api, '/api/organizations', t.presidency, {
      ...grupoFaroBody(),
      organizationId: 'nueva',
      ...overrides,
    });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    expect((await http(api, 'GET', '/api/organizations/nueva')).status).toBe(404);
  });

  it('refuses a second registration with 409 ORGANIZATION_ALREADY_REGISTERED', async () => {
    const res = await post(api, '/api/organizations', t.presidency, faeBody());
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('ORGANIZATION_ALREADY_REGISTERED');
  });

  it('answers 404 problem+json for an unknown organization', async () => {
    const res = await http(api, 'GET', '/api/organizations/no-such-organization');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/problem\+json/);
  });
});
