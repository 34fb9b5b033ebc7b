import { eventually } from '@hitos/workflows/testing/workflow-fixture';
import { http, startApi, stopApi, type ApiHarness } from './support/api-harness';

const PLAN = 'ec-paea-2026-2027';
const ACTA = 'calidad-servicios-publicos';

describe('read models over HTTP (the demo plan, on the test day 2026-11-24)', () => {
  let api: ApiHarness;
  let position: string;
  const mdt = () => api.token('institution', 'mdt');

  beforeAll(async () => {
    api = await startApi({ demo: true });
    // A report with reserved evidence, sent with a correlation id of its own.
    const res = await http(api, 'POST', `/api/commitments/${ACTA}/milestones/h2/progress-reports`, {
      token: mdt(),
      headers: { 'x-correlation-id': 'corr-read-models' },
      body: {
        reportId: 'h2-reservado',
        percent: 30,
        narrative: 'Estándares en revisión jurídica.',
        evidence: [
          {
            title: 'Borrador reservado',
            url: 'https://interno.trabajo.gob.ec/borrador-reservado.pdf',
            sha256: 'd'.repeat(64),
            classification: 'reserved',
          },
        ],
      },
    });
    expect(res.status).toBe(201);
    position = res.body.position;
  });
  afterAll(() => stopApi(api));

  it('answers the plan dashboard once it reflects the caller’s write', async () => {
    const res = await http(api, 'GET', `/api/action-plans/${PLAN}/dashboard?waitFor=${position}`);
    expect(res.status).toBe(200);
    expect(BigInt(res.body.position)).toBeGreaterThanOrEqual(BigInt(position));
    expect(res.body.commitments).toBe(12);
    expect(res.body.byStatus.InImplementation + res.body.byStatus.Draft).toBe(12);
  });

  it('shows the audit trail with summaries, hiding classified events from the public but not from the parties', async () => {
    const anonymous = await http(
      api,
      'GET',
      `/api/commitments/${ACTA}/audit-trail?waitFor=${position}&limit=100`,
    );
    expect(anonymous.status).toBe(200);
    const signed = anonymous.body.items.find((e: any) => e.type === 'ActaSigned');
    expect(signed.summary.es).toContain('MDT-CDC-2026-001');
    expect(JSON.stringify(anonymous.body)).not.toContain('h2-reservado');
    // The reserved claim stays in its place for the public, its content withheld.
    const withheld = anonymous.body.items.filter((e: any) => e.withheld);
    expect(withheld).toEqual([
      expect.objectContaining({
        type: 'MilestoneProgressReported',
        correlationId: 'corr-read-models',
        reason: null,
        summary: {
          es: expect.stringContaining('Contenido reservado'),
          en: expect.stringContaining('Reserved content'),
        },
      }),
    ]);
    const party = await http(api, 'GET', `/api/commitments/${ACTA}/audit-trail?limit=100`, {
      token: mdt(),
    });
    const reserved = party.body.items.find(
      (e: any) => e.type === 'MilestoneProgressReported' && e.correlationId === 'corr-read-models',
    );
    expect(reserved).toMatchObject({
      streamId: `commitment-${ACTA}`,
      actor: expect.objectContaining({ role: 'institution' }),
    });
    const byCorrelation = await http(
      api,
      'GET',
      '/api/audit-trail?correlationId=corr-read-models',
      { token: api.token('auditor') },
    );
    expect(byCorrelation.body.items.map((e: any) => e.type)).toEqual(['MilestoneProgressReported']);
  });

  it('serves the whole trail without a filter, each row with its leaf in the transparency log', async () => {
    const trail = await eventually(
      async () =>
        (await http(api, 'GET', '/api/audit-trail?limit=500', { token: api.token('auditor') }))
          .body,
      (body: any) => body.items.every((e: any) => e.leaf !== null),
      'the transparency log to reach every event',
    );
    const streams = new Set(trail.items.map((e: any) => e.streamId.split('-')[0]));
    expect([...streams].sort()).toEqual(
      expect.arrayContaining(['commitment', 'institution', 'organization', 'plan']),
    );
    expect(trail.total).toBe(trail.items.length);
    const leaves = trail.items.map((e: any) => e.leaf.index);
    expect(leaves).toEqual([...leaves].sort((a: number, b: number) => a - b));
    const [first] = trail.items;
    const proof = await http(
      api,
      'GET',
      `/api/transparency/proofs/inclusion?eventId=${first.eventId}&treeSize=${leaves.at(-1) + 1}`,
    );
    expect(proof.body).toMatchObject({ leafIndex: first.leaf.index, leafHash: first.leaf.hash });
  });

  it('lists overdue milestones with the traffic-light rule that set them, and every commitment’s light', async () => {
    const overdue = await http(
      api,
      'GET',
      `/api/action-plans/${PLAN}/milestones/overdue?limit=100`,
    );
    // The demo's late commitments (docs/demo.md): a first milestone past due on the load day.
    const h1 = overdue.body.items.find(
      (m: any) => m.commitmentId === 'datos-educativos' && m.milestoneId === 'h1',
    );
    expect(h1.trafficLight).toMatchObject({ colour: 'red', rule: { code: 'OVERDUE' } });
    expect(overdue.body.items.some((m: any) => m.commitmentId === ACTA)).toBe(false);
    const lights = await http(api, 'GET', `/api/action-plans/${PLAN}/traffic-lights`);
    expect(lights.body.items).toHaveLength(12);
    expect(lights.body.items.find((l: any) => l.commitmentId === 'datos-educativos')).toMatchObject(
      { colour: 'red' },
    );
    // The acta's commitment is on time, amber for its reschedule.
    expect(lights.body.items.find((l: any) => l.commitmentId === ACTA)).toMatchObject({
      colour: 'amber',
      rule: { code: 'SLIPPED' },
    });
  });

  it('gives the institution its portfolio and the counterpart its review queue', async () => {
    const portfolio = await http(api, 'GET', `/api/institutions/mdt/portfolio?waitFor=${position}`);
    expect(portfolio.body.commitments.items.map((c: any) => c.commitmentId).sort()).toEqual([
      ACTA,
      'empleo-publico-abierto',
    ]);
    expect(portfolio.body.byStatus.InImplementation).toBe(2);
    const queue = await http(
      api,
      'GET',
      '/api/organizations/fundacion-alianza-estrategica/review-queue',
      {
        token: api.token('counterpart', 'fundacion-alianza-estrategica'),
      },
    );
    expect(JSON.stringify(queue.body)).toContain('h2-reservado');
    const transfers = await http(api, 'GET', `/api/action-plans/${PLAN}/transfer-queue`);
    expect(transfers.body.items).toEqual([]);
    expect(portfolio.body.incomingHandovers).toEqual([]);
  });

  it('refuses a malformed waitFor or limit with 400 naming it', async () => {
    const bad = await http(api, 'GET', `/api/action-plans/${PLAN}/dashboard?waitFor=soon`);
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: any) => e.field)).toContain('waitFor');
    const limit = await http(api, 'GET', `/api/commitments/${ACTA}/audit-trail?limit=0`);
    expect(limit.status).toBe(400);
  });

  it('reads one commitment from the commitment-detail model, at a position, with its ETag', async () => {
    const res = await http(api, 'GET', `/api/commitments/${ACTA}?waitFor=${position}`);
    expect(res.status).toBe(200);
    expect(BigInt(res.body.position)).toBeGreaterThanOrEqual(BigInt(position));
    expect(res.headers.get('etag')).toBe(`W/"${res.body.revision}"`);
    expect(res.body).toMatchObject({
      commitmentId: ACTA,
      transfer: null,
      transfers: [],
      withheldEvidence: 1,
      acta: { actaNumber: 'MDT-CDC-2026-001', administrator: expect.any(Object) },
    });
    expect(res.body.milestones[0]).toHaveProperty('overdueSince');
    expect(JSON.stringify(res.body)).not.toContain('borrador-reservado');
    const party = await http(api, 'GET', `/api/commitments/${ACTA}`, { token: mdt() });
    expect(JSON.stringify(party.body)).toContain('borrador-reservado');
    const bad = await http(api, 'GET', `/api/commitments/${ACTA}?waitFor=soon`);
    expect(bad.status).toBe(400);
  });
});
