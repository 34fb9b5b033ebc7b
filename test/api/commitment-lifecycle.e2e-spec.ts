import { withheldMarkers } from './support/withheld-markers';
import { http, startApi, stopApi, type ApiHarness } from './support/api-harness';
import {
  ACTA_NUMBER,
  FAE_ID,
  MDT_ID,
  OTHER_INSTITUTION_ID,
  OTHER_ORGANIZATION_ID,
  PLAN_ID,
  administratorBody,
  draftBody,
  evidenceItem,
  expectStatus,
  getCommitment,
  milestoneBodies,
  post,
  registerParties,
  signatureBody,
  today,
  tokens,
  type Tokens,
} from './support/acta-requests';
import { coreGroupMemberToken } from './support/transfer-requests';

const ID = 'calidad-servicios-publicos';
const PUBLIC_URL = 'https://gobiernoabierto.ec/evidencias/mdt/diagnostico-publico.pdf';
const RESERVED_URL = 'https://gobiernoabierto.ec/evidencias/mdt/base-de-datos-reservada.xlsx';
const CONFIDENTIAL_URL = 'https://gobiernoabierto.ec/evidencias/mdt/encuestas-confidenciales.zip';
const CLOSURE_URL = 'https://gobiernoabierto.ec/evidencias/mdt/cierre-confidencial.pdf';
const RESERVED_REPORT = 'Informe reservado para la Presidencia';

const types = (body: { events: { type: string }[] }) => body.events.map((e) => e.type);

describe('a commitment’s whole lifecycle over HTTP (acta MDT-CDC-2026-001)', () => {
  let api: ApiHarness;
  let t: Tokens;
  const path = (rest = '') => `/api/commitments/${ID}${rest}`;
  /** Posts, expects 201 with an ETag matching the revision, returns the answer. */
  const step = async (rest: string, token: string, body?: unknown) => {
    const res = expectStatus(await post(api, path(rest), token, body), 201);
    expect(res.headers.get('etag')).toBe(`W/"${res.body.revision}"`);
    return res;
  };

  beforeAll(async () => {
    api = await startApi();
    t = tokens(api);
  });
  afterAll(() => stopApi(api));

  it('runs from registration to the IRM assessment, then refuses everything with COMMITMENT_CLOSED', async () => {
    // Registration: the plan, the institutions and the organizations.
    await registerParties(api, t);

    // Drafting and planning by the responsible institution.
    const drafted = expectStatus(await post(api, '/api/commitments', t.mdt, draftBody(ID)), 201);
    expect(drafted.headers.get('etag')).toBe('W/"0"');
    expect(drafted.body).toMatchObject({ id: ID, revision: '0' });
    for (const m of milestoneBodies()) await step('/milestones', t.mdt, m);
    await step('/administrator', t.mdt, administratorBody());
    await step('/resources', t.mdt, {
      resourceId: 'r-tecnico',
      kind: 'technical',
      description: 'Equipo técnico de la Dirección de Mejora Continua',
    });
    await step('/milestones/h3/reschedule-requests', t.mdt, {
      requestId: 'h3-r1',
      start: '2027-04-01',
      due: '2027-11-30',
      justification: 'Se adelanta el cierre del mecanismo de retroalimentación.',
    });
    // A member of the plan's Core Group concurs with their own token.
    await step('/reschedule-requests/h3-r1/concurrence', coreGroupMemberToken(api), {
      reference: 'Acta GN-2026-02',
    });
    expect((await getCommitment(api, ID)).body.status).toBe('Draft');

    // The acta: the institution signs, then the counterpart; implementation starts.
    const institutionSigned = await step('/acta/signatures', t.mdt, signatureBody('institution'));
    expect(types(institutionSigned.body)).toEqual(['ActaSignatureAdded']);
    expect((await getCommitment(api, ID)).body.status).toBe('Draft');
    const counterpartSigned = await step('/acta/signatures', t.fae, signatureBody('counterpart'));
    expect(types(counterpartSigned.body)).toEqual(['ActaSignatureAdded', 'ActaSigned']);
    const signed = await getCommitment(api, ID);
    expect(signed.body).toMatchObject({
      status: 'InImplementation',
      acta: {
        actaNumber: ACTA_NUMBER,
        signedOn: '2026-01-28',
        place: 'Distrito Metropolitano de Quito',
        administrator: administratorBody(),
      },
    });

    // Progress on h1: claimed, objected, answered; then 100% with evidence, endorsed.
    await step('/milestones/h1/progress-reports', t.mdt, {
      reportId: 'h1-1',
      percent: 50,
      narrative: 'Línea base levantada en 10 servicios.',
      evidence: [evidenceItem(PUBLIC_URL), evidenceItem(RESERVED_URL, 'reserved')],
    });
    await step('/progress-reports/h1-1/reviews', t.fae, {
      verdict: 'objected',
      reasons: 'La muestra no incluye servicios de la Amazonía.',
    });
    await step('/progress-reports/h1-1/answers', t.mdt, {
      answer: 'Se amplía la muestra a la Amazonía en el siguiente reporte.',
    });
    await step('/milestones/h1/progress-reports', t.mdt, {
      reportId: 'h1-2',
      percent: 100,
      narrative: 'Diagnóstico concluido en 20 servicios, incluida la Amazonía.',
      evidence: [evidenceItem(PUBLIC_URL), evidenceItem(CONFIDENTIAL_URL, 'confidential')],
    });
    await step('/progress-reports/h1-2/reviews', t.fae, { verdict: 'endorsed' });
    const h1 = await step('/milestones/h1/completion', t.mdt);
    expect(types(h1.body)).toEqual(['MilestoneCompleted']);
    expect((await getCommitment(api, ID)).body.progress).toBe(30);

    // h2 and h3: endorsed at 100% and completed; the last one completes the commitment.
    for (const milestoneId of ['h2', 'h3']) {
      await step(`/milestones/${milestoneId}/progress-reports`, t.mdt, {
        reportId: `${milestoneId}-1`,
        percent: 100,
        narrative: `Hito ${milestoneId} entregado.`,
        evidence: [evidenceItem(PUBLIC_URL)],
      });
      await step(`/progress-reports/${milestoneId}-1/reviews`, t.fae, { verdict: 'endorsed' });
    }
    expect(types((await step('/milestones/h2/completion', t.mdt)).body)).toEqual([
      'MilestoneCompleted',
    ]);
    expect(types((await step('/milestones/h3/completion', t.mdt)).body)).toEqual([
      'MilestoneCompleted',
      'CommitmentCompleted',
    ]);
    const completed = await getCommitment(api, ID);
    expect(completed.body).toMatchObject({
      status: 'Completed',
      progress: 100,
      completedOn: today(),
    });
    expect(completed.body.milestones.every((m: { completed: boolean }) => m.completed)).toBe(true);

    // Reports to the citizens and, reserved, to the Presidency.
    await step('/reports', t.mdt, {
      reportId: 'informe-final',
      audience: 'citizens',
      title: 'Informe final a la ciudadanía',
      summary: 'Se implementó la Política de Calidad en 20 servicios.',
      link: 'https://www.trabajo.gob.ec/gobierno-abierto/informe-final.pdf',
      classification: 'public',
    });
    await step('/reports', t.fae, {
      reportId: 'informe-reservado',
      audience: 'presidency',
      title: RESERVED_REPORT,
      summary: 'Observaciones de la contraparte sobre proveedores.',
      classification: 'reserved',
    });

    // Closure with the counterpart's co-signature, then the IRM's own assessment.
    const closed = await step('/closure', t.mdt, {
      resultsNarrative: 'La ciudadanía conoce y evalúa la calidad de 20 servicios públicos.',
      completion: 'complete',
      openedGovernment: 'major',
      evidence: [evidenceItem(PUBLIC_URL), evidenceItem(CLOSURE_URL, 'confidential')],
      counterpartCoSignature: {
        name: 'Carlos Vinueza',
        position: 'Director Ejecutivo',
        signedOn: today(),
      },
    });
    expect(types(closed.body)).toEqual(['CommitmentClosed']);
    const assessed = await step('/irm-assessments', t.auditor, {
      assessmentId: 'irm-resultados',
      stage: 'results',
      verifiable: true,
      relevantToOgpValues: true,
      potentialForResults: 'substantial',
      completion: 'complete',
      earlyResults: 'moderate',
      narrative: 'El compromiso abrió la medición de la calidad de los servicios.',
    });
    expect(types(assessed.body)).toEqual(['IrmAssessmentRecorded']);

    const final = await getCommitment(api, ID, t.presidency);
    expect(final.headers.get('etag')).toBe(`W/"${assessed.body.revision}"`);
    expect(final.body).toMatchObject({
      status: 'Closed',
      progress: 100,
      revision: assessed.body.revision,
      closure: {
        completion: 'complete',
        openedGovernment: 'major',
        closedOn: today(),
        counterpartCoSignature: { name: 'Carlos Vinueza' },
      },
      irmAssessments: [{ assessmentId: 'irm-resultados', completion: 'complete' }],
      resources: [{ resourceId: 'r-tecnico' }],
      withheldEvidence: 0,
      withheldReports: 0,
    });
    expect(final.body.milestones[2]).toMatchObject({
      baselineDue: '2027-12-15',
      due: '2027-11-30',
    });
    expect(final.body.milestones[0].reports).toEqual([
      expect.objectContaining({
        reportId: 'h1-1',
        review: expect.objectContaining({ verdict: 'objected' }),
        answer: expect.objectContaining({ answer: expect.stringContaining('Amazonía') }),
      }),
      expect.objectContaining({
        reportId: 'h1-2',
        review: expect.objectContaining({ verdict: 'endorsed' }),
      }),
    ]);
    expect(final.body.submittedReports.map((r: { submittedBy: string }) => r.submittedBy)).toEqual([
      'institution',
      'counterpart',
    ]);

    // Closed: nothing else is accepted (the IRM may still assess).
    const refused: [string, string, unknown][] = [
      [
        '/milestones',
        t.mdt,
        {
          milestoneId: 'h4',
          deliverable: 'Otro',
          weight: 1,
          start: '2027-01-01',
          due: '2027-02-01',
        },
      ],
      ['/administrator', t.mdt, administratorBody()],
      ['/milestones/h1/progress-reports', t.mdt, { percent: 100, narrative: 'x', evidence: [] }],
      ['/progress-reports/h1-1/answers', t.mdt, { answer: 'x' }],
      [
        '/reports',
        t.fae,
        { audience: 'citizens', title: 'x', summary: 'x', classification: 'public' },
      ],
      [
        '/closure',
        t.mdt,
        {
          resultsNarrative: 'x',
          completion: 'complete',
          openedGovernment: 'major',
          evidence: [],
          counterpartCoSignature: { name: 'a', position: 'b', signedOn: today() },
        },
      ],
      ['/withdrawal', t.presidency, { reason: 'Tarde' }],
    ];
    for (const [rest, token, body] of refused) {
      const res = await post(api, path(rest), token, body);
      expect([rest, res.status, res.body.code]).toEqual([rest, 409, 'COMMITMENT_CLOSED']);
    }
    expect((await getCommitment(api, ID)).body.revision).toBe(assessed.body.revision);
  });

  describe('what each reader sees of reserved and confidential evidence', () => {
    const withheld = [RESERVED_URL, CONFIDENTIAL_URL, CLOSURE_URL, RESERVED_REPORT];

    it('an anonymous reader gets no reserved or confidential item, and a count of them', async () => {
      const response = await fetch(`${api.baseUrl}${path()}`);
      expect(response.status).toBe(200);
      const raw = await response.text();
      for (const secret of withheld) expect(raw).not.toContain(secret);
      expect(raw).toContain(PUBLIC_URL);
      const body = JSON.parse(raw);
      expect(body).toMatchObject({ withheldEvidence: 3, withheldReports: 1, status: 'Closed' });
      // The reserved report keeps its place as a stub: no gap, no content.
      expect(
        body.submittedReports.map((r: { reportId: string; withheld: boolean; title: unknown }) => [
          r.reportId,
          r.withheld,
          r.title === null,
        ]),
      ).toEqual([
        ['informe-final', false, false],
        ['informe-reservado', true, true],
      ]);
      // Each withheld part counted once (`review` and `answer` repeat the latest round).
      const stubs = withheldMarkers(body);
      expect(stubs).toBe(body.withheldEvidence + body.withheldReports + body.withheldTexts);
    });

    it.each([
      ['another institution', 'sercop'],
      ['another counterpart', 'faro'],
      ['the Core Group', 'coreGroup'],
      ['a public token', 'citizen'],
    ] as const)('%s does not see them either', async (_label, who) => {
      const res = await getCommitment(api, ID, t[who]);
      const raw = JSON.stringify(res.body);
      for (const secret of withheld) expect(raw).not.toContain(secret);
      expect(res.body.withheldEvidence).toBe(3);
    });

    it.each([
      ['the responsible institution', 'mdt'],
      ['the counterpart', 'fae'],
      ['the Presidency', 'presidency'],
      ['the auditor', 'auditor'],
    ] as const)('%s sees every item', async (_label, who) => {
      const res = await getCommitment(api, ID, t[who]);
      const raw = JSON.stringify(res.body);
      for (const secret of withheld) expect(raw).toContain(secret);
      expect(res.body).toMatchObject({ withheldEvidence: 0, withheldReports: 0 });
    });

    it('a GET of an unknown commitment is 404', async () => {
      const res = await http(api, 'GET', '/api/commitments/no-such-commitment');
      expect([res.status, res.body.code]).toEqual([404, 'NOT_FOUND']);
    });
  });

  describe('GET /api/commitments', () => {
    beforeAll(async () => {
      // Two more drafts: one for SERCOP with Grupo FARO, one for MDT with FAE.
      expectStatus(
        await post(api, '/api/commitments', t.presidency, {
          ...draftBody('contratacion-abierta'),
          number: 3,
          title: 'Contratación pública abierta',
          responsible: { institutionId: OTHER_INSTITUTION_ID, unit: 'Dirección de Datos' },
          counterpart: { organizationId: OTHER_ORGANIZATION_ID, sector: 'civil-society' },
        }),
        201,
      );
      expectStatus(
        await post(api, '/api/commitments', t.presidency, {
          ...draftBody('empleo-joven'),
          number: 9,
          title: 'Empleo joven',
        }),
        201,
      );
    });

    const list = async (query = '') =>
      expectStatus(await http(api, 'GET', `/api/commitments${query}`), 200).body;
    const ids = (page: { items: { id: string }[] }) => page.items.map((i) => i.id);

    it('lists summaries ordered by plan and number, with a default page', async () => {
      const page = await list();
      expect(page).toMatchObject({ total: 3, limit: 20, offset: 0 });
      expect(ids(page)).toEqual(['contratacion-abierta', ID, 'empleo-joven']);
      const item = page.items[1];
      expect(Object.keys(item).sort()).toEqual(
        [
          'counterpart',
          'id',
          'number',
          'planId',
          'progress',
          'responsible',
          'revision',
          'status',
          'title',
          // From the read model: what the list reflects, and the filters' facets.
          'period',
          'pillars',
          'position',
          'updatedAt',
        ].sort(),
      );
      expect(item).toMatchObject({
        id: ID,
        planId: PLAN_ID,
        number: 7,
        status: 'Closed',
        progress: 100,
        responsible: { institutionId: MDT_ID },
        counterpart: { organizationId: FAE_ID },
      });
      expect(item.revision).toBe((await getCommitment(api, ID)).body.revision);
    });

    it('filters by plan, institution, counterpart and status', async () => {
      expect(ids(await list(`?institutionId=${MDT_ID}`))).toEqual([ID, 'empleo-joven']);
      expect(ids(await list(`?counterpartId=${OTHER_ORGANIZATION_ID}`))).toEqual([
        'contratacion-abierta',
      ]);
      expect(ids(await list('?status=Draft'))).toEqual(['contratacion-abierta', 'empleo-joven']);
      expect(ids(await list(`?status=Closed&planId=${PLAN_ID}`))).toEqual([ID]);
      expect(await list('?planId=otro-plan')).toMatchObject({ items: [], total: 0 });
    });

    it('pages with limit and offset, keeping the total', async () => {
      const page = await list('?limit=1&offset=1');
      expect(page).toMatchObject({ total: 3, limit: 1, offset: 1 });
      expect(ids(page)).toEqual([ID]);
      expect(ids(await list('?offset=3'))).toEqual([]);
    });

    it('rebuilds the list from the store after a restart (eventually consistent)', async () => {
      await api.restart();
      let page = await list();
      for (let i = 0; i < 50 && page.total < 3; i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        page = await list();
      }
      expect(ids(page)).toEqual(['contratacion-abierta', ID, 'empleo-joven']);
      expect((await getCommitment(api, ID)).body.status).toBe('Closed');
    });

    it.each([
      ['limit=0', 'limit'],
      ['limit=101', 'limit'],
      ['limit=abc', 'limit'],
      ['offset=-1', 'offset'],
      ['status=Empty', 'status'],
      ['status=Unknown', 'status'],
      ['institutionId=bad%20id', 'institutionId'],
      ['sort=title', 'sort'],
    ])('refuses ?%s with 400 naming %s', async (query, field) => {
      const res = await http(api, 'GET', `/api/commitments?${query}`);
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    });
  });
});
