import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// The Frictionless Data reference implementation for JavaScript (datapackage-js, with
// tableschema-js): the descriptor against the tabular-data-package profile, every cell against
// its Table Schema (types, formats, constraints), primary and foreign keys.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Package } = require('datapackage') as {
  Package: { load(descriptor: string, options?: { basePath?: string }): Promise<any> };
};
import { parseFeed } from '@rowanmanning/feed-parser';
import { http, startApi, stopApi, type ApiHarness } from './support/api-harness';
import {
  FAE_ID,
  MDT_ID,
  administratorBody,
  draftBody,
  evidenceItem,
  expectStatus,
  milestoneBodies,
  post,
  registerParties,
  signatureBody,
  OTHER_INSTITUTION_ID,
  getCommitment,
  signedCommitment,
  today,
  tokens,
  type Tokens,
} from './support/acta-requests';
import {
  concurrenceBody,
  coreGroupMemberToken,
  handoverBody,
  transferBody,
  transferPaths,
} from './support/transfer-requests';

const ID = 'calidad-servicios-publicos';
const DRAFT_ID = 'compromiso-en-borrador';
const PUBLIC_URL = 'https://gobiernoabierto.ec/evidencias/mdt/diagnostico-publico.pdf';
const RESERVED_URL = 'https://gobiernoabierto.ec/evidencias/mdt/base-de-datos-reservada.xlsx';
const CONFIDENTIAL_URL = 'https://gobiernoabierto.ec/evidencias/mdt/encuestas-confidenciales.zip';
const CLOSURE_URL = 'https://gobiernoabierto.ec/evidencias/mdt/cierre-confidencial.pdf';
const RESERVED_REPORT = 'Informe reservado para la Presidencia';
const RESOURCES = [
  'commitments',
  'milestones',
  'progress-reports',
  'review-rounds',
  'reschedules',
  'evidence',
  'evidence-files',
  'reports',
  'transfers',
  'questions',
];
/** The e-mail a citizen left with a question: never in the open data. */
const ASKER_EMAIL = 'quien.pregunta@example.org';
/** The users' ids (`sub`) of the tokens that act: never in the open data. */
const SUBS = ['sub-presidencia-7f3a', 'sub-mdt-ana-9b2c', 'sub-fae-luis-4d1e', 'sub-irm-eva-2a8f'];

describe('open data: the Frictionless Data Package and the Atom feeds', () => {
  let api: ApiHarness;
  let t: Tokens;
  const step = async (rest: string, token: string, body?: unknown) =>
    expectStatus(await post(api, `/api/commitments/${ID}${rest}`, token, body), 201);
  let position = '0';
  const files = new Map<string, string>();
  let dir: string;

  beforeAll(async () => {
    api = await startApi();
    const presidency = api.token('presidency', undefined, SUBS[0]);
    t = {
      presidency,
      mdt: api.token('institution', MDT_ID, SUBS[1]),
      fae: api.token('counterpart', FAE_ID, SUBS[2]),
      auditor: api.token('auditor', undefined, SUBS[3]),
    } as Tokens;
    await registerParties(api, t);
    // One commitment left in draft, one taken to the IRM's assessment.
    expectStatus(
      await post(
        api,
        '/api/commitments',
        t.presidency,
        draftBody(DRAFT_ID, { number: 2, title: 'Compromiso en borrador' }),
      ),
      201,
    );
    expectStatus(await post(api, '/api/commitments', t.mdt, draftBody(ID)), 201);
    for (const m of milestoneBodies()) await step('/milestones', t.mdt, m);
    await step('/administrator', t.mdt, administratorBody());
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
    await step('/acta/signatures', t.mdt, signatureBody('institution'));
    await step('/acta/signatures', t.fae, signatureBody('counterpart'));
    // A citizen's question, with an e-mail that must never be published, and its answer.
    const asked = await http(api, 'POST', `/api/commitments/${ID}/questions`, {
      body: { text: '¿Cuándo se publicará la línea base?', name: 'Ana', email: ASKER_EMAIL },
    });
    expectStatus(asked, 201);
    await step(`/questions/${asked.body.questionId}/answer`, t.mdt, { answer: 'En diciembre.' });
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
      narrative: '=Diagnóstico concluido en 20 servicios, incluida la Amazonía.',
      evidence: [evidenceItem(PUBLIC_URL), evidenceItem(CONFIDENTIAL_URL, 'confidential')],
      // Marked public: without the mark it would take its strictest item's classification.
      classification: 'public',
    });
    await step('/progress-reports/h1-2/reviews', t.fae, { verdict: 'endorsed' });
    await step('/milestones/h1/completion', t.mdt);
    // h2's report also cites two files kept in hitos's evidence store: one public (listed in
    // evidence-files), one reserved (withheld in evidence, never listed).
    const kept = async (bytes: string, title: string, classification: string) => {
      const form = new FormData();
      form.append('file', new Blob([bytes]), 'archivo.csv');
      const res = await fetch(`${api.baseUrl}/api/evidence`, {
        method: 'POST',
        headers: { authorization: `Bearer ${t.mdt}` },
        body: form,
      });
      const { sha256 } = (await res.json()) as { sha256: string };
      return { title, url: `/api/evidence/${sha256}`, sha256, classification };
    };
    const keptFiles = [
      await kept('servicio,satisfaccion\nRegistro Civil,81\n', 'Resultados por servicio', 'public'),
      await kept('cedula,nombre\n0102030405,Ana\n', 'Padrón de encuestados', 'reserved'),
    ];
    for (const milestoneId of ['h2', 'h3']) {
      await step(`/milestones/${milestoneId}/progress-reports`, t.mdt, {
        reportId: `${milestoneId}-1`,
        percent: 100,
        narrative: `Hito ${milestoneId} entregado.`,
        evidence: [evidenceItem(PUBLIC_URL), ...(milestoneId === 'h2' ? keptFiles : [])],
        classification: 'public',
      });
      await step(`/progress-reports/${milestoneId}-1/reviews`, t.fae, { verdict: 'endorsed' });
      await step(`/milestones/${milestoneId}/completion`, t.mdt);
    }
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
    await step('/closure', t.mdt, {
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
    position = assessed.body.position;

    // The package as a client takes it away: the descriptor beside its CSV files.
    dir = await mkdtemp(join(tmpdir(), 'hitos-open-data-'));
    const descriptor = await http(
      api,
      'GET',
      `/api/open-data/datapackage.json?waitFor=${position}`,
    );
    expect(descriptor.status).toBe(200);
    files.set('datapackage.json', JSON.stringify(descriptor.body));
    await writeFile(join(dir, 'datapackage.json'), files.get('datapackage.json')!);
    for (const name of RESOURCES) {
      for (const ext of ['csv', 'json']) {
        const res = await http(api, 'GET', `/api/open-data/${name}.${ext}`);
        expect(res.status).toBe(200);
        const text = typeof res.body === 'string' ? res.body : JSON.stringify(res.body);
        files.set(`${name}.${ext}`, text);
        await writeFile(join(dir, `${name}.${ext}`), text);
      }
    }
  });
  afterAll(async () => {
    await stopApi(api);
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('passes the Frictionless validator: the descriptor, every cell, the primary and foreign keys', async () => {
    const pkg = await Package.load(join(dir, 'datapackage.json'));
    expect(pkg.errors).toEqual([]);
    expect(pkg.valid).toBe(true);
    expect(pkg.descriptor.profile).toBe('tabular-data-package');
    expect(pkg.resourceNames).toEqual(RESOURCES);
    const rows: Record<string, Record<string, unknown>[]> = {};
    for (const name of RESOURCES) {
      const resource = pkg.getResource(name);
      expect(resource.tabular).toBe(true);
      expect(resource.valid).toBe(true);
      // Casts every cell to its field's type and checks its constraints, the primary key's
      // uniqueness and each foreign key against the resource it names; throws on any error.
      rows[name] = await resource.read({ keyed: true, cast: true, relations: true });
    }
    expect(rows.commitments).toHaveLength(2);
    expect(rows.milestones).toHaveLength(3); // the draft has none
    expect(rows['progress-reports']).toHaveLength(4);
    // The reschedule the member concurred with, marked as theirs.
    expect(rows.reschedules).toEqual([
      expect.objectContaining({
        milestone_id: 'h3',
        request_id: 'h3-r1',
        status: 'concurred',
        core_group_member_id: 'gn-sociedad-civil',
        concurrence_source: 'member',
        concurrence_reference: 'Acta GN-2026-02',
      }),
    ]);
    // The reserved report keeps its row, withheld: the counts agree with the detail's.
    expect(rows.reports).toHaveLength(2);
    expect(rows.reports.filter((r) => r.withheld)).toHaveLength(1);
    expect(rows.evidence.filter((r) => r.withheld)).toHaveLength(4);
    // The kept files: the public one only, with its size and its type read from its content.
    expect(rows['evidence-files']).toEqual([
      {
        sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
        // Read with its relations: the commitment's row in place of its id.
        commitment_id: expect.objectContaining({ commitment_id: ID }),
        title: 'Resultados por servicio',
        size: 40,
        media_type: 'text/plain; charset=utf-8',
        url: expect.stringMatching(/^\/api\/evidence\/[0-9a-f]{64}$/),
      },
    ]);
    expect(files.get('evidence-files.csv')).not.toContain('Padrón');
    expect(rows.transfers).toHaveLength(0);
  });

  it('shapes the commitments like the IRM’s sheet, with names rather than ids', () => {
    const json = JSON.parse(files.get('commitments.json')!) as Record<string, unknown>[];
    expect(json).toHaveLength(2);
    const closed = json.find((c) => c.commitment_id === ID)!;
    expect(closed).toMatchObject({
      plan: expect.stringContaining('Plan'),
      number: 7,
      status: 'Closed',
      lead_institution: 'Ministerio del Trabajo',
      counterpart: 'Fundación Alianza Estratégica',
      supporting_actors: expect.stringMatching(/^Fundación Alianza Estratégica(; |$)/),
      milestones: 3,
      milestones_completed: 3,
      progress: 100,
      completion_self_assessed: 'complete',
      opened_government_self_assessed: 'major',
      irm_verifiable: true,
      irm_completion: 'complete',
      irm_did_it_open_government: 'moderate',
      // 4 evidence items (h2's reserved file among them), 1 report, 3 texts (h1-1's narrative,
      // and the reasons and answer that inherit its classification).
      withheld_items: 8,
    });
    const draft = json.find((c) => c.commitment_id === DRAFT_ID)!;
    expect(draft).toMatchObject({
      status: 'Draft',
      completion_self_assessed: null,
      irm_completion: null,
    });
    const milestones = JSON.parse(files.get('milestones.json')!) as Record<string, unknown>[];
    expect(milestones.find((m) => m.commitment_id === ID && m.milestone_id === 'h3')).toMatchObject(
      {
        baseline_due: expect.any(String),
        due: '2027-11-30',
        slips: expect.any(Number),
        completed: true,
      },
    );
    // A cell that a spreadsheet would run as a formula is escaped in the CSV.
    expect(files.get('progress-reports.csv')).toContain("'=Diagnóstico");
  });

  it('never shows reserved or confidential content, nor the users’ ids', async () => {
    const feeds = [
      (await http(api, 'GET', `/api/open-data/commitments/${ID}/feed.atom`)).body as string,
      (await http(api, 'GET', `/api/open-data/action-plans/ec-paea-2026-2027/feed.atom`)).body,
    ];
    const everything = [...files.values(), ...feeds].join('\n');
    for (const secret of [
      RESERVED_URL,
      CONFIDENTIAL_URL,
      CLOSURE_URL,
      RESERVED_REPORT,
      'Línea base levantada en 10 servicios.',
      'La muestra no incluye servicios de la Amazonía.',
      'Se amplía la muestra a la Amazonía en el siguiente reporte.',
      ...SUBS,
      ASKER_EMAIL,
    ])
      expect(everything).not.toContain(secret);
    const evidence = JSON.parse(files.get('evidence.json')!) as Record<string, unknown>[];
    // Withheld items keep their rows, empty: no gap.
    expect(evidence.map((e) => e.url)).toEqual([
      PUBLIC_URL,
      null,
      PUBLIC_URL,
      null,
      PUBLIC_URL,
      expect.stringMatching(/^\/api\/evidence\/[0-9a-f]{64}$/),
      null,
      PUBLIC_URL,
      PUBLIC_URL,
      null,
    ]);
    const reports = JSON.parse(files.get('progress-reports.json')!) as Record<string, unknown>[];
    expect(reports.find((r) => r.report_id === 'h1-1')).toMatchObject({
      narrative: null,
      classification: 'reserved',
      withheld: true,
      review_reasons: null,
      review_classification: 'reserved',
      review_withheld: true,
      answer: null,
      answer_withheld: true,
      public_evidence: 1,
      withheld_evidence: 1,
    });
    // The Atom feed keeps every change, withheld ones saying so.
    expect(feeds[0]).toContain('Contenido reservado');
  });

  it('serves an Atom feed per commitment and per plan that a feed parser reads', async () => {
    const res = await http(api, 'GET', `/api/open-data/commitments/${ID}/feed.atom`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/atom\+xml/);
    const feed = parseFeed(res.body as string);
    expect(feed.meta.type).toBe('atom');
    expect(feed.title).toBe(draftBody(ID).title);
    expect(feed.items.length).toBeGreaterThan(10);
    const newest = feed.items[0];
    expect(newest.title).toContain('MRI');
    expect(newest.id).toMatch(/^urn:hitos:event:/);
    expect(newest.updated?.toISOString()).toBe(newest.updated?.toISOString());
    expect(feed.items.map((i) => i.authors[0]?.name)).toContain('Ministerio del Trabajo');
    // Feed autodiscovery's self link.
    expect(res.body).toContain(`/api/open-data/commitments/${ID}/feed.atom`);

    const plan = await http(api, 'GET', `/api/open-data/action-plans/ec-paea-2026-2027/feed.atom`);
    expect(plan.status).toBe(200);
    const planFeed = parseFeed(plan.body as string);
    expect(planFeed.items.length).toBeGreaterThan(feed.items.length);
    // Each change links to the commitment's page on the portal, the plan's feed to the plan's.
    expect(planFeed.url).toMatch(/\/planes\/ec-paea-2026-2027$/);
    expect(planFeed.items.every((item) => /\/(compromisos|planes)\//.test(item.url ?? ''))).toBe(
      true,
    );

    // Autodiscovery: the portal's plan page names the plan's feed in its head.
    const page = (await http(api, 'GET', '/')).body as string;
    const head = page.slice(0, page.indexOf('</head>'));
    expect(head).toMatch(
      /<link rel="alternate" type="application\/atom\+xml" title="[^"]+" href="\/api\/open-data\/action-plans\/ec-paea-2026-2027\/feed\.atom"\/?>/,
    );
    expect(head).toContain(`title="${planFeed.title!.split(' · ')[0]}`);

    expect((await http(api, 'GET', '/api/open-data/commitments/no-existe/feed.atom')).status).toBe(
      404,
    );
    expect((await http(api, 'GET', '/api/open-data/nada.csv')).status).toBe(404);
  });
});

describe('open data: a commitment transferred after an institutional redesign', () => {
  let api: ApiHarness;
  let t: Tokens;
  const ID_T = 'compromiso-traspasado';
  let dir: string;

  beforeAll(async () => {
    api = await startApi({ env: { HITOS_WORKFLOWS: 'true', HITOS_WORKFLOW_TICK_MS: '100' } });
    t = tokens(api);
    await registerParties(api, t);
    await signedCommitment(api, t, ID_T);
    expectStatus(
      await post(api, `/api/institutions/${MDT_ID}/redesigns`, t.presidency, {
        kind: 'merged',
        legalInstrument: 'Decreto Ejecutivo No. 123',
        effectiveOn: '2026-11-01',
        successorIds: [OTHER_INSTITUTION_ID],
      }),
      201,
    );
    for (let i = 0; ; i++) {
      const { body } = await getCommitment(api, ID_T, t.presidency);
      if (body.status === 'TransferPending') break;
      if (i > 150) throw new Error(`still ${body.status} after the redesign`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    dir = await mkdtemp(join(tmpdir(), 'hitos-open-data-'));
  });
  afterAll(async () => {
    await stopApi(api);
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const transfers = async () => {
    const descriptor = await http(api, 'GET', '/api/open-data/datapackage.json');
    await writeFile(join(dir, 'datapackage.json'), JSON.stringify(descriptor.body));
    for (const name of RESOURCES) {
      const res = await http(api, 'GET', `/api/open-data/${name}.csv`);
      await writeFile(join(dir, `${name}.csv`), res.body as string);
    }
    const pkg = await Package.load(join(dir, 'datapackage.json'));
    expect(pkg.valid).toBe(true);
    for (const name of RESOURCES)
      await pkg.getResource(name).read({ keyed: true, cast: true, relations: true });
    return (await http(api, 'GET', '/api/open-data/transfers.json')).body as Record<
      string,
      unknown
    >[];
  };

  it('lists the pending transfer, then the settled one, with the institutions by name', async () => {
    expect(await transfers()).toEqual([
      expect.objectContaining({
        commitment_id: ID_T,
        seq: 1,
        outcome: 'pending',
        from_institution: 'Ministerio del Trabajo',
        to_institution: null,
        settled_on: null,
      }),
    ]);
    expectStatus(
      await post(
        api,
        transferPaths.concurrence(ID_T),
        coreGroupMemberToken(api),
        concurrenceBody('transfer'),
      ),
      201,
    );
    expectStatus(await post(api, transferPaths.transfer(ID_T), t.presidency, transferBody()), 201);
    expectStatus(await post(api, transferPaths.handover(ID_T), t.sercop, handoverBody()), 201);
    const settled = await transfers();
    expect(settled).toEqual([
      expect.objectContaining({
        commitment_id: ID_T,
        seq: 1,
        outcome: 'transferred',
        from_institution: 'Ministerio del Trabajo',
        to_institution: 'Servicio Nacional de Contratación Pública',
        receiving_unit: 'Dirección de Innovación y Mejora de Servicios',
        settled_on: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      }),
    ]);
    const commitments = (await http(api, 'GET', '/api/open-data/commitments.json')).body;
    expect(commitments[0].lead_institution).toBe('Servicio Nacional de Contratación Pública');
  });
});
