import { http, startApi, stopApi, type ApiHarness } from './support/api-harness';
import {
  commitmentInImplementation,
  progressReport,
  registerParties,
} from './support/commitment-setup';

const reportsOf = (commitment: any): any[] => commitment.milestones.flatMap((m: any) => m.reports);

describe('write guarantees over HTTP: concurrency, If-Match, idempotency across restarts, nothing appended on bad input', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApi();
    await registerParties(api);
  });
  afterAll(() => stopApi(api));

  it('records 50 concurrent progress reports on one commitment: all, with contiguous revisions', async () => {
    await commitmentInImplementation(api, 'concurrent');
    const before = await http(api, 'GET', '/api/commitments/concurrent');
    const start = BigInt(before.body.revision);
    const mdt = api.token('institution', 'mdt');
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        http(api, 'POST', '/api/commitments/concurrent/milestones/h1/progress-reports', {
          token: mdt,
          body: progressReport(`r-${i}`),
        }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(50).fill(201));
    const revisions = results.map((r) => BigInt(r.body.revision)).sort((a, b) => (a < b ? -1 : 1));
    expect(revisions).toEqual(Array.from({ length: 50 }, (_, i) => start + 1n + BigInt(i)));
    expect(new Set(results.map((r) => r.headers.get('etag'))).size).toBe(50);
    const after = await http(api, 'GET', '/api/commitments/concurrent');
    expect(BigInt(after.body.revision)).toBe(start + 50n);
    expect(
      reportsOf(after.body)
        .map((r) => r.reportId)
        .sort(),
    ).toEqual(Array.from({ length: 50 }, (_, i) => `r-${i}`).sort());
  });

  it('answers 412 to a stale If-Match and records nothing; the current ETag goes through', async () => {
    await commitmentInImplementation(api, 'if-match');
    const mdt = api.token('institution', 'mdt');
    const seen = await http(api, 'GET', '/api/commitments/if-match');
    const etag = seen.headers.get('etag')!;
    const first = await http(
      api,
      'POST',
      '/api/commitments/if-match/milestones/h1/progress-reports',
      {
        token: mdt,
        body: progressReport('a'),
        headers: { 'if-match': etag },
      },
    );
    expect(first.status).toBe(201);
    const stale = await http(
      api,
      'POST',
      '/api/commitments/if-match/milestones/h1/progress-reports',
      {
        token: mdt,
        body: progressReport('b'),
        headers: { 'if-match': etag },
      },
    );
    expect(stale.status).toBe(412);
    expect(stale.body).toMatchObject({
      code: 'STALE_REVISION',
      currentRevision: first.body.revision,
    });
    const now = await http(api, 'GET', '/api/commitments/if-match');
    expect(reportsOf(now.body).map((r) => r.reportId)).toEqual(['a']);
    const fresh = await http(
      api,
      'POST',
      '/api/commitments/if-match/milestones/h1/progress-reports',
      {
        token: mdt,
        body: progressReport('b'),
        headers: { 'if-match': now.headers.get('etag')! },
      },
    );
    expect(fresh.status).toBe(201);
    const bad = await http(
      api,
      'POST',
      '/api/commitments/if-match/milestones/h1/progress-reports',
      {
        token: mdt,
        body: progressReport('c'),
        headers: { 'if-match': 'yesterday' },
      },
    );
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('INVALID_IF_MATCH');
  });

  it('records a command once per Idempotency-Key, also after a restart, and answers the first result', async () => {
    await commitmentInImplementation(api, 'idempotent');
    const mdt = api.token('institution', 'mdt');
    const send = () =>
      http(api, 'POST', '/api/commitments/idempotent/milestones/h1/progress-reports', {
        token: mdt,
        body: progressReport('once'),
        headers: { 'idempotency-key': 'report-once-2026-06' },
      });
    const first = await send();
    expect(first.status).toBe(201);
    const twice = await send();
    expect(twice.body).toEqual(first.body);
    expect(twice.headers.get('idempotent-replayed')).toBe('true');
    await api.restart();
    const afterRestart = await send();
    expect(afterRestart.status).toBe(201);
    expect(afterRestart.body).toEqual(first.body);
    expect(afterRestart.headers.get('idempotent-replayed')).toBe('true');
    expect(afterRestart.headers.get('etag')).toBe(`W/"${first.body.revision}"`);
    const state = await http(api, 'GET', '/api/commitments/idempotent');
    expect(reportsOf(state.body).filter((r) => r.reportId === 'once')).toHaveLength(1);
    expect(state.body.revision).toBe(first.body.revision);
  });

  it('refuses with 422 an Idempotency-Key reused for a different request, recording nothing', async () => {
    await commitmentInImplementation(api, 'key-reuse');
    const mdt = api.token('institution', 'mdt');
    const headers = { 'idempotency-key': 'report-key-reuse' };
    const path = '/api/commitments/key-reuse/milestones/h1/progress-reports';
    const first = await http(api, 'POST', path, {
      token: mdt,
      body: progressReport('k1'),
      headers,
    });
    expect(first.status).toBe(201);
    const other = await http(api, 'POST', path, {
      token: mdt,
      body: progressReport('k2'),
      headers,
    });
    expect(other.status).toBe(422);
    expect(other.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    const state = await http(api, 'GET', '/api/commitments/key-reuse');
    expect(reportsOf(state.body).map((r) => r.reportId)).toEqual(['k1']);
    // Another user's same key is another command.
    const someoneElse = await http(api, 'POST', path, {
      token: api.token('institution', 'mdt', 'otra.persona'),
      body: progressReport('k3'),
      headers,
    });
    expect(someoneElse.status).toBe(201);
    expect(someoneElse.headers.get('idempotent-replayed')).toBeNull();
  });

  it('refuses with 422 an Idempotency-Key reused on another commitment, which records nothing', async () => {
    await commitmentInImplementation(api, 'key-first');
    await commitmentInImplementation(api, 'key-second');
    const mdt = api.token('institution', 'mdt');
    const headers = { 'idempotency-key': 'one-key-two-resources' };
    const send = (id: string) =>
      http(api, 'POST', `/api/commitments/${id}/milestones/h1/progress-reports`, {
        token: mdt,
        body: progressReport('same-body'),
        headers,
      });
    const before = await http(api, 'GET', '/api/commitments/key-second');
    const first = await send('key-first');
    expect(first.status).toBe(201);
    const other = await send('key-second');
    expect([other.status, other.body.code]).toEqual([422, 'IDEMPOTENCY_KEY_REUSED']);
    const after = await http(api, 'GET', '/api/commitments/key-second');
    expect(after.body.revision).toBe(before.body.revision);
    expect(reportsOf(after.body)).toHaveLength(0);
    // Still refused after a restart: the binding is in the store, not in memory.
    await api.restart();
    const later = await send('key-second');
    expect([later.status, later.body.code]).toEqual([422, 'IDEMPOTENCY_KEY_REUSED']);
    expect((await send('key-first')).body).toEqual(first.body);
  });

  it('lets one of two concurrent requests with one key for two commitments through, never both', async () => {
    await commitmentInImplementation(api, 'race-a');
    await commitmentInImplementation(api, 'race-b');
    const mdt = api.token('institution', 'mdt');
    const send = (id: string) =>
      http(api, 'POST', `/api/commitments/${id}/milestones/h1/progress-reports`, {
        token: mdt,
        body: progressReport('raced'),
        headers: { 'idempotency-key': 'raced-key' },
      });
    const answers = await Promise.all([send('race-a'), send('race-b')]);
    expect(answers.map((a) => a.status).sort()).toEqual([201, 422]);
    const recorded = await Promise.all(
      ['race-a', 'race-b'].map(async (id) =>
        reportsOf((await http(api, 'GET', `/api/commitments/${id}`)).body),
      ),
    );
    expect(recorded.flat()).toHaveLength(1);
  });

  it('answers a retry with the first revision even after later commands moved the resource on', async () => {
    await commitmentInImplementation(api, 'replay-later');
    const mdt = api.token('institution', 'mdt');
    const path = '/api/commitments/replay-later/milestones/h1/progress-reports';
    const keyed = () =>
      http(api, 'POST', path, {
        token: mdt,
        body: progressReport('first-one'),
        headers: { 'idempotency-key': 'replay-later-key' },
      });
    const first = await keyed();
    expect(first.status).toBe(201);
    const next = await http(api, 'POST', path, { token: mdt, body: progressReport('next-one') });
    expect(BigInt(next.body.revision)).toBeGreaterThan(BigInt(first.body.revision));
    await api.restart();
    const again = await keyed();
    expect([again.status, again.body]).toEqual([first.status, first.body]);
    expect(again.headers.get('etag')).toBe(first.headers.get('etag'));
  });

  it('creates one commitment for a retried POST with the same Idempotency-Key and no client id', async () => {
    const mdt = api.token('institution', 'mdt');
    const body = {
      planId: 'plan-e2e',
      number: 9,
      title: 'Compromiso sin id elegido',
      problem: 'p',
      statusQuo: 's',
      objective: 'o',
      howItSolves: 'h',
      relevance: { participation: 'Talleres ciudadanos.' },
      period: { start: '2026-01-01', end: '2027-12-31' },
      responsible: { institutionId: 'mdt', unit: 'Dirección' },
      counterpart: { organizationId: 'fae', sector: 'civil-society' },
      supportingActors: [],
      contact: { name: 'Contacto', position: 'Director', email: 'contacto@trabajo.gob.ec' },
    };
    const headers = { 'idempotency-key': 'draft-without-id' };
    const a = await http(api, 'POST', '/api/commitments', { token: mdt, body, headers });
    const b = await http(api, 'POST', '/api/commitments', { token: mdt, body, headers });
    expect(a.status).toBe(201);
    expect(b.body.id).toBe(a.body.id);
    expect(b.headers.get('idempotent-replayed')).toBe('true');
  });

  it.each([
    ['a wrong type', progressReport('t', 'much' as never), 'percent'],
    ['an unknown field', { ...progressReport('u'), approved: true }, 'approved'],
    ['a huge narrative', { ...progressReport('h'), narrative: 'x'.repeat(100_000) }, 'narrative'],
    [
      'a bad evidence hash',
      { ...progressReport('e'), evidence: [{ ...progressReport('e').evidence[0], sha256: 'abc' }] },
      'evidence[0].sha256',
    ],
  ])('refuses %s with 400 naming the field and records nothing', async (_label, body, field) => {
    await commitmentInImplementation(api, `bad-${field.replace(/\W/g, '')}`);
    const id = `bad-${field.replace(/\W/g, '')}`;
    const before = await http(api, 'GET', `/api/commitments/${id}`);
    const res = await http(api, 'POST', `/api/commitments/${id}/milestones/h1/progress-reports`, {
      token: api.token('institution', 'mdt'),
      body,
    });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    const after = await http(api, 'GET', `/api/commitments/${id}`);
    expect(after.body.revision).toBe(before.body.revision);
  });

  it('refuses bad JSON on a command and records nothing', async () => {
    await commitmentInImplementation(api, 'bad-json');
    const before = await http(api, 'GET', '/api/commitments/bad-json');
    const res = await http(
      api,
      'POST',
      '/api/commitments/bad-json/milestones/h1/progress-reports',
      {
        token: api.token('institution', 'mdt'),
        rawBody: '{"reportId": "x", "percent": 10,',
      },
    );
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('MALFORMED_JSON');
    expect((await http(api, 'GET', '/api/commitments/bad-json')).body.revision).toBe(
      before.body.revision,
    );
  });

  it('reads a progress report stored under schema v1 as v2 (evidence items from plain URLs)', async () => {
    await commitmentInImplementation(api, 'upcast');
    const { EventStore } = await import('@hitos/event-store');
    const { eventToAppend } = await import('@hitos/testing');
    const store = api.app.get(EventStore);
    // As an older version of hitos wrote it: no evidence items, just links.
    const appended = await store.appendToStream(
      'commitment-upcast',
      [
        eventToAppend(
          'MilestoneProgressReported',
          {
            reportId: 'old',
            milestoneId: 'h1',
            percent: 30,
            narrative: 'Reporte de la versión anterior.',
            evidenceUrls: ['https://www.trabajo.gob.ec/evidencia/antigua.pdf'],
            reportedOn: '2026-03-01',
          },
          { schemaVersion: 1 },
        ),
      ],
      'any',
    );
    // Written behind the API's back: the read waits for the models to reach it.
    const read = await http(
      api,
      'GET',
      `/api/commitments/upcast?waitFor=${appended.position!.commit}`,
    );
    const report = reportsOf(read.body).find((r) => r.reportId === 'old');
    expect(report.evidence).toEqual([
      expect.objectContaining({
        url: 'https://www.trabajo.gob.ec/evidencia/antigua.pdf',
        classification: 'public',
      }),
    ]);
    // And the next command decides on the upcast state.
    const next = await http(api, 'POST', '/api/commitments/upcast/milestones/h1/progress-reports', {
      token: api.token('institution', 'mdt'),
      body: progressReport('old'),
    });
    expect(next.status).toBe(409);
    expect(next.body.code).toBe('PROGRESS_REPORT_ID_DUPLICATE');
  });

  it('stamps every event with the request context: actor, correlation, command id, times, hash chain', async () => {
    await commitmentInImplementation(api, 'metadata');
    const res = await http(
      api,
      'POST',
      '/api/commitments/metadata/milestones/h1/progress-reports',
      {
        token: api.token('institution', 'mdt', 'ana.perez'),
        body: progressReport('m'),
        headers: { 'x-correlation-id': 'corr-metadata-1', 'idempotency-key': 'meta-key' },
      },
    );
    expect(res.status).toBe(201);
    const { EventStore } = await import('@hitos/event-store');
    const events: any[] = [];
    for await (const event of api.app.get(EventStore).readStream('commitment-metadata'))
      events.push(event);
    const last = events[events.length - 1];
    expect(last.type).toBe('MilestoneProgressReported');
    expect(last.id).toBe(res.body.events[0].id);
    expect(last.metadata).toMatchObject({
      schemaVersion: 3,
      $correlationId: 'corr-metadata-1',
      actor: { id: 'ana.perez', role: 'institution', organizationId: 'mdt' },
      occurredAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      recordedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      integrity: {
        previousHash: events[events.length - 2].metadata.integrity.hash,
        hash: expect.stringMatching(/^[0-9a-f]{64}$/),
      },
    });
    expect(last.metadata.commandId).toBe(last.metadata.$causationId);
  });
});
