/**
 * Issue 17 §4: /metrics covers commands by type and outcome, their latency, appended events,
 * projection lag, live-feed clients, notices and throttled requests.
 */
import { countThrottled } from '../../apps/api/src/metrics/metrics';
import { http, startApi, stopApi, type ApiHarness } from '../api/support/api-harness';

/** The value of one sample of the exposition text, 0 when absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const inner = /\{(.*)\}/.exec(line)?.[1] ?? '';
    if (wanted.every((pair) => inner.split(',').includes(pair)))
      return Number(line.split(' ').pop());
  }
  return 0;
}

describe('/metrics', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => stopApi(api));

  const register = (organizationId: string, headers: Record<string, string> = {}) =>
    http(api, 'POST', '/api/organizations', {
      token: api.token('presidency'),
      body: { organizationId, name: `Org ${organizationId}`, sector: 'academia' },
      headers,
    });

  it('counts commands by type and outcome, their latency, the events appended, live feeds and throttled requests', async () => {
    const before = (await http<string>(api, 'GET', '/metrics')).body;
    expect((await register('metrics-a')).status).toBe(201);
    expect((await register('metrics-b')).status).toBe(201);
    const refused = await register('metrics-a');
    expect(refused.status).toBe(409);
    const stale = await register('metrics-c', { 'if-match': 'W/"4"' });
    expect(stale.status).toBe(412);
    const feed = await fetch(`${api.baseUrl}/api/live/action-plans/plan-m`);
    countThrottled('rate');
    countThrottled('rate');
    const after = (await http<string>(api, 'GET', '/metrics')).body;
    const command = 'RegisterOrganization';
    const moved = (name: string, labels: Record<string, string> = {}) =>
      sample(after, name, labels) - sample(before, name, labels);

    expect(moved('hitos_command_requests_total', { command, outcome: 'ok', status: '201' })).toBe(
      2,
    );
    expect(
      moved('hitos_command_requests_total', {
        command,
        outcome: 'refused',
        status: '409',
        code: refused.body.code,
      }),
    ).toBe(1);
    expect(
      moved('hitos_command_requests_total', { command, outcome: 'conflict', status: '412' }),
    ).toBe(1);
    expect(moved('hitos_command_duration_seconds_count', { command, outcome: 'ok' })).toBe(2);
    expect(moved('hitos_events_appended_total', { stream_category: 'organization' })).toBe(2);
    expect(sample(after, 'hitos_sse_clients')).toBe(1);
    expect(moved('hitos_http_throttled_total', { reason: 'rate' })).toBe(2);
    expect(after).toMatch(/hitos_projection_lag_events\{projection="[a-z-]+"\} \d+/);
    expect(after).toContain('# TYPE hitos_notices_total counter');
    // Reads are not commands, and no id reaches a label.
    expect(after).not.toMatch(/hitos_command_requests_total\{command="(Get|List)/);
    expect(after).not.toContain('metrics-a');

    await feed.body?.cancel();
  });
});
