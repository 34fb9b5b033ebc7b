import { withheldMarkers } from './support/withheld-markers';
import { http, startApi, stopApi, type ApiHarness } from './support/api-harness';
import {
  FAE_ID,
  MDT_ID,
  evidenceItem,
  expectStatus,
  post,
  registerParties,
  signedCommitment,
  tokens,
  type Tokens,
} from './support/acta-requests';

/**
 * docs/reserve.md, over HTTP: the same commitment read by the public and by a party. Classified
 * texts, evidence and reports stay in their place for the public (null, classified, withheld),
 * the counts agree with the stubs, the trail keeps every row, and no person's user id shows.
 */
const ID = 'reserva-en-su-lugar';
const NARRATIVE = 'CANARIO narrativa reservada del reporte h1-1';
const REASONS = 'CANARIO motivos heredados de la observación';
const ANSWER = 'Respuesta pública de la institución a la observación.';
const PUBLIC_NARRATIVE = 'Avance público del hito h1 con evidencia reservada.';
const RESERVED_URL = 'https://gobiernoabierto.ec/evidencias/mdt/CANARIO-reservado.pdf';
const PUBLIC_URL = 'https://gobiernoabierto.ec/evidencias/mdt/publico.pdf';
const REPORT_TITLE = 'CANARIO informe confidencial a la Presidencia';
const SUBS = { mdt: 'sub-mdt-persona-1', fae: 'sub-fae-persona-2' };
const SECRETS = [NARRATIVE, REASONS, RESERVED_URL, REPORT_TITLE, SUBS.mdt, SUBS.fae];

describe('reserve in place: a public reader and a party read the same commitment', () => {
  let api: ApiHarness;
  let t: Tokens;
  const step = async (rest: string, token: string, body?: unknown) =>
    expectStatus(await post(api, `/api/commitments/${ID}${rest}`, token, body), 201);

  beforeAll(async () => {
    api = await startApi();
    t = {
      ...tokens(api),
      mdt: api.token('institution', MDT_ID, SUBS.mdt),
      fae: api.token('counterpart', FAE_ID, SUBS.fae),
    };
    await registerParties(api, t);
    await signedCommitment(api, t, ID);
    // A reserved narrative with public evidence; the objection inherits its classification; the
    // answer is marked public.
    await step('/milestones/h1/progress-reports', t.mdt, {
      reportId: 'h1-1',
      percent: 40,
      narrative: NARRATIVE,
      evidence: [evidenceItem(PUBLIC_URL)],
      classification: 'reserved',
    });
    await step('/progress-reports/h1-1/reviews', t.fae, { verdict: 'objected', reasons: REASONS });
    await step('/progress-reports/h1-1/answers', t.mdt, {
      answer: ANSWER,
      classification: 'public',
    });
    // A public narrative beside a reserved evidence item.
    await step('/milestones/h1/progress-reports', t.mdt, {
      reportId: 'h1-2',
      percent: 60,
      narrative: PUBLIC_NARRATIVE,
      evidence: [evidenceItem(PUBLIC_URL), evidenceItem(RESERVED_URL, 'reserved')],
      classification: 'public',
    });
    await step('/reports', t.mdt, {
      reportId: 'informe-confidencial',
      audience: 'presidency',
      title: REPORT_TITLE,
      summary: 'CANARIO resumen confidencial',
      classification: 'confidential',
    });
  });

  afterAll(() => stopApi(api));

  const detail = async (token?: string) =>
    expectStatus(await http(api, 'GET', `/api/commitments/${ID}`, { token }), 200).body;
  const trail = async (token?: string) =>
    expectStatus(
      await http(api, 'GET', `/api/commitments/${ID}/audit-trail?limit=500`, { token }),
      200,
    ).body;

  it('shows the public every part in its place, withheld parts null and counted', async () => {
    const view = await detail();
    const [r1, r2] = view.milestones[0].reports;
    expect(r1).toMatchObject({
      reportId: 'h1-1',
      percent: 40,
      narrative: null,
      classification: 'reserved',
      withheld: true,
      review: { verdict: 'objected', reasons: null, classification: 'reserved', withheld: true },
      answer: { answer: ANSWER, classification: 'public', withheld: false },
      openObjection: false,
    });
    expect(r2).toMatchObject({ narrative: PUBLIC_NARRATIVE, withheld: false });
    expect(r2.evidence).toEqual([
      expect.objectContaining({ url: PUBLIC_URL, withheld: false }),
      { title: null, url: null, sha256: null, classification: 'reserved', withheld: true },
    ]);
    expect(view.submittedReports).toEqual([
      expect.objectContaining({
        reportId: 'informe-confidencial',
        audience: 'presidency',
        submittedBy: 'institution',
        title: null,
        summary: null,
        link: null,
        classification: 'confidential',
        withheld: true,
      }),
    ]);
    expect([view.withheldEvidence, view.withheldReports, view.withheldTexts]).toEqual([1, 1, 2]);
    // Each withheld part counted once (`review` and `answer` repeat the latest round).
    const stubs = withheldMarkers(view);
    expect(stubs).toBe(view.withheldEvidence + view.withheldReports + view.withheldTexts);
    for (const secret of SECRETS) expect(JSON.stringify(view)).not.toContain(secret);
  });

  it('shows a party the same commitment whole, nothing withheld', async () => {
    for (const token of [t.mdt, t.fae, t.presidency, t.auditor]) {
      const view = await detail(token);
      expect(view.milestones[0].reports[0]).toMatchObject({
        narrative: NARRATIVE,
        withheld: false,
        review: { reasons: REASONS, withheld: false },
      });
      expect([view.withheldEvidence, view.withheldReports, view.withheldTexts]).toEqual([0, 0, 0]);
      expect(JSON.stringify(view)).toContain(RESERVED_URL);
      expect(view.submittedReports[0].title).toBe(REPORT_TITLE);
    }
    // Another institution and the Core Group read as the public does.
    for (const token of [t.sercop, t.coreGroup]) {
      expect((await detail(token)).withheldTexts).toBe(2);
    }
  });

  it('keeps every trail row for the public, withheld ones marked, with roles but no user ids', async () => {
    const party = await trail(t.mdt);
    const outsider = await trail();
    expect(outsider.total).toBe(party.total);
    expect(outsider.items.map((e: any) => e.eventId)).toEqual(
      party.items.map((e: any) => e.eventId),
    );
    const withheld = outsider.items.filter((e: any) => e.withheld);
    expect(withheld.map((e: any) => [e.type, e.classification])).toEqual([
      ['MilestoneProgressReported', 'reserved'],
      ['ProgressReportReviewed', 'reserved'],
      ['MilestoneProgressReported', 'reserved'],
      ['ReportSubmitted', 'confidential'],
    ]);
    for (const row of withheld) {
      expect(row.summary.es).toContain('Contenido reservado');
      expect(row.reason).toBeNull();
    }
    expect(outsider.items.every((e: any) => e.actor.id === null)).toBe(true);
    expect(outsider.items.some((e: any) => e.actor.role === 'counterpart')).toBe(true);
    expect(party.items.some((e: any) => e.actor.id === SUBS.fae)).toBe(true);
    expect(party.items.filter((e: any) => e.withheld)).toEqual([]);
    for (const secret of SECRETS) expect(JSON.stringify(outsider)).not.toContain(secret);
    const csv = await http(api, 'GET', `/api/commitments/${ID}/audit-trail?format=csv`);
    for (const secret of SECRETS) expect(String(csv.body)).not.toContain(secret);
  });

  it('refuses a classification that is not one, naming the field, and errors echo no stored text', async () => {
    const bad = await post(api, `/api/commitments/${ID}/progress-reports/h1-2/reviews`, t.fae, {
      verdict: 'endorsed',
      classification: 'secreto',
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('classification');
    // h1-1's objection is answered: a second answer is refused (409). (Endorsing it again is
    // no longer refused: the counterpart reviews an answered report in a new round.)
    const again = await post(api, `/api/commitments/${ID}/progress-reports/h1-1/answers`, t.mdt, {
      answer: 'Otra respuesta',
    });
    expect([again.status, again.body.code]).toEqual([409, 'OBJECTION_ALREADY_ANSWERED']);
    for (const secret of SECRETS) expect(JSON.stringify(again.body)).not.toContain(secret);
  });
});
