/**
 * Issue 16 §1: review is a conversation in rounds. Over HTTP, on the demo plan: the institution
 * reports, the counterpart objects, the institution answers, the counterpart objects again (with
 * reserved reasons), the institution answers again, and the counterpart endorses the same
 * report. The commitment's detail and the portal's page show both rounds in order, and the
 * reserved reasons stay withheld from the public in their round.
 */
import { http, startApi, stopApi, type ApiHarness } from './support/api-harness';
import { visibleText } from './support/visible-text';

const ACTA = 'calidad-servicios-publicos';
const REPORT = 'h3-rondas';
const base = `/api/commitments/${ACTA}`;
const FIRST_REASONS = 'Falta el listado de servicios evaluados.';
const FIRST_ANSWER = 'Se adjunta el listado de 24 servicios.';
const SECOND_REASONS = 'El listado omite los servicios de las zonas rurales (reservado).';
const SECOND_ANSWER = 'Se añadieron los 9 servicios rurales al listado.';

describe('review in rounds over HTTP: object → answer → object again → answer → endorse', () => {
  let api: ApiHarness;
  let institution: string;
  let counterpart: string;
  let last = '0';

  const post = async (path: string, token: string, body: unknown, status = 201) => {
    const res = await http(api, 'POST', `${base}${path}`, { token, body });
    expect(res.status).toBe(status);
    if (res.status === 201) last = res.body.position;
    return res;
  };
  const review = (body: unknown, status?: number) =>
    post(`/progress-reports/${REPORT}/reviews`, counterpart, body, status);
  const answer = (body: unknown, status?: number) =>
    post(`/progress-reports/${REPORT}/answers`, institution, body, status);
  const detail = async (token?: string) => {
    const res = await http(api, 'GET', `${base}?waitFor=${last}`, { token });
    expect(res.status).toBe(200);
    return res.body.milestones
      .flatMap((m: any) => m.reports)
      .find((r: any) => r.reportId === REPORT);
  };

  beforeAll(async () => {
    api = await startApi({ demo: true });
    institution = api.token('institution', 'mdt');
    counterpart = api.token('counterpart', 'fundacion-alianza-estrategica');
    await post('/milestones/h3/progress-reports', institution, {
      reportId: REPORT,
      percent: 20,
      narrative: 'Mecanismo de participación en diseño.',
      evidence: [
        {
          title: 'Propuesta del mecanismo',
          url: 'https://www.trabajo.gob.ec/mecanismo.pdf',
          sha256: 'e'.repeat(64),
          classification: 'public',
        },
      ],
    });
  });
  afterAll(() => stopApi(api));

  it('walks the rounds, each refusal with its code, each event naming its round', async () => {
    const early = await answer({ answer: 'Aún nada.' }, 409);
    expect(early.body.code).toBe('REPORT_NOT_OBJECTED');

    const first = await review({ verdict: 'objected', reasons: FIRST_REASONS });
    expect(first.body.events).toEqual([
      expect.objectContaining({ type: 'ProgressReportReviewed' }),
    ]);
    expect((await review({ verdict: 'endorsed' }, 409)).body.code).toBe(
      'OBJECTION_AWAITING_ANSWER',
    );
    expect((await detail(counterpart)).reviewStatus).toBe('objected');

    await answer({ answer: FIRST_ANSWER });
    expect((await answer({ answer: 'Otra vez.' }, 409)).body.code).toBe(
      'OBJECTION_ALREADY_ANSWERED',
    );
    expect((await detail(counterpart)).reviewStatus).toBe('answered');
    // Answered: the report is back in the counterpart's review queue, for round 2.
    const queue = await http(
      api,
      'GET',
      `/api/organizations/fundacion-alianza-estrategica/review-queue?waitFor=${last}`,
      { token: counterpart },
    );
    expect(queue.status).toBe(200);
    expect(queue.body.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ reportId: REPORT, reviewStatus: 'answered', round: 2 }),
      ]),
    );

    await review({ verdict: 'objected', reasons: SECOND_REASONS, classification: 'reserved' });
    expect((await review({ verdict: 'objected', reasons: 'Y más.' }, 409)).body.code).toBe(
      'OBJECTION_AWAITING_ANSWER',
    );
    await answer({ answer: SECOND_ANSWER, classification: 'public' });
    await review({ verdict: 'endorsed' });
    expect((await review({ verdict: 'endorsed' }, 409)).body.code).toBe(
      'PROGRESS_REPORT_ALREADY_REVIEWED',
    );
    expect((await answer({ answer: 'Tarde.' }, 409)).body.code).toBe('REPORT_NOT_OBJECTED');

    // The audit trail names the rounds, in Spanish and English.
    const trail = await http(api, 'GET', `${base}/audit-trail?waitFor=${last}&limit=500`, {
      token: counterpart,
    });
    expect(trail.status).toBe(200);
    const lines = trail.body.items
      .map((e: any) => e.summary)
      .filter((s: any) => JSON.stringify(s).includes(REPORT));
    const text = JSON.stringify(lines);
    expect(text).toContain(
      `Segunda objeción: la contraparte volvió a observar el reporte ${REPORT} del hito h3 (ronda 2).`,
    );
    expect(text).toContain(`Round 2 objection: the counterpart objected again to report ${REPORT}`);
    expect(text).toContain(`La institución respondió la segunda objeción al reporte ${REPORT}`);
    expect(text).toContain(`endorsed report ${REPORT} on milestone h3 in round 3`);
  });

  it('shows the whole exchange in the detail, round by round, to a party', async () => {
    const report = await detail(counterpart);
    expect(report).toMatchObject({
      reviewStatus: 'endorsed',
      openObjection: false,
      rounds: [
        {
          round: 1,
          objection: { reasons: FIRST_REASONS, classification: 'public', withheld: false },
          answer: { answer: FIRST_ANSWER, withheld: false },
        },
        {
          round: 2,
          objection: { reasons: SECOND_REASONS, classification: 'reserved', withheld: false },
          answer: { answer: SECOND_ANSWER, classification: 'public', withheld: false },
        },
      ],
      endorsement: { reasons: null, round: 3, withheld: false },
      review: { verdict: 'endorsed', round: 3 },
      answer: { answer: SECOND_ANSWER },
    });
  });

  it('withholds the reserved reasons of round 2 from the public, in their place', async () => {
    const report = await detail();
    expect(
      report.rounds.map((r: any) => [r.round, r.objection.reasons, r.objection.withheld]),
    ).toEqual([
      [1, FIRST_REASONS, false],
      [2, null, true],
    ]);
    expect(JSON.stringify(report)).not.toContain(SECOND_REASONS);
  });

  it('shows both rounds in order on the portal’s commitment page, reserved text withheld', async () => {
    const res = await http(api, 'GET', `/compromisos/${ACTA}`);
    expect(res.status).toBe(200);
    const text = visibleText(res.body);
    expect(text).not.toContain(SECOND_REASONS);
    const start = text.indexOf('Mecanismo de participación en diseño.');
    expect(start).toBeGreaterThan(0);
    const steps = [
      'Ronda 1',
      `Razones: ${FIRST_REASONS}`,
      FIRST_ANSWER,
      'Ronda 2',
      'Razones: contenido reservado',
      SECOND_ANSWER,
      'Ronda 3',
      'Fundación Alianza Estratégica lo avaló el',
    ];
    const at = steps.map((step) => text.indexOf(step, start));
    expect(steps.filter((_, i) => at[i] < 0)).toEqual([]);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    const english = visibleText((await http(api, 'GET', `/compromisos/${ACTA}?lang=en`)).body);
    expect(english).toContain('Round 2');
  });
});
