import { DemoLoader } from '../../apps/api/src/demo/demo-loader';
import { http, startApi, stopApi, type ApiHarness } from './support/api-harness';

describe('the demo of acta MDT-CDC-2026-001', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApi({ demo: true });
  });
  afterAll(() => stopApi(api));

  it('loads the acta’s commitment, signed by both parties in Quito on 28 January 2026', async () => {
    const res = await http(api, 'GET', '/api/commitments/calidad-servicios-publicos');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      title: 'Implementación de la Política de Calidad de los Servicios Públicos',
      status: 'InImplementation',
      responsible: { institutionId: 'mdt' },
      counterpart: { organizationId: 'fundacion-alianza-estrategica' },
      acta: {
        actaNumber: 'MDT-CDC-2026-001',
        signedOn: '2026-01-28',
        place: 'Distrito Metropolitano de Quito',
      },
    });
    expect(res.body.milestones.length).toBeGreaterThanOrEqual(3);
    const dues = res.body.milestones.map((m: any) => m.due ?? m.currentDue ?? '').join(' ');
    expect(dues).toMatch(/2026-/);
    expect(dues).toMatch(/2027-/);
  });

  it('fills a plan of 12 commitments, the illustrative ones marked as such', async () => {
    // The list follows $all, so it may trail the writes by a moment.
    let items: any[] = [];
    for (let i = 0; i < 50 && items.length < 12; i++) {
      items = (await http(api, 'GET', '/api/commitments?limit=100')).body.items;
      if (items.length < 12) await new Promise((r) => setTimeout(r, 100));
    }
    expect(items).toHaveLength(12);
    const illustrative = items.filter((c) => c.title.includes('(ilustrativo)'));
    expect(illustrative).toHaveLength(11);
  });

  it('grants its people their roles, with reasons, on its own calendar: who could sign for the MDT on the acta’s day', async () => {
    const auditor = api.token('auditor');
    const res = await http(api, 'GET', '/api/institutions/mdt/people?asHappenedBy=2026-01-28', {
      token: auditor,
    });
    expect(res.status).toBe(200);
    expect(res.body.people).toEqual([
      expect.objectContaining({
        sub: 'demo-mdt',
        role: 'institution',
        grantedOn: '2026-01-07',
        grantedBy: { sub: 'demo-presidencia', role: 'presidency', organizationId: null },
        reason: expect.stringContaining('Mejora Continua'),
      }),
    ]);
    const fae = await http(api, 'GET', '/api/organizations/fundacion-alianza-estrategica/people', {
      token: auditor,
    });
    expect(fae.body.people.map((p: { sub: string }) => p.sub)).toEqual(['demo-fae']);
    const presidency = await http(api, 'GET', '/api/people/demo-presidencia/grants', {
      token: auditor,
    });
    expect(presidency.body.active).toEqual([
      expect.objectContaining({ role: 'presidency', status: 'active' }),
    ]);
    // Before the Presidency granted it, no one.
    const before = await http(api, 'GET', '/api/institutions/mdt/people?asHappenedBy=2026-01-06', {
      token: auditor,
    });
    expect(before.body.people).toEqual([]);
  });

  it('changes nothing when loaded again, even step by step', async () => {
    const before = await http(api, 'GET', '/api/commitments/calidad-servicios-publicos');
    const loader = api.app.get(DemoLoader);
    const again = await loader.loadIfEmpty();
    expect(again.loaded).toBe(false);
    expect(again.steps).toBe(0);
    // A later start prints no token, only where to get one.
    const printed = again.describe().join('\n');
    expect(printed).not.toMatch(/eyJ[\w-]+\.eyJ/);
    expect(printed).toContain('npm run token');
    // Forcing every step through again: each is recognised by its Idempotency-Key.
    for (const step of loader.steps()) await (loader as any).run(step);
    const after = await http(api, 'GET', '/api/commitments/calidad-servicios-publicos');
    expect(after.body.revision).toBe(before.body.revision);
    expect(again.tokens.map((t) => t.role)).toEqual([
      'presidency',
      'institution',
      'counterpart',
      'core-group',
      'auditor',
    ]);
  });

  it('prints tokens that work against the API', async () => {
    const { tokens } = await api.app.get(DemoLoader).loadIfEmpty();
    const auditor = tokens.find((t) => t.role === 'auditor')!;
    const res = await http(api, 'POST', '/api/action-plans', {
      token: auditor.token,
      body: {},
    });
    expect(res.status).toBe(403);
  });
});
