/**
 * HTTP caching of the public reads (docs/read-side.md#caching): Cache-Control, ETag and Vary on
 * GET /api/commitments/:id, GET /api/commitments and GET /api/action-plans/:id; conditional GETs
 * answered 304 with no body; a write moves the ETag and `?waitFor=` sees it; a privileged
 * reader's answer is private and never shared with an anonymous one.
 */
import { http, startApi, stopApi, type ApiHarness } from './support/api-harness';
import {
  commitmentInImplementation,
  progressReport,
  registerParties,
} from './support/commitment-setup';

const PUBLIC = 'public, max-age=5, stale-while-revalidate=30';
const PRIVATE = 'private, no-cache';
const SECRET_NARRATIVE = 'Hallazgos reservados del diagnóstico institucional.';

describe('caching of public reads', () => {
  let api: ApiHarness;
  const mdt = () => api.token('institution', 'mdt');
  const get = (path: string, headers: Record<string, string> = {}, token?: string) =>
    http(api, 'GET', path, { headers, token });

  beforeAll(async () => {
    api = await startApi();
    await registerParties(api);
    await commitmentInImplementation(api, 'cache-1');
  });

  afterAll(() => stopApi(api));

  it('a commitment: public for an anonymous reader, with its revision as ETag; If-None-Match → 304 with no body', async () => {
    const first = await get('/api/commitments/cache-1');
    expect(first.status).toBe(200);
    expect(first.headers.get('cache-control')).toBe(PUBLIC);
    expect(first.headers.get('vary')).toBe('Authorization, Cookie');
    const etag = first.headers.get('etag')!;
    expect(etag).toBe(`W/"${first.body.revision}"`);
    expect(first.body).toMatchObject({ commitmentId: 'cache-1', status: 'InImplementation' });
    expect(BigInt(first.body.position)).toBeGreaterThanOrEqual(
      BigInt(first.body.commitmentPosition),
    );

    const again = await get('/api/commitments/cache-1', { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(again.body).toBe('');
    expect(again.headers.get('etag')).toBe(etag);
    expect(again.headers.get('cache-control')).toBe(PUBLIC);
    // A list of tags, the strong form of the same tag, and `*` match too.
    for (const held of [`W/"999", ${etag}`, etag.slice(2), '*']) {
      expect((await get('/api/commitments/cache-1', { 'if-none-match': held })).status).toBe(304);
    }
    // A tag of another revision is answered in full.
    const other = await get('/api/commitments/cache-1', { 'if-none-match': 'W/"999"' });
    expect(other.status).toBe(200);
    expect(other.body).toEqual(first.body);
  });

  it('after a command the ETag changes, ?waitFor= sees the write, and the old ETag gets the new body', async () => {
    const before = await get('/api/commitments/cache-1');
    const oldTag = before.headers.get('etag')!;
    const reported = await http(
      api,
      'POST',
      '/api/commitments/cache-1/milestones/h1/progress-reports',
      {
        token: mdt(),
        body: progressReport('r-cache', 30),
      },
    );
    expect(reported.status).toBe(201);

    const after = await get(`/api/commitments/cache-1?waitFor=${reported.body.position}`, {
      'if-none-match': oldTag,
    });
    expect(after.status).toBe(200);
    expect(BigInt(after.body.position)).toBeGreaterThanOrEqual(BigInt(reported.body.position));
    expect(after.body.revision).toBe(reported.body.revision);
    expect(after.headers.get('etag')).toBe(`W/"${reported.body.revision}"`);
    expect(after.headers.get('etag')).not.toBe(oldTag);
    expect(after.body.milestones[0].reports.map((r: { reportId: string }) => r.reportId)).toContain(
      'r-cache',
    );
  });

  it('a privileged read is private and its classified content never reaches an anonymous reader, whichever comes first', async () => {
    const reported = await http(
      api,
      'POST',
      '/api/commitments/cache-1/milestones/h1/progress-reports',
      {
        token: mdt(),
        body: {
          ...progressReport('r-reserved', 40),
          narrative: SECRET_NARRATIVE,
          classification: 'reserved',
        },
      },
    );
    expect(reported.status).toBe(201);
    const path = `/api/commitments/cache-1?waitFor=${reported.body.position}`;
    const reportIn = (body: { milestones: { reports: { reportId: string }[] }[] }) =>
      body.milestones[0].reports.find((r) => r.reportId === 'r-reserved') as unknown as {
        narrative: string | null;
        withheld?: boolean;
      };

    // The party reads first: its representation is built and kept.
    const party = await get(path, {}, mdt());
    expect(party.status).toBe(200);
    expect(party.headers.get('cache-control')).toBe(PRIVATE);
    expect(party.headers.get('vary')).toBe('Authorization, Cookie');
    expect(reportIn(party.body).narrative).toBe(SECRET_NARRATIVE);

    // Then anyone, for the same revision: the public representation, never the party's.
    const anonymous = await get(path);
    expect(anonymous.status).toBe(200);
    expect(anonymous.headers.get('cache-control')).toBe(PUBLIC);
    expect(anonymous.body.revision).toBe(party.body.revision);
    expect(reportIn(anonymous.body)).toMatchObject({ narrative: null, withheld: true });
    expect(JSON.stringify(anonymous.body)).not.toContain(SECRET_NARRATIVE);
    expect(anonymous.body.withheldTexts).toBeGreaterThan(0);

    // A signed-in reader who is not a party: private, but the public content.
    const stranger = await get(path, {}, api.token('counterpart', 'otra-organizacion'));
    expect(stranger.headers.get('cache-control')).toBe(PRIVATE);
    expect(JSON.stringify(stranger.body)).not.toContain(SECRET_NARRATIVE);

    // And the Presidency, after all of them, still sees it.
    const presidency = await get(path, {}, api.token('presidency'));
    expect(reportIn(presidency.body).narrative).toBe(SECRET_NARRATIVE);
  });

  it('an unknown commitment is still a 404, whatever the caller holds', async () => {
    const res = await get('/api/commitments/no-such-one', { 'if-none-match': '*' });
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('NOT_FOUND');
  });

  it('the list: public, its ETag the position it reflects; 304 until something is written', async () => {
    const first = await get('/api/commitments?planId=plan-e2e');
    expect(first.status).toBe(200);
    expect(first.headers.get('cache-control')).toBe(PUBLIC);
    const etag = first.headers.get('etag')!;
    expect(etag).toBe(`W/"p${first.body.position}"`);
    expect(first.body.items.map((c: { id: string }) => c.id)).toEqual(['cache-1']);
    expect((await get('/api/commitments?planId=plan-e2e', { 'if-none-match': etag })).status).toBe(
      304,
    );
    expect(
      (await get('/api/commitments?planId=plan-e2e', {}, mdt())).headers.get('cache-control'),
    ).toBe(PRIVATE);

    await commitmentInImplementation(api, 'cache-2', 2);
    const after = await get('/api/commitments?planId=plan-e2e', { 'if-none-match': etag });
    expect(after.status).toBe(200);
    expect(after.headers.get('etag')).not.toBe(etag);
    expect(after.body.items.map((c: { id: string }) => c.id)).toEqual(['cache-1', 'cache-2']);
  });

  it('an action plan: public, its revision as ETag, 304 on it; private when signed in', async () => {
    const first = await get('/api/action-plans/plan-e2e');
    expect(first.status).toBe(200);
    expect(first.headers.get('cache-control')).toBe(PUBLIC);
    expect(first.headers.get('etag')).toBe(`W/"${first.body.revision}"`);
    expect(first.body).toMatchObject({ planId: 'plan-e2e', code: 'EC-PAEA-2026-2027' });
    const again = await get('/api/action-plans/plan-e2e', {
      'if-none-match': first.headers.get('etag')!,
    });
    expect(again.status).toBe(304);
    expect(again.body).toBe('');
    const signedIn = await get('/api/action-plans/plan-e2e', {}, api.token('presidency'));
    expect(signedIn.headers.get('cache-control')).toBe(PRIVATE);
    expect(signedIn.body).toEqual(first.body);
    expect((await get('/api/action-plans/no-such-plan')).status).toBe(404);
  });

  it('anonymous reads answered before the route table keep their route in the metrics; HEAD has the headers and no body', async () => {
    const head = await http(api, 'HEAD', '/api/commitments/cache-1');
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
    expect(head.headers.get('cache-control')).toBe(PUBLIC);
    expect(Number(head.headers.get('content-length'))).toBeGreaterThan(1000);
    await get('/api/action-plans/plan-e2e');
    await get('/api/commitments');
    const metrics = (await get('/metrics')).body as string;
    for (const route of [
      '/api/commitments/:commitmentId',
      '/api/action-plans/:planId',
      '/api/commitments',
    ]) {
      expect(metrics).toMatch(
        new RegExp(
          `hitos_http_request_duration_seconds_count\\{[^}]*route="${route}"[^}]*status="200"`,
        ),
      );
    }
    expect(metrics).not.toContain('route="/api/{*path}"');
  });
});
