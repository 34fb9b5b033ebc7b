import { http, startApi, stopApi, type ApiHarness } from './support/api-harness';
import {
  ACTA_NUMBER,
  CORE_GROUP_MEMBER_ID,
  FAE_ID,
  MDT_ID,
  PLAN_ID,
  administratorBody,
  draftBody,
  draftReadyToSign,
  evidenceItem,
  expectStatus,
  getCommitment,
  milestoneBodies,
  post,
  registerParties,
  signatureBody,
  signedCommitment,
  today,
  tokens,
  type Tokens,
} from './support/acta-requests';

const EVIDENCE_URL = 'https://gobiernoabierto.ec/evidencias/mdt/diagnostico.pdf';
const evidence = () => [evidenceItem(EVIDENCE_URL)];
const reschedule = (overrides: Record<string, unknown> = {}) => ({
  start: '2026-02-01',
  due: '2026-09-30',
  justification: 'El levantamiento en territorio requiere un trimestre adicional.',
  ...overrides,
});
const resource = (overrides: Record<string, unknown> = {}) => ({
  resourceId: 'r1',
  kind: 'financial',
  description: 'Talleres de co-creación de estándares de calidad',
  estimatedAmount: { amount: 25000, currency: 'USD' },
  budgetCertification: 'Certificación presupuestaria No. MDT-2026-0457',
  ...overrides,
});
const progress = (overrides: Record<string, unknown> = {}) => ({
  percent: 50,
  narrative: 'Se levantó la línea base en 20 servicios priorizados.',
  evidence: evidence(),
  ...overrides,
});
const report = (overrides: Record<string, unknown> = {}) => ({
  audience: 'citizens',
  title: 'Informe semestral de avance',
  summary: 'Avance del diagnóstico y próximos pasos.',
  link: 'https://www.trabajo.gob.ec/gobierno-abierto/informe-1.pdf',
  classification: 'public',
  ...overrides,
});
const closure = (overrides: Record<string, unknown> = {}) => ({
  resultsNarrative: 'La Política de Calidad se implementó con participación ciudadana.',
  completion: 'complete',
  openedGovernment: 'major',
  evidence: evidence(),
  counterpartCoSignature: {
    name: 'Carlos Vinueza',
    position: 'Director Ejecutivo',
    signedOn: today(),
  },
  ...overrides,
});
const irm = (overrides: Record<string, unknown> = {}) => ({
  assessmentId: 'irm-diseno',
  stage: 'design',
  verifiable: true,
  relevantToOgpValues: true,
  potentialForResults: 'substantial',
  narrative: 'Compromiso verificable y relevante.',
  ...overrides,
});

/** Rows of [body, status, code] as [code, status, body], so the test title names the code. */
const refusals = <B>(rows: [B, number, string][]) =>
  rows.map(([body, status, code]) => [code, status, body] as [string, number, B]);

const fields = (body: { errors?: { field: string }[] }) => (body.errors ?? []).map((e) => e.field);

describe('commitments over HTTP: each command', () => {
  let api: ApiHarness;
  let t: Tokens;
  const c = (id: string, rest = '') => `/api/commitments/${id}${rest}`;

  beforeAll(async () => {
    api = await startApi();
    t = tokens(api);
    await registerParties(api, t);
    await signedCommitment(api, t, 'firmado');
    expectStatus(
      await post(
        api,
        c('firmado', '/milestones/h1/progress-reports'),
        t.mdt,
        progress({ reportId: 'rep-1' }),
      ),
      201,
    );
  });
  afterAll(() => stopApi(api));

  describe('authorization', () => {
    // [endpoint, path, body, an allowed role outside its scope (and the code), a wrong role]
    const cases: [string, string, () => unknown, [keyof Tokens, string][], (keyof Tokens)[]][] = [
      [
        'draft',
        '/api/commitments',
        () => draftBody('ajeno'),
        [['sercop', 'FORBIDDEN_NOT_RESPONSIBLE_INSTITUTION']],
        ['fae', 'auditor'],
      ],
      [
        'plan milestone',
        c('firmado', '/milestones'),
        () => milestoneBodies()[0],
        [['sercop', 'FORBIDDEN_NOT_RESPONSIBLE_INSTITUTION']],
        ['fae', 'presidency'],
      ],
      [
        'reschedule request',
        c('firmado', '/milestones/h1/reschedule-requests'),
        () => reschedule(),
        [['sercop', 'FORBIDDEN_NOT_RESPONSIBLE_INSTITUTION']],
        ['fae', 'coreGroup'],
      ],
      [
        'administrator',
        c('firmado', '/administrator'),
        administratorBody,
        [['sercop', 'FORBIDDEN_NOT_RESPONSIBLE_INSTITUTION']],
        ['fae', 'presidency'],
      ],
      [
        'sign',
        c('firmado', '/acta/signatures'),
        () => signatureBody('institution'),
        [
          ['sercop', 'FORBIDDEN_NOT_RESPONSIBLE_INSTITUTION'],
          ['faro', 'FORBIDDEN_NOT_COUNTERPART'],
        ],
        ['presidency', 'auditor'],
      ],
      [
        'resource',
        c('firmado', '/resources'),
        () => resource({ resourceId: 'r-x' }),
        [['sercop', 'FORBIDDEN_NOT_RESPONSIBLE_INSTITUTION']],
        ['fae'],
      ],
      [
        'progress',
        c('firmado', '/milestones/h1/progress-reports'),
        () => progress(),
        [['sercop', 'FORBIDDEN_NOT_RESPONSIBLE_INSTITUTION']],
        ['fae', 'presidency'],
      ],
      [
        'review',
        c('firmado', '/progress-reports/rep-1/reviews'),
        () => ({ verdict: 'endorsed' }),
        [['faro', 'FORBIDDEN_NOT_COUNTERPART']],
        ['mdt', 'presidency'],
      ],
      [
        'answer',
        c('firmado', '/progress-reports/rep-1/answers'),
        () => ({ answer: 'Respuesta' }),
        [['sercop', 'FORBIDDEN_NOT_RESPONSIBLE_INSTITUTION']],
        ['fae'],
      ],
      [
        'complete',
        c('firmado', '/milestones/h1/completion'),
        () => ({}),
        [['sercop', 'FORBIDDEN_NOT_RESPONSIBLE_INSTITUTION']],
        ['fae', 'presidency'],
      ],
      [
        'submit report',
        c('firmado', '/reports'),
        () => report(),
        [
          ['sercop', 'FORBIDDEN_NOT_RESPONSIBLE_INSTITUTION'],
          ['faro', 'FORBIDDEN_NOT_COUNTERPART'],
        ],
        ['presidency', 'auditor'],
      ],
      [
        'close',
        c('firmado', '/closure'),
        () => closure(),
        [['sercop', 'FORBIDDEN_NOT_RESPONSIBLE_INSTITUTION']],
        ['fae', 'presidency'],
      ],
      [
        'irm assessment',
        c('firmado', '/irm-assessments'),
        () => irm(),
        [],
        ['mdt', 'presidency', 'fae'],
      ],
      [
        'withdraw',
        c('firmado', '/withdrawal'),
        () => ({ reason: 'Retiro' }),
        [],
        ['mdt', 'auditor'],
      ],
    ];

    it.each(cases)(
      '%s: 401 without token, 403 for a wrong role or out of scope',
      async (_name, path, body, outOfScope, wrongRoles) => {
        const before = await getCommitment(api, 'firmado');
        const anonymous = await post(api, path, undefined, body());
        expect(anonymous.status).toBe(401);
        expect(anonymous.body.code).toBe('UNAUTHORIZED');
        for (const role of wrongRoles) {
          const res = await post(api, path, t[role], body());
          expect([role, res.status, res.body.code]).toEqual([role, 403, 'ROLE_NOT_ALLOWED']);
        }
        for (const [who, code] of outOfScope) {
          const res = await post(api, path, t[who], body());
          expect([who, res.status, res.body.code]).toEqual([who, 403, code]);
        }
        const after = await getCommitment(api, 'firmado');
        expect(after.body.revision).toBe(before.body.revision);
      },
    );
  });

  describe('validation (400 naming the field, nothing recorded)', () => {
    const cases: [string, keyof Tokens, unknown, string][] = [
      ['/api/commitments', 'presidency', draftBody('v1', { number: 0 }), 'number'],
      [
        '/api/commitments',
        'presidency',
        draftBody('v1', { period: { start: '2026-01-01', end: '2027-02-30' } }),
        'period.end',
      ],
      [
        '/api/commitments',
        'presidency',
        draftBody('v1', { contact: { name: 'A', position: 'B', email: 'no-es-correo' } }),
        'contact.email',
      ],
      [
        '/api/commitments',
        'presidency',
        draftBody('v1', { supportingActors: [{ name: 'U', sector: 'aliens' }] }),
        'supportingActors[0].sector',
      ],
      [
        '/api/commitments',
        'presidency',
        draftBody('v1', { relevance: { transparency: 'x'.repeat(2001) } }),
        'relevance.transparency',
      ],
      [
        '/api/commitments',
        'presidency',
        draftBody('v1', { counterpart: { organizationId: FAE_ID, sector: 'government' } }),
        'counterpart.sector',
      ],
      ['/api/commitments', 'presidency', draftBody('v1', { title: undefined }), 'title'],
      [c('firmado', '/milestones'), 'mdt', { ...milestoneBodies()[0], weight: 30.5 }, 'weight'],
      [c('firmado', '/milestones'), 'mdt', { ...milestoneBodies()[0], weight: 101 }, 'weight'],
      [
        c('firmado', '/milestones/h1/reschedule-requests'),
        'mdt',
        reschedule({ due: '30/09/2026' }),
        'due',
      ],
      [
        c('firmado', '/administrator'),
        'mdt',
        { ...administratorBody(), email: 'mejora.continua' },
        'email',
      ],
      [
        c('firmado', '/acta/signatures'),
        'mdt',
        { ...signatureBody('institution'), signatory: { name: 'X' } },
        'signatory.position',
      ],
      [c('firmado', '/resources'), 'mdt', resource({ kind: 'magical' }), 'kind'],
      [
        c('firmado', '/resources'),
        'mdt',
        resource({ estimatedAmount: { amount: -1, currency: 'usd' } }),
        'estimatedAmount.amount',
      ],
      [
        c('firmado', '/milestones/h1/progress-reports'),
        'mdt',
        progress({ percent: 101 }),
        'percent',
      ],
      [
        c('firmado', '/milestones/h1/progress-reports'),
        'mdt',
        progress({ evidence: [{ ...evidenceItem('ftp://x'), sha256: 'abc' }] }),
        'evidence[0].url',
      ],
      [
        c('firmado', '/milestones/h1/progress-reports'),
        'mdt',
        progress({ evidence: [{ ...evidenceItem(EVIDENCE_URL), sha256: 'ABC' }] }),
        'evidence[0].sha256',
      ],
      [
        c('firmado', '/milestones/h1/progress-reports'),
        'mdt',
        progress({ evidence: [evidenceItem(EVIDENCE_URL, 'secret')] }),
        'evidence[0].classification',
      ],
      [
        c('firmado', '/milestones/h1/progress-reports'),
        'mdt',
        progress({ evidence: Array.from({ length: 51 }, () => evidenceItem(EVIDENCE_URL)) }),
        'evidence',
      ],
      [c('firmado', '/progress-reports/rep-1/reviews'), 'fae', { verdict: 'maybe' }, 'verdict'],
      [
        c('firmado', '/progress-reports/rep-1/answers'),
        'mdt',
        { answer: 'x'.repeat(4001) },
        'answer',
      ],
      [c('firmado', '/reports'), 'mdt', report({ audience: 'press' }), 'audience'],
      [c('firmado', '/reports'), 'mdt', report({ link: 'not a link' }), 'link'],
      [c('firmado', '/closure'), 'mdt', closure({ completion: 'almost' }), 'completion'],
      [
        c('firmado', '/closure'),
        'mdt',
        closure({ counterpartCoSignature: { name: 'A', position: 'B' } }),
        'counterpartCoSignature.signedOn',
      ],
      [c('firmado', '/irm-assessments'), 'auditor', irm({ verifiable: 'yes' }), 'verifiable'],
      [c('firmado', '/irm-assessments'), 'auditor', irm({ earlyResults: 'huge' }), 'earlyResults'],
      // A nested object that is missing, or not an object, is refused before the domain.
      ['/api/commitments', 'presidency', draftBody('v1', { period: undefined }), 'period'],
      ['/api/commitments', 'presidency', draftBody('v1', { contact: 'Ana' }), 'contact'],
      [
        c('firmado', '/acta/signatures'),
        'mdt',
        { ...signatureBody('institution'), signatory: undefined },
        'signatory',
      ],
      [
        c('firmado', '/milestones/h1/reschedule-requests'),
        'mdt',
        reschedule({ justification: undefined }),
        'justification',
      ],
      [
        c('firmado', '/closure'),
        'mdt',
        closure({ counterpartCoSignature: undefined }),
        'counterpartCoSignature',
      ],
      [c('firmado', '/resources'), 'mdt', resource({ estimatedAmount: 12 }), 'estimatedAmount'],
      [c('firmado', '/withdrawal'), 'presidency', { reason: '' }, 'reason'],
      [c('firmado', '/withdrawal'), 'presidency', { reason: 'Retiro', extra: 1 }, 'extra'],
    ];

    it.each(cases)('POST %s as %s refuses a bad field', async (path, who, body, field) => {
      const res = await post(api, path, t[who], body);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(fields(res.body)).toContain(field);
      expect(res.body.detail).toContain(field);
    });

    it('refuses malformed path ids with 400 naming the parameter', async () => {
      const res = await post(api, '/api/commitments/firmado/milestones/h%201/completion', t.mdt);
      expect(res.status).toBe(400);
      expect(fields(res.body)).toEqual(['milestoneId']);
      expect((await http(api, 'GET', '/api/commitments/a%20b')).status).toBe(400);
    });
  });

  describe('POST /api/commitments (draft)', () => {
    it('drafts as the Presidency: 201, ETag, and the draft reads back', async () => {
      const res = expectStatus(
        await post(api, '/api/commitments', t.presidency, draftBody('nuevo')),
        201,
      );
      expect(res.headers.get('etag')).toBe('W/"0"');
      expect(res.body).toMatchObject({
        id: 'nuevo',
        stream: 'commitment-nuevo',
        revision: '0',
        events: [{ type: 'CommitmentDrafted', revision: '0' }],
      });
      const read = await getCommitment(api, 'nuevo');
      expect(read.headers.get('etag')).toBe('W/"0"');
      expect(read.body).toMatchObject({
        commitmentId: 'nuevo',
        status: 'Draft',
        planId: PLAN_ID,
        number: 7,
        responsible: { institutionId: MDT_ID },
        counterpart: { organizationId: FAE_ID, sector: 'civil-society' },
        milestones: [],
        progress: 0,
        revision: '0',
      });
    });

    it('drafts as the responsible institution, with an id made by the server', async () => {
      const { commitmentId: _omit, ...body } = draftBody('x');
      const res = expectStatus(await post(api, '/api/commitments', t.mdt, body), 201);
      expect(res.body.id).toMatch(/^[0-9a-f-]{36}$/);
      expect((await getCommitment(api, res.body.id)).body.status).toBe('Draft');
    });

    it.each(
      refusals([
        [draftBody('nuevo'), 409, 'COMMITMENT_ALREADY_DRAFTED'],
        [draftBody('d2', { planId: 'no-such-plan' }), 404, 'PLAN_NOT_FOUND'],
        [
          draftBody('d2', { responsible: { institutionId: 'nadie', unit: 'U' } }),
          404,
          'INSTITUTION_NOT_FOUND',
        ],
        [
          draftBody('d2', { counterpart: { organizationId: 'nadie', sector: 'civil-society' } }),
          404,
          'ORGANIZATION_NOT_FOUND',
        ],
        [
          draftBody('d2', { counterpart: { organizationId: FAE_ID, sector: 'academia' } }),
          422,
          'COUNTERPART_SECTOR_MISMATCH',
        ],
        [
          draftBody('d2', { period: { start: '2025-06-01', end: '2027-12-31' } }),
          409,
          'COMMITMENT_PERIOD_OUTSIDE_PLAN',
        ],
        [draftBody('d2', { relevance: {} }), 422, 'RELEVANCE_PILLAR_REQUIRED'],
      ]),
    )('refuses with %s (%i)', async (code, status, body) => {
      const res = await post(api, '/api/commitments', t.presidency, body);
      expect([res.status, res.body.code]).toEqual([status, code]);
    });
  });

  describe('POST /api/commitments/:id/milestones', () => {
    beforeAll(async () => {
      expectStatus(await post(api, '/api/commitments', t.presidency, draftBody('hitos')), 201);
    });

    it('plans a milestone: 201 with its id, ETag, and the baseline reads back', async () => {
      const res = expectStatus(
        await post(api, c('hitos', '/milestones'), t.mdt, milestoneBodies()[0]),
        201,
      );
      expect(res.body).toMatchObject({
        id: 'h1',
        revision: '1',
        events: [{ type: 'MilestonePlanned' }],
      });
      expect(res.headers.get('etag')).toBe('W/"1"');
      const { milestoneId: _omit, ...second } = milestoneBodies()[1];
      const made = expectStatus(await post(api, c('hitos', '/milestones'), t.mdt, second), 201);
      expect(made.body.id).toMatch(/^[0-9a-f-]{36}$/);
      const read = await getCommitment(api, 'hitos');
      expect(read.body.milestones).toEqual([
        expect.objectContaining({
          milestoneId: 'h1',
          weight: 30,
          baselineDue: '2026-06-30',
          due: '2026-06-30',
          slips: 0,
        }),
        expect.objectContaining({ milestoneId: made.body.id, weight: 40 }),
      ]);
    });

    it.each(
      refusals([
        [() => milestoneBodies()[0], 409, 'MILESTONE_ID_DUPLICATE'],
        [() => ({ ...milestoneBodies()[2], weight: 31 }), 409, 'MILESTONE_TOTAL_WEIGHT_EXCEEDED'],
        [
          () => ({ ...milestoneBodies()[2], due: '2028-01-15' }),
          409,
          'MILESTONE_OUTSIDE_COMMITMENT_PERIOD',
        ],
        [
          () => ({ ...milestoneBodies()[2], start: '2027-12-01', due: '2027-11-01' }),
          422,
          'PERIOD_END_BEFORE_START',
        ],
      ]),
    )('refuses with %s (%i)', async (code, status, body) => {
      const res = await post(api, c('hitos', '/milestones'), t.mdt, body());
      expect([res.status, res.body.code]).toEqual([status, code]);
    });

    it('answers 404 COMMITMENT_NOT_FOUND for an unknown commitment', async () => {
      const res = await post(api, c('no-existe', '/milestones'), t.mdt, milestoneBodies()[0]);
      expect([res.status, res.body.code]).toEqual([404, 'COMMITMENT_NOT_FOUND']);
    });
  });

  describe('idempotency and If-Match on commitment commands', () => {
    it('names the same milestone for a retried request with the same Idempotency-Key', async () => {
      expectStatus(await post(api, '/api/commitments', t.presidency, draftBody('repetido')), 201);
      const { milestoneId: _omit, ...body } = milestoneBodies()[0];
      const headers = { 'idempotency-key': 'plan-h1-once' };
      const send = () =>
        http(api, 'POST', c('repetido', '/milestones'), { token: t.mdt, body, headers });
      const first = expectStatus(await send(), 201);
      const again = expectStatus(await send(), 201);
      expect(again.body).toEqual(first.body);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect((await getCommitment(api, 'repetido')).body.milestones).toHaveLength(1);
    });

    it('answers 412 STALE_REVISION to a stale If-Match and records nothing', async () => {
      const current = await getCommitment(api, 'repetido');
      const stale = await http(api, 'POST', c('repetido', '/administrator'), {
        token: t.mdt,
        body: administratorBody(),
        headers: { 'if-match': 'W/"0"' },
      });
      expect([stale.status, stale.body.code]).toEqual([412, 'STALE_REVISION']);
      const fresh = await http(api, 'POST', c('repetido', '/administrator'), {
        token: t.mdt,
        body: administratorBody(),
        headers: { 'if-match': current.headers.get('etag')! },
      });
      expect(fresh.status).toBe(201);
    });
  });

  describe('POST /api/commitments/:id/milestones/:milestoneId/reschedule-requests', () => {
    beforeAll(() => signedCommitment(api, t, 'reprogramado'));

    it('records the request; the dates move only when a Core Group member concurs', async () => {
      const res = expectStatus(
        await post(
          api,
          c('reprogramado', '/milestones/h1/reschedule-requests'),
          t.mdt,
          reschedule({ requestId: 'rq-1' }),
        ),
        201,
      );
      expect(res.body.id).toBe('rq-1');
      expect(res.body.events.map((e: { type: string }) => e.type)).toEqual([
        'MilestoneRescheduleRequested',
      ]);
      const h1 = (await getCommitment(api, 'reprogramado')).body.milestones[0];
      expect(h1).toMatchObject({ due: '2026-06-30', slips: 0, reschedules: [] });
      expect(h1.rescheduleRequests).toEqual([
        expect.objectContaining({ requestId: 'rq-1', due: '2026-09-30', status: 'open' }),
      ]);
    });

    it.each([
      [
        'h1',
        reschedule({ requestId: 'rq-2', due: '2026-10-31' }),
        409,
        'RESCHEDULE_REQUEST_PENDING',
      ],
      ['h1', reschedule({ requestId: 'rq-1' }), 409, 'RESCHEDULE_REQUEST_ID_DUPLICATE'],
      ['h2', reschedule({ start: '2026-07-01', due: '2027-03-31' }), 409, 'RESCHEDULE_NO_CHANGE'],
      ['h9', reschedule(), 404, 'MILESTONE_NOT_FOUND'],
      ['h2', reschedule({ due: '2028-03-01' }), 409, 'MILESTONE_OUTSIDE_COMMITMENT_PERIOD'],
    ])('refuses on milestone %s, case %#', async (milestoneId, body, status, code) => {
      const res = await post(
        api,
        c('reprogramado', `/milestones/${milestoneId}/reschedule-requests`),
        t.mdt,
        body,
      );
      expect([res.status, res.body.code]).toEqual([status, code]);
    });

    it('answers the removed way of rescheduling with 410 and the way to do it now', async () => {
      const res = await post(api, c('reprogramado', '/milestones/h1/reschedules'), t.mdt, {
        ...reschedule(),
        concurrence: { coreGroupMemberId: CORE_GROUP_MEMBER_ID },
      });
      expect([res.status, res.body.code]).toEqual([410, 'RESCHEDULE_NEEDS_MEMBER_CONCURRENCE']);
      expect(res.body.requests).toBe(
        '/api/commitments/reprogramado/milestones/h1/reschedule-requests',
      );
    });

    it('answers 404 COMMITMENT_NOT_FOUND for an unknown commitment', async () => {
      const res = await post(
        api,
        c('no-existe', '/milestones/h1/reschedule-requests'),
        t.mdt,
        reschedule(),
      );
      expect([res.status, res.body.code]).toEqual([404, 'COMMITMENT_NOT_FOUND']);
    });
  });

  describe('POST /api/commitments/:id/administrator and /acta/signatures', () => {
    beforeAll(async () => {
      expectStatus(await post(api, '/api/commitments', t.presidency, draftBody('acta')), 201);
      expectStatus(await post(api, c('acta', '/milestones'), t.mdt, milestoneBodies()[0]), 201);
    });

    it('refuses to sign before the administrator is designated (409)', async () => {
      const res = await post(
        api,
        c('acta', '/acta/signatures'),
        t.mdt,
        signatureBody('institution'),
      );
      expect([res.status, res.body.code]).toEqual([409, 'ADMINISTRATOR_NOT_DESIGNATED']);
    });

    it('designates the administrator, and a later designation replaces it', async () => {
      const first = expectStatus(
        await post(api, c('acta', '/administrator'), t.mdt, administratorBody()),
        201,
      );
      expect(first.body.events).toEqual([
        expect.objectContaining({ type: 'AdministratorDesignated' }),
      ]);
      const replaced = { ...administratorBody(), name: 'Andrés Cevallos' };
      const second = expectStatus(
        await post(api, c('acta', '/administrator'), t.mdt, replaced),
        201,
      );
      expect(second.headers.get('etag')).toBe(`W/"${second.body.revision}"`);
      expect((await getCommitment(api, 'acta')).body.administrator).toEqual(replaced);
    });

    it('records each party’s signature; the second makes the acta valid', async () => {
      const inst = expectStatus(
        await post(api, c('acta', '/acta/signatures'), t.mdt, signatureBody('institution')),
        201,
      );
      expect(inst.body.events.map((e: { type: string }) => e.type)).toEqual(['ActaSignatureAdded']);
      expect((await getCommitment(api, 'acta')).body).toMatchObject({
        status: 'Draft',
        signatures: { institution: { actaNumber: ACTA_NUMBER }, counterpart: null },
      });
      const again = await post(
        api,
        c('acta', '/acta/signatures'),
        t.mdt,
        signatureBody('institution'),
      );
      expect([again.status, again.body.code]).toEqual([409, 'ACTA_ALREADY_SIGNED_BY_PARTY']);
      const mismatch = await post(api, c('acta', '/acta/signatures'), t.fae, {
        ...signatureBody('counterpart'),
        actaNumber: 'MDT-CDC-2026-999',
      });
      expect([mismatch.status, mismatch.body.code]).toEqual([409, 'ACTA_NUMBER_MISMATCH']);
      const future = await post(api, c('acta', '/acta/signatures'), t.fae, {
        ...signatureBody('counterpart'),
        signedOn: '2099-01-01',
      });
      expect([future.status, future.body.code]).toEqual([422, 'DATE_IN_FUTURE']);
      const fae = expectStatus(
        await post(api, c('acta', '/acta/signatures'), t.fae, signatureBody('counterpart')),
        201,
      );
      expect(fae.body.events.map((e: { type: string }) => e.type)).toEqual([
        'ActaSignatureAdded',
        'ActaSigned',
      ]);
      expect(fae.headers.get('etag')).toBe(`W/"${fae.body.revision}"`);
      const read = await getCommitment(api, 'acta');
      expect(read.body).toMatchObject({
        status: 'InImplementation',
        acta: {
          actaNumber: ACTA_NUMBER,
          signedOn: '2026-01-28',
          administrator: { name: 'Andrés Cevallos' },
        },
      });
      const late = await post(
        api,
        c('acta', '/acta/signatures'),
        t.fae,
        signatureBody('counterpart'),
      );
      expect([late.status, late.body.code]).toEqual([409, 'COMMAND_NOT_ALLOWED_IN_STATUS']);
    });

    it('answers 404 COMMITMENT_NOT_FOUND for an unknown commitment', async () => {
      for (const path of ['/administrator', '/acta/signatures']) {
        const body = path === '/administrator' ? administratorBody() : signatureBody('institution');
        const res = await post(api, c('no-existe', path), t.mdt, body);
        expect([res.status, res.body.code]).toEqual([404, 'COMMITMENT_NOT_FOUND']);
      }
    });
  });

  describe('POST /api/commitments/:id/resources', () => {
    it('identifies a financial resource with its certification', async () => {
      const res = expectStatus(await post(api, c('firmado', '/resources'), t.mdt, resource()), 201);
      expect(res.body).toMatchObject({ id: 'r1', events: [{ type: 'ResourceIdentified' }] });
      expect(res.headers.get('etag')).toBe(`W/"${res.body.revision}"`);
      expect((await getCommitment(api, 'firmado')).body.resources).toEqual([resource()]);
    });

    it.each(
      refusals([
        [resource(), 409, 'RESOURCE_ID_DUPLICATE'],
        [
          resource({ resourceId: 'r2', budgetCertification: undefined }),
          422,
          'RESOURCE_BUDGET_CERTIFICATION_REQUIRED',
        ],
        [
          resource({ resourceId: 'r2', kind: 'cooperation', budgetCertification: undefined }),
          422,
          'RESOURCE_COOPERANT_REQUIRED',
        ],
      ]),
    )('refuses with %s (%i)', async (code, status, body) => {
      const res = await post(api, c('firmado', '/resources'), t.mdt, body);
      expect([res.status, res.body.code]).toEqual([status, code]);
    });
  });

  describe('progress reports, reviews, answers and completion', () => {
    beforeAll(() => signedCommitment(api, t, 'avance'));
    const path = (rest: string) => c('avance', rest);

    it('refuses a progress report on a draft (409 COMMAND_NOT_ALLOWED_IN_STATUS)', async () => {
      const res = await post(api, c('nuevo', '/milestones/h1/progress-reports'), t.mdt, progress());
      expect([res.status, res.body.code]).toEqual([409, 'COMMAND_NOT_ALLOWED_IN_STATUS']);
    });

    it('reports progress: 201 with the report id; the claim reads back unreviewed', async () => {
      const res = expectStatus(
        await post(
          api,
          path('/milestones/h1/progress-reports'),
          t.mdt,
          progress({ reportId: 'p1' }),
        ),
        201,
      );
      expect(res.body).toMatchObject({ id: 'p1', events: [{ type: 'MilestoneProgressReported' }] });
      expect(res.headers.get('etag')).toBe(`W/"${res.body.revision}"`);
      const h1 = (await getCommitment(api, 'avance')).body.milestones[0];
      expect(h1.reports).toEqual([
        expect.objectContaining({
          reportId: 'p1',
          percent: 50,
          review: null,
          answer: null,
          reportedOn: today(),
          // Public narrative and evidence: nothing withheld, even for the public.
          evidence: evidence().map((item) => ({ ...item, withheld: false })),
          classification: 'public',
          withheld: false,
        }),
      ]);
    });

    it.each([
      ['h1', progress({ reportId: 'p1' }), 409, 'PROGRESS_REPORT_ID_DUPLICATE'],
      [
        'h1',
        progress({ reportId: 'p9', percent: 100, evidence: [] }),
        409,
        'PROGRESS_EVIDENCE_REQUIRED',
      ],
      ['h9', progress({ reportId: 'p9' }), 404, 'MILESTONE_NOT_FOUND'],
    ])('refuses a report on milestone %s, case %#', async (milestoneId, body, status, code) => {
      const res = await post(api, path(`/milestones/${milestoneId}/progress-reports`), t.mdt, body);
      expect([res.status, res.body.code]).toEqual([status, code]);
    });

    it('takes the counterpart’s objection, and the institution’s answer', async () => {
      const noAnswerYet = await post(api, path('/progress-reports/p1/answers'), t.mdt, {
        answer: 'Aún no',
      });
      expect([noAnswerYet.status, noAnswerYet.body.code]).toEqual([409, 'REPORT_NOT_OBJECTED']);
      const noReasons = await post(api, path('/progress-reports/p1/reviews'), t.fae, {
        verdict: 'objected',
      });
      expect([noReasons.status, noReasons.body.code]).toEqual([422, 'OBJECTION_REASONS_REQUIRED']);
      const missing = await post(api, path('/progress-reports/p404/reviews'), t.fae, {
        verdict: 'endorsed',
      });
      expect([missing.status, missing.body.code]).toEqual([404, 'PROGRESS_REPORT_NOT_FOUND']);

      const objected = expectStatus(
        await post(api, path('/progress-reports/p1/reviews'), t.fae, {
          verdict: 'objected',
          reasons: 'Falta la metodología.',
        }),
        201,
      );
      expect(objected.body.events).toEqual([
        expect.objectContaining({ type: 'ProgressReportReviewed' }),
      ]);
      const twice = await post(api, path('/progress-reports/p1/reviews'), t.fae, {
        verdict: 'endorsed',
      });
      // Reviewed again only once the institution answers (review in rounds).
      expect([twice.status, twice.body.code]).toEqual([409, 'OBJECTION_AWAITING_ANSWER']);

      const answered = expectStatus(
        await post(api, path('/progress-reports/p1/answers'), t.mdt, {
          answer: 'Se adjunta la metodología.',
        }),
        201,
      );
      expect(answered.body.events).toEqual([
        expect.objectContaining({ type: 'ObjectionAnswered' }),
      ]);
      expect(answered.headers.get('etag')).toBe(`W/"${answered.body.revision}"`);
      const again = await post(api, path('/progress-reports/p1/answers'), t.mdt, {
        answer: 'Otra vez',
      });
      expect([again.status, again.body.code]).toEqual([409, 'OBJECTION_ALREADY_ANSWERED']);
      const missingAnswer = await post(api, path('/progress-reports/p404/answers'), t.mdt, {
        answer: 'x',
      });
      expect([missingAnswer.status, missingAnswer.body.code]).toEqual([
        404,
        'PROGRESS_REPORT_NOT_FOUND',
      ]);

      const report = (await getCommitment(api, 'avance')).body.milestones[0].reports[0];
      expect(report).toMatchObject({
        review: { verdict: 'objected', reasons: 'Falta la metodología.', reviewedOn: today() },
        answer: { answer: 'Se adjunta la metodología.', answeredOn: today() },
      });
    });

    it('completes a milestone only once an endorsed 100% report backs it', async () => {
      const early = await post(api, path('/milestones/h1/completion'), t.mdt);
      expect([early.status, early.body.code]).toEqual([409, 'MILESTONE_NOT_ENDORSED_COMPLETE']);
      expectStatus(
        await post(
          api,
          path('/milestones/h1/progress-reports'),
          t.mdt,
          progress({ reportId: 'p2', percent: 100 }),
        ),
        201,
      );
      const endorsed = expectStatus(
        await post(api, path('/progress-reports/p2/reviews'), t.fae, { verdict: 'endorsed' }),
        201,
      );
      expect(endorsed.headers.get('etag')).toBe(`W/"${endorsed.body.revision}"`);
      const below = await post(
        api,
        path('/milestones/h1/progress-reports'),
        t.mdt,
        progress({ reportId: 'p3', percent: 90 }),
      );
      expect([below.status, below.body.code]).toEqual([409, 'PROGRESS_BELOW_ENDORSED']);

      const done = expectStatus(await post(api, path('/milestones/h1/completion'), t.mdt), 201);
      expect(done.body.events.map((e: { type: string }) => e.type)).toEqual(['MilestoneCompleted']);
      expect(done.headers.get('etag')).toBe(`W/"${done.body.revision}"`);
      const read = (await getCommitment(api, 'avance')).body;
      expect(read.milestones[0]).toMatchObject({
        completed: true,
        completedOn: today(),
        lastEndorsedPercent: 100,
      });
      expect(read.progress).toBe(30);
      expect(read.status).toBe('InImplementation');

      const twice = await post(api, path('/milestones/h1/completion'), t.mdt);
      expect([twice.status, twice.body.code]).toEqual([409, 'MILESTONE_ALREADY_COMPLETED']);
      const unknown = await post(api, path('/milestones/h9/completion'), t.mdt);
      expect([unknown.status, unknown.body.code]).toEqual([404, 'MILESTONE_NOT_FOUND']);
    });
  });

  describe('POST /api/commitments/:id/reports', () => {
    it('records a report from either party; the party follows from the token', async () => {
      const inst = expectStatus(
        await post(api, c('firmado', '/reports'), t.mdt, report({ reportId: 'inf-1' })),
        201,
      );
      expect(inst.body).toMatchObject({ id: 'inf-1', events: [{ type: 'ReportSubmitted' }] });
      expect(inst.headers.get('etag')).toBe(`W/"${inst.body.revision}"`);
      expectStatus(
        await post(
          api,
          c('firmado', '/reports'),
          t.fae,
          report({ reportId: 'inf-2', audience: 'core-group', link: undefined }),
        ),
        201,
      );
      const reports = (await getCommitment(api, 'firmado')).body.submittedReports;
      expect(reports).toEqual([
        expect.objectContaining({
          reportId: 'inf-1',
          submittedBy: 'institution',
          audience: 'citizens',
          submittedOn: today(),
        }),
        expect.objectContaining({
          reportId: 'inf-2',
          submittedBy: 'counterpart',
          audience: 'core-group',
        }),
      ]);
    });

    it('refuses a repeated report id (409) and a report on a draft (409)', async () => {
      const dup = await post(api, c('firmado', '/reports'), t.mdt, report({ reportId: 'inf-1' }));
      expect([dup.status, dup.body.code]).toEqual([409, 'SUBMITTED_REPORT_ID_DUPLICATE']);
      const draft = await post(api, c('nuevo', '/reports'), t.mdt, report());
      expect([draft.status, draft.body.code]).toEqual([409, 'COMMAND_NOT_ALLOWED_IN_STATUS']);
    });
  });

  describe('POST /api/commitments/:id/closure', () => {
    it('refuses to close a draft, and one in implementation before its period ends', async () => {
      const draft = await post(api, c('nuevo', '/closure'), t.mdt, closure());
      expect([draft.status, draft.body.code]).toEqual([409, 'COMMAND_NOT_ALLOWED_IN_STATUS']);
      const early = await post(
        api,
        c('firmado', '/closure'),
        t.mdt,
        closure({ completion: 'limited' }),
      );
      expect([early.status, early.body.code]).toEqual([409, 'CLOSE_BEFORE_PERIOD_END']);
      const future = await post(
        api,
        c('firmado', '/closure'),
        t.mdt,
        closure({ counterpartCoSignature: { name: 'A', position: 'B', signedOn: '2099-01-01' } }),
      );
      expect([future.status, future.body.code]).toEqual([422, 'DATE_IN_FUTURE']);
    });
    // The closure's happy path runs in the lifecycle suite, once every milestone is complete.
  });

  describe('POST /api/commitments/:id/irm-assessments', () => {
    it('records the IRM design assessment', async () => {
      const res = expectStatus(
        await post(api, c('firmado', '/irm-assessments'), t.auditor, irm()),
        201,
      );
      expect(res.body).toMatchObject({
        id: 'irm-diseno',
        events: [{ type: 'IrmAssessmentRecorded' }],
      });
      expect(res.headers.get('etag')).toBe(`W/"${res.body.revision}"`);
      expect((await getCommitment(api, 'firmado')).body.irmAssessments).toEqual([
        expect.objectContaining({
          assessmentId: 'irm-diseno',
          stage: 'design',
          assessedOn: today(),
        }),
      ]);
    });

    it.each([
      ['firmado', irm(), 409, 'IRM_ASSESSMENT_ID_DUPLICATE'],
      [
        'firmado',
        irm({ assessmentId: 'irm-2', stage: 'results' }),
        422,
        'IRM_RESULTS_FIELDS_REQUIRED',
      ],
      ['nuevo', irm({ assessmentId: 'irm-3' }), 409, 'COMMAND_NOT_ALLOWED_IN_STATUS'],
      ['no-existe', irm(), 404, 'COMMITMENT_NOT_FOUND'],
    ])('refuses on commitment %s, case %#', async (id, body, status, code) => {
      const res = await post(api, c(id, '/irm-assessments'), t.auditor, body);
      expect([res.status, res.body.code]).toEqual([status, code]);
    });
  });

  describe('POST /api/commitments/:id/withdrawal', () => {
    beforeAll(() => draftReadyToSign(api, t, 'retirado'));

    it('withdraws with a reason; anything later is refused with COMMITMENT_WITHDRAWN', async () => {
      const res = expectStatus(
        await post(api, c('retirado', '/withdrawal'), t.presidency, {
          reason: 'Duplicado con el compromiso 3.',
        }),
        201,
      );
      expect(res.body.events).toEqual([expect.objectContaining({ type: 'CommitmentWithdrawn' })]);
      expect(res.headers.get('etag')).toBe(`W/"${res.body.revision}"`);
      const read = await getCommitment(api, 'retirado');
      expect(read.body).toMatchObject({
        status: 'Withdrawn',
        withdrawal: { reason: 'Duplicado con el compromiso 3.', withdrawnOn: today() },
      });
      for (const [path, token, body] of [
        ['/withdrawal', t.presidency, { reason: 'Otra vez' }],
        ['/acta/signatures', t.mdt, signatureBody('institution')],
        ['/milestones', t.mdt, { ...milestoneBodies()[0], milestoneId: 'h9', weight: 1 }],
      ] as const) {
        const refused = await post(api, c('retirado', path), token, body);
        expect([path, refused.status, refused.body.code]).toEqual([
          path,
          409,
          'COMMITMENT_WITHDRAWN',
        ]);
      }
    });

    it('answers 404 COMMITMENT_NOT_FOUND for an unknown commitment', async () => {
      const res = await post(api, c('no-existe', '/withdrawal'), t.presidency, { reason: 'x' });
      expect([res.status, res.body.code]).toEqual([404, 'COMMITMENT_NOT_FOUND']);
    });
  });
});
