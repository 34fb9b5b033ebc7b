/**
 * Issue 17 §2, the bodies and queries that used to be answered with a 500 or silently changed:
 * a JSON body nested thousands deep (a stack overflow in validation), a prototype key
 * (`__proto__`, `constructor`) dropped instead of refused, an offset past a safe integer. Each is
 * now a 400 that names what is wrong, and a refused command appends nothing. And a token with no
 * expiry, accepted for ever before, is refused.
 */
import { JwtService } from '@nestjs/jwt';
import { SECRET, http, startApi, stopApi, type ApiHarness } from './support/api-harness';
import { planBody } from './support/acta-requests';

describe('hostile requests: refused with a 400 that names the problem, nothing appended', () => {
  let api: ApiHarness;
  let presidency: string;
  /** The plan the refused bodies would register: it must never exist. */
  const planStatus = async () =>
    (await http(api, 'GET', `/api/action-plans/${planBody().planId}`, { token: presidency }))
      .status;

  beforeAll(async () => {
    api = await startApi();
    presidency = api.token('presidency');
  });
  afterAll(() => stopApi(api));

  it('given a body nested 5,000 deep, then 400 JSON_TOO_DEEP', async () => {
    const res = await fetch(`${api.baseUrl}/api/action-plans`, {
      method: 'POST',
      headers: { authorization: `Bearer ${presidency}`, 'content-type': 'application/json' },
      body: `{"planId":${'['.repeat(5_000)}${']'.repeat(5_000)}}`,
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(((await res.json()) as { code: string }).code).toBe('JSON_TOO_DEEP');
  });

  it.each([
    ['__proto__', { ...planBody(), __proto__: { isAdmin: true } }, '__proto__'],
    ['constructor', { ...planBody(), constructor: { name: 'x' } }, 'constructor'],
    [
      'nested',
      { ...planBody(), period: { ...planBody().period, prototype: 1 } },
      'period.prototype',
    ],
  ])(
    'given a %s key, then 400 naming it, as an unknown field is, and nothing appended',
    async (_, body, field) => {
      // Serialised by hand: an object literal's __proto__ sets the prototype, not a key.
      const raw =
        JSON.stringify(body).replace(/}$/, '') +
        (field === '__proto__' ? ',"__proto__":{"isAdmin":true}}' : '}');
      const res = await fetch(`${api.baseUrl}/api/action-plans`, {
        method: 'POST',
        headers: { authorization: `Bearer ${presidency}`, 'content-type': 'application/json' },
        body: raw,
      });
      const problem = (await res.json()) as { code: string; errors: { field: string }[] };
      expect([res.status, problem.code]).toEqual([400, 'VALIDATION_FAILED']);
      expect(problem.errors.map((e) => e.field)).toEqual([field]);
      // The process reads its own writes: a plan registered by this request would be found.
      expect(await planStatus()).toBe(404);
    },
  );

  it('given a token signed with the right key but no expiry, then 401: it could never be taken back', async () => {
    const forever = new JwtService({ secret: SECRET }).sign({
      sub: 'para-siempre',
      role: 'presidency',
    });
    const res = await http(api, 'GET', '/api/me', { token: forever });
    expect([res.status, res.body.code]).toEqual([401, 'UNAUTHORIZED']);
    expect(res.body.detail).toMatch(/exp/);
    // The same claims with an expiry are accepted.
    expect((await http(api, 'GET', '/api/me', { token: api.token('presidency') })).status).toBe(
      200,
    );
  });

  it('given a lone surrogate in a string, then 400 naming the field (IsEmail threw: a 500 the fuzz suite found)', async () => {
    const res = await http(api, 'POST', '/api/notices/recipients', {
      token: presidency,
      rawBody:
        '{"role":"institution","organizationId":"mdt","channel":"email","address":"\\ud800","language":"es"}',
    });
    expect([res.status, res.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['address']);
  });

  it('given an offset past a safe integer, then 400 naming it (it was a 500)', async () => {
    for (const path of ['/api/commitments?offset=1e20', '/api/audit-trail?offset=1e20']) {
      const res = await http(api, 'GET', path, { token: api.token('auditor') });
      expect([path, res.status]).toEqual([path, 400]);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['offset']);
    }
  });
});

describe('every list bounds its page, and ?waitFor= is bounded to positions that exist', () => {
  let api: ApiHarness;
  let operations: { path: string; params: string[] }[];
  /** A path of the OpenAPI document with its parameters filled in. */
  const concrete = (path: string) =>
    path.replace(/\{([^}]+)\}/g, (_, name) =>
      name === 'file' ? 'commitments.json' : 'cualquiera',
    );
  /**
   * The routes that take `waitFor` (the common query) but never wait: they read the log's own
   * database or the person's stream, current whatever the position.
   */
  const NEVER_WAIT = ['/api/transparency/checkpoints', '/api/people/{sub}/grants'];

  beforeAll(async () => {
    api = await startApi();
    const doc = (await http(api, 'GET', '/docs/openapi.json')).body as {
      paths: Record<string, Record<string, { parameters?: { name: string; in: string }[] }>>;
    };
    operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
      methods.get
        ? [
            {
              path,
              params: (methods.get.parameters ?? [])
                .filter((p) => p.in === 'query')
                .map((p) => p.name),
            },
          ]
        : [],
    );
  });
  afterAll(() => stopApi(api));

  it.each([
    ['offset', '1e20'],
    ['offset', '-1'],
    ['limit', '-1'],
    ['limit', '1e9'],
    ['limit', 'abc'],
  ])(
    'given %s=%s on every list route of the OpenAPI document, then 400 naming it',
    async (field, value) => {
      const lists = operations.filter((o) => o.params.includes(field));
      expect(lists.length).toBeGreaterThan(5);
      const token = api.token('auditor');
      const answers = [];
      for (const { path } of lists) {
        const res = await http(
          api,
          'GET',
          `/api${concrete(path).replace(/^\/api/, '')}?${field}=${value}`,
          {
            token,
          },
        );
        const fields = (res.body?.errors ?? []).map((e: { field: string }) => e.field);
        answers.push([path, res.status, fields.includes(field)]);
      }
      expect(answers).toEqual(lists.map(({ path }) => [path, 400, true]));
    },
  );

  it('given waitFor past the end of $all on every route that takes it, then 400 naming waitFor at once; a position that exists is waited for', async () => {
    const presidency = api.token('presidency');
    const registered = await http(api, 'POST', '/api/action-plans', {
      token: presidency,
      body: planBody(),
    });
    expect(registered.status).toBe(201);
    const end = BigInt(registered.body.position as string);
    const beyond = (end + 1_000_000n).toString();
    const routes = operations.filter(
      (o) => o.params.includes('waitFor') && !NEVER_WAIT.includes(o.path),
    );
    expect(routes.length).toBeGreaterThan(5);
    const answers = [];
    for (const { path } of routes) {
      const res = await http(
        api,
        'GET',
        `/api${concrete(path).replace(/^\/api/, '')}?waitFor=${beyond}`,
        {
          token: api.token('auditor'),
        },
      );
      const fields = (res.body?.errors ?? []).map((e: { field: string }) => e.field);
      answers.push([path, res.status, fields.includes('waitFor')]);
    }
    expect(answers).toEqual(routes.map(({ path }) => [path, 400, true]));
    const plan = await http(api, 'GET', `/api/action-plans/${planBody().planId}?waitFor=${end}`, {
      token: presidency,
    });
    expect([plan.status, plan.body.planId]).toEqual([200, planBody().planId]);
  });
});
