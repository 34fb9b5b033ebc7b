/**
 * Issue 16 §4: citizens' questions, with a duty to answer. Over HTTP, on the demo plan: anyone
 * asks (no token, name and e-mail optional), the address is limited (429), the responsible
 * institution answers once, the counterpart adds its view, the Presidency hides spam with a
 * reason; an unanswered question is found overdue by the workflow engine once hitos's clock
 * passes its due date. The e-mail is never in any public answer.
 */
import { Clock } from '@hitos/event-store';
import { eventually } from '@hitos/workflows/testing/workflow-fixture';
import { QuestionContacts } from '../../apps/api/src/commitments/ask-question/question-contacts';
import { http, startApi, stopApi, type ApiHarness } from './support/api-harness';
import { visibleText } from './support/visible-text';

const ACTA = 'calidad-servicios-publicos';
const base = `/api/commitments/${ACTA}`;
const EMAIL = 'vecina.curiosa@example.org';
const QUESTION = '¿Cuándo se publicarán los resultados de la encuesta de satisfacción?';
const SPAM = 'Compre seguidores baratos en www.spam.example, oferta limitada.';
const ANSWER = 'Los resultados se publicarán en diciembre en el portal del ministerio.';
const VIEW = 'La fecha coincide con lo acordado en la mesa técnica.';

describe('citizens’ questions over HTTP: ask → answer → view → hide → overdue', () => {
  let api: ApiHarness;
  let institution: string;
  let counterpart: string;
  let presidency: string;
  let last = '0';
  const ids: Record<string, string> = {};

  const ask = (body: unknown) => http(api, 'POST', `${base}/questions`, { body });
  const questions = async (token?: string) => {
    const res = await http(api, 'GET', `${base}?waitFor=${last}`, { token });
    expect(res.status).toBe(200);
    return res.body.questions as any[];
  };
  const question = async (id: string, token?: string) =>
    (await questions(token)).find((q) => q.questionId === id);
  const post = async (path: string, token: string, body: unknown, status = 201) => {
    const res = await http(api, 'POST', `${base}${path}`, { token, body });
    expect(res.status).toBe(status);
    if (res.status === 201) last = res.body.position;
    return res;
  };

  beforeAll(async () => {
    api = await startApi({
      demo: true,
      env: { HITOS_WORKFLOWS: 'true', HITOS_WORKFLOW_TICK_MS: '100' },
    });
    institution = api.token('institution', 'mdt');
    counterpart = api.token('counterpart', 'fundacion-alianza-estrategica');
    presidency = api.token('presidency');
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    await stopApi(api);
  });

  it('lets anyone ask without a token; the e-mail is kept apart, never in the event', async () => {
    const res = await ask({ text: QUESTION, email: EMAIL });
    expect(res.status).toBe(201);
    expect(res.body.events).toEqual([expect.objectContaining({ type: 'QuestionAsked' })]);
    ids.anonymous = res.body.questionId;
    last = res.body.position;
    const q = await question(ids.anonymous);
    expect(q).toMatchObject({
      text: QUESTION,
      askerName: null,
      askedOn: '2026-11-24',
      // HITOS_QUESTION_ANSWER_DAYS: 15 by default.
      answerDueOn: '2026-12-09',
      answer: null,
      answeredOnTime: null,
      hidden: null,
    });

    // The address is kept only in the private contacts file, for the answer's notice.
    expect(api.app.get(QuestionContacts).emailOf(ids.anonymous)).toBe(EMAIL);
    expect(JSON.stringify(res.body)).not.toContain(EMAIL);

    const named = await ask({ text: '¿Quién evalúa la calidad de los servicios?', name: 'Ana' });
    expect(named.status).toBe(201);
    ids.named = named.body.questionId;
    last = named.body.position;
    expect(await question(ids.named)).toMatchObject({ askerName: 'Ana' });
  });

  it('refuses bad input with the field named, in both languages', async () => {
    const short = await ask({ text: 'Corta' });
    expect(short.status).toBe(400);
    expect(JSON.stringify(short.body.errors)).toContain('text');
    expect(short.body.messages).toEqual({ es: expect.any(String), en: expect.any(String) });
  });

  it('lets the responsible institution answer once; a second answer is a 409', async () => {
    await post(`/questions/${ids.anonymous}/answer`, institution, { answer: ANSWER });
    const twice = await post(
      `/questions/${ids.anonymous}/answer`,
      institution,
      { answer: 'Otra.' },
      409,
    );
    expect(twice.body.code).toBe('QUESTION_ALREADY_ANSWERED');
    expect(twice.body.messages.en).toContain('already answered');
    const other = await post(
      `/questions/${ids.named}/answer`,
      api.token('institution', 'sercop'),
      { answer: 'No es nuestra.' },
      403,
    );
    expect(other.body.code).toBe('FORBIDDEN_NOT_RESPONSIBLE_INSTITUTION');
    expect(
      (await http(api, 'POST', `${base}/questions/${ids.named}/answer`, { body: { answer: 'x' } }))
        .status,
    ).toBe(401);
    expect(await question(ids.anonymous)).toMatchObject({
      answer: ANSWER,
      answeredOn: '2026-11-24',
      daysToAnswer: 0,
      answeredOnTime: true,
    });
  });

  it('lets the counterpart add its view, once', async () => {
    await post(`/questions/${ids.anonymous}/counterpart-view`, counterpart, { view: VIEW });
    const twice = await post(
      `/questions/${ids.anonymous}/counterpart-view`,
      counterpart,
      { view: 'Otra.' },
      409,
    );
    expect(twice.body.code).toBe('QUESTION_COUNTERPART_VIEW_ALREADY_ADDED');
    expect((await question(ids.anonymous)).counterpartView).toEqual({
      view: VIEW,
      addedOn: '2026-11-24',
    });
  });

  it('lets the Presidency hide spam with a reason: the reason stays, the text goes', async () => {
    const spam = await ask({ text: SPAM });
    expect(spam.status).toBe(201);
    ids.spam = spam.body.questionId;
    expect(
      (await post(`/questions/${ids.spam}/hiding`, institution, { reason: 'x' }, 403)).body.code,
    ).toBe('ROLE_NOT_ALLOWED');
    expect((await post(`/questions/${ids.spam}/hiding`, presidency, {}, 400)).status).toBe(400);
    await post(`/questions/${ids.spam}/hiding`, presidency, { reason: 'Publicidad.' });
    const hidden = await question(ids.spam);
    expect(hidden).toMatchObject({
      text: null,
      hidden: { reason: 'Publicidad.', hiddenOn: '2026-11-24' },
    });
    expect(
      (await post(`/questions/${ids.spam}/answer`, institution, { answer: 'No.' }, 409)).body.code,
    ).toBe('QUESTION_HIDDEN');

    const page = visibleText((await http(api, 'GET', `/compromisos/${ACTA}`)).body);
    expect(page).toContain('Pregunta retirada por la Presidencia: Publicidad.');
    expect(page).not.toContain('seguidores baratos');
    expect(page).toContain(QUESTION);
    expect(page).toContain(ANSWER);
  });

  it('asks from the portal’s form without script, then limits the address (429)', async () => {
    // Every request that asks counts, refused or not, on the API or the form: two questions,
    // the short one and the spam so far; the form's is the fifth, the limit of an hour.
    const form = await fetch(`${api.baseUrl}/compromisos/${ACTA}/preguntas`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ text: '¿Habrá talleres en las provincias?', name: '' }),
      redirect: 'manual',
    });
    expect(form.status).toBe(303);
    expect(form.headers.get('location')).toBe(`/compromisos/${ACTA}?pregunta=enviada#preguntar`);
    const confirmed = visibleText(
      (await http(api, 'GET', `/compromisos/${ACTA}?pregunta=enviada`)).body,
    );
    expect(confirmed).toContain('Su pregunta fue registrada');

    const limited = await ask({ text: 'Una pregunta más, la que sobra.' });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(limited.body).toMatchObject({ code: 'TOO_MANY_QUESTIONS', status: 429 });
    expect(limited.body.messages.es).toContain('demasiadas preguntas');
    expect(limited.body.messages.en).toContain('Too many questions');

    const formLimited = await fetch(`${api.baseUrl}/compromisos/${ACTA}/preguntas`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ text: 'Otra pregunta desde el formulario.' }),
      redirect: 'manual',
    });
    expect(formLimited.status).toBe(303);
    expect(formLimited.headers.get('location')).toContain('pregunta=TOO_MANY_QUESTIONS');
  });

  it('finds an unanswered question overdue the day after its due date, by the engine', async () => {
    // hitos's clock moves to 2026-12-10 (the due date was the 9th); the engine's next pass
    // records the deadline.
    const origin = Date.parse('2026-12-10T17:00:00.000Z') - performance.now();
    jest
      .spyOn(api.app.get(Clock), 'now')
      .mockImplementation(() => new Date(origin + performance.now()));
    const overdue = await eventually(
      () => question(ids.named),
      (q) => q?.overdueSince === '2026-12-10',
      'the question found overdue',
    );
    expect(overdue).toMatchObject({ answerDueOn: '2026-12-09', answeredOnTime: false });
    // Hidden or answered questions owe nothing: no overdue for them.
    expect((await question(ids.spam)).overdueSince).toBeNull();
    expect((await question(ids.anonymous)).overdueSince).toBeNull();

    // A late answer is still taken, and shows as late.
    await post(`/questions/${ids.named}/answer`, institution, { answer: 'La Dirección.' });
    expect(await question(ids.named)).toMatchObject({
      answeredOn: '2026-12-10',
      daysToAnswer: 16,
      answeredOnTime: false,
    });
    const trail = await http(api, 'GET', `${base}/audit-trail?waitFor=${last}&limit=500`);
    expect(JSON.stringify(trail.body)).toContain('QuestionAnswerOverdue');
  });

  it('never shows the e-mail: not in the detail, the trail, the feed, the open data', async () => {
    const answers = [
      await http(api, 'GET', `${base}?waitFor=${last}`),
      await http(api, 'GET', `${base}?waitFor=${last}`, { token: presidency }),
      await http(api, 'GET', `${base}/audit-trail?waitFor=${last}&limit=500`),
      await http(api, 'GET', `${base}/audit-trail?format=csv&limit=500`),
      await http(api, 'GET', `/api/open-data/commitments/${ACTA}/feed.atom`),
      await http(api, 'GET', `/compromisos/${ACTA}`),
    ];
    const datapackage = await http(api, 'GET', '/api/open-data/datapackage.json');
    expect(datapackage.status).toBe(200);
    for (const resource of datapackage.body.resources as { path: string }[])
      answers.push(await http(api, 'GET', `/api/open-data/${resource.path}`));
    for (const res of answers) {
      expect(res.status).toBe(200);
      const text = typeof res.body === 'string' ? res.body : JSON.stringify(res.body);
      expect(text).not.toContain(EMAIL);
    }
  });
});
