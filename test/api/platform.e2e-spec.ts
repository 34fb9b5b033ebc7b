import { http, startApi, stopApi, type ApiHarness } from './support/api-harness';

const plan = {
  code: 'EC-PAEA-2026-2027',
  title: 'Tercer Plan de Acción de Estado Abierto Ecuador 2026–2027',
  country: 'EC',
  period: { start: '2026-01-01', end: '2027-12-31' },
  coreGroup: [{ memberId: 'gn-1', name: 'Ana Torres', sector: 'civil-society' }],
};

describe('the API platform: auth, errors, idempotency, ETags, docs, health, metrics', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => stopApi(api));

  it('answers 401 as problem+json without a token, in Spanish by default and English on request', async () => {
    const es = await http(api, 'POST', '/api/action-plans', { body: plan });
    expect(es.status).toBe(401);
    expect(es.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(es.body).toMatchObject({
      status: 401,
      code: 'UNAUTHORIZED',
      detail: expect.stringMatching(/token/),
    });
    expect(es.body.messages.es).toBe(es.body.detail);
    const en = await http(api, 'POST', '/api/action-plans', {
      body: plan,
      headers: { 'accept-language': 'en-GB,en;q=0.9,es;q=0.5' },
    });
    expect(en.body.detail).toBe(en.body.messages.en);
  });

  it('answers 401 for a forged or malformed token', async () => {
    const forged = api.token('presidency').replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    expect(
      (await http(api, 'POST', '/api/action-plans', { token: forged, body: plan })).status,
    ).toBe(401);
    const malformed = await http(api, 'POST', '/api/action-plans', {
      body: plan,
      headers: { authorization: 'Basic abc' },
    });
    expect(malformed.status).toBe(401);
  });

  it('answers 403 naming the role when the role may not act', async () => {
    const res = await http(api, 'POST', '/api/action-plans', {
      token: api.token('auditor'),
      body: plan,
    });
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({
      code: 'ROLE_NOT_ALLOWED',
      role: 'auditor',
      allowedRoles: ['presidency'],
    });
  });

  it.each([
    ['an unknown field', { ...plan, extra: true }, 'extra'],
    ['a wrong type', { ...plan, title: 42 }, 'title'],
    [
      'an impossible date',
      { ...plan, period: { start: '2026-02-30', end: '2027-12-31' } },
      'period.start',
    ],
    ['a huge string', { ...plan, title: 'x'.repeat(5_000) }, 'title'],
    [
      'a bad nested item',
      { ...plan, coreGroup: [{ memberId: 'gn 1', name: '', sector: 'x' }] },
      'coreGroup[0].memberId',
    ],
    ['a missing field', { ...plan, code: undefined }, 'code'],
  ])('refuses %s with 400 naming the field, and records nothing', async (_label, body, field) => {
    const before = await http(api, 'GET', '/api/action-plans');
    const res = await http(api, 'POST', '/api/action-plans', {
      token: api.token('presidency'),
      body,
    });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    expect(res.body.detail).toContain(field);
    const after = await http(api, 'GET', '/api/action-plans');
    expect(after.body.items).toHaveLength(before.body.items.length);
  });

  it('refuses bad JSON and a body over the limit with 4xx problem+json', async () => {
    const bad = await http(api, 'POST', '/api/action-plans', {
      token: api.token('presidency'),
      rawBody: '{"code": ',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('MALFORMED_JSON');
    const huge = await http(api, 'POST', '/api/action-plans', {
      token: api.token('presidency'),
      rawBody: JSON.stringify({ ...plan, title: 'x'.repeat(400_000) }),
    });
    expect(huge.status).toBe(413);
    expect(huge.body.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('records a command once per Idempotency-Key, answering the first result again', async () => {
    const token = api.token('presidency');
    const headers = { 'idempotency-key': 'register-plan-once' };
    const first = await http(api, 'POST', '/api/action-plans', { token, body: plan, headers });
    expect(first.status).toBe(201);
    const again = await http(api, 'POST', '/api/action-plans', { token, body: plan, headers });
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const bad = await http(api, 'POST', '/api/action-plans', {
      token,
      body: plan,
      headers: { 'idempotency-key': 'with spaces' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('INVALID_IDEMPOTENCY_KEY');
  });

  it('gives the revision as a weak ETag and a 404 problem for an unknown resource', async () => {
    const created = await http(api, 'POST', '/api/action-plans', {
      token: api.token('presidency'),
      body: { ...plan, planId: 'etag-plan' },
    });
    expect(created.headers.get('etag')).toBe('W/"0"');
    const read = await http(api, 'GET', '/api/action-plans/etag-plan');
    expect(read.status).toBe(200);
    expect(read.headers.get('etag')).toBe('W/"0"');
    expect(read.body).toMatchObject({ planId: 'etag-plan', revision: '0', code: plan.code });
    const missing = await http(api, 'GET', '/api/action-plans/no-such-plan');
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('NOT_FOUND');
    const malformedId = await http(api, 'GET', '/api/action-plans/bad%20id');
    expect(malformedId.status).toBe(400);
  });

  it('serves the OpenAPI document, health, metrics and the dashboard', async () => {
    const doc = await http(api, 'GET', '/docs/openapi.json');
    expect(doc.status).toBe(200);
    expect(Object.keys(doc.body.paths)).toContain('/api/action-plans');
    expect((await http(api, 'GET', '/docs')).status).toBe(200);
    const health = await http(api, 'GET', '/health');
    expect(health.status).toBe(200);
    expect(health.body.info.eventStore.status).toBe('up');
    expect(health.body.info.projections).toMatchObject({
      status: 'up',
      'commitment-detail': { failed: false, stalled: false },
    });
    const metrics = await http(api, 'GET', '/metrics');
    expect(metrics.body).toContain('hitos_http_request_duration_seconds');
    expect(metrics.body).toMatch(
      /hitos_projection_lag_events\{projection="commitment-detail"\} \d+/,
    );
    expect(metrics.body).toMatch(
      /hitos_commands_total\{stream_category="plan",outcome="appended"\} [1-9]/,
    );
    const page = await http(api, 'GET', '/');
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(page.body).toContain('Compromisos');
    const csp = page.headers.get('content-security-policy')!;
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    const script = await http(api, 'GET', '/portal.js');
    expect(script.headers.get('content-type')).toMatch(/javascript/);
    expect(script.body).toContain('new EventSource(stream)');
    expect(script.body).not.toMatch(/:\s*HTMLElement|<HTMLElement>/); // transpiled, not TypeScript
  });

  it('carries the caller’s correlation id back, and makes one otherwise', async () => {
    const mine = await http(api, 'GET', '/health', { headers: { 'x-correlation-id': 'corr-123' } });
    expect(mine.headers.get('x-correlation-id')).toBe('corr-123');
    const made = await http(api, 'GET', '/health');
    expect(made.headers.get('x-correlation-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});
