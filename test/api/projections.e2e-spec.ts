import { ProjectionRunner } from '@hitos/projections';
import { http, startApi, stopApi, type ApiHarness } from './support/api-harness';
import {
  commitmentInImplementation,
  progressReport,
  registerParties,
} from './support/commitment-setup';

describe('the API keeps its read models from $all', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApi();
    await registerParties(api);
  });
  afterAll(() => stopApi(api));

  it('shows a client its own write in the list read right after it, and says which position it reflects', async () => {
    await commitmentInImplementation(api, 'read-own-write', 2);
    const list = await http(api, 'GET', '/api/commitments?limit=100');
    const item = list.body.items.find((c: { id: string }) => c.id === 'read-own-write');
    expect(item).toMatchObject({ status: 'InImplementation', revision: '5' });
    expect(BigInt(list.body.position)).toBeGreaterThanOrEqual(BigInt(item.position));
  });

  it('reflects a command in the commitment detail once its $all position is reached, and catches up after a restart', async () => {
    await commitmentInImplementation(api, 'projected');
    const res = await http(
      api,
      'POST',
      '/api/commitments/projected/milestones/h1/progress-reports',
      {
        token: api.token('institution', 'mdt'),
        body: progressReport('p1', 40),
      },
    );
    expect(res.status).toBe(201);
    const runner = api.app.get(ProjectionRunner);
    await runner.waitForPosition(BigInt(res.body.position), 10_000, 'commitment-detail');
    const row = runner
      .database('commitment-detail')
      .prepare('select * from commitment where commitment_id = ?')
      .get('projected') as Record<string, unknown>;
    expect(row).toMatchObject({ status: 'InImplementation', plan_id: 'plan-e2e' });

    await api.restart();
    const again = api.app.get(ProjectionRunner);
    await again.waitForPosition(BigInt(res.body.position), 10_000, 'commitment-detail');
    const count = again
      .database('commitment-detail')
      .prepare("select count(*) as n from commitment where commitment_id = 'projected'")
      .get() as { n: number };
    expect(count.n).toBe(1);
    const health = await http(api, 'GET', '/health');
    expect(health.body.info.projections['commitment-detail'].lagEvents).toBe(0);
    // The transparency log's own runner is reported beside the read models, in /metrics too.
    expect(health.body.info.projections['transparency-log']).toMatchObject({ failed: false });
    const metrics = await http(api, 'GET', '/metrics');
    expect(metrics.status).toBe(200);
    expect(String(metrics.body)).toMatch(
      /hitos_projection_lag_events\{projection="transparency-log"\} \d+/,
    );
  });
});
