/**
 * The plan page at `/` (issue 14 §1), as a citizen gets it: server-rendered, in Spanish unless
 * asked otherwise, with names instead of ids, Spanish numbers and dates, every commitment with
 * its counterpart, the semáforo legend and the latest changes dated when they happened.
 */
import { http, startApi, stopApi, type ApiHarness } from './support/api-harness';

const PLAN = 'ec-paea-2026-2027';

/** The page's visible text, roughly: tags dropped, entities of the kind Preact writes decoded. */
const textOf = (html: string) =>
  html
    .replace(/<script[\s\S]*?<\/script>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ');

describe('the plan page', () => {
  let api: ApiHarness;
  let es: string;

  beforeAll(async () => {
    api = await startApi({ demo: true, env: { HITOS_CLOCK_START: '2026-11-24T15:00:00.000Z' } });
    es = (await http(api, 'GET', '/')).body;
  });
  afterAll(() => stopApi(api));

  it('tells the plan in Spanish: title, period, overall progress, counterpart by name', () => {
    const text = textOf(es);
    expect(es).toMatch(/^<!doctype html><html lang="es">/);
    expect(text).toContain('Tercer Plan de Acción de Estado Abierto Ecuador 2026–2027');
    expect(text).toContain('1 de enero de 2026 – 31 de diciembre de 2027');
    expect(text).toMatch(/Avance general \d+(,\d)? %/);
    expect(text).toContain('Contraparte: Fundación Alianza Estratégica');
    expect(text).toContain('Ministerio del Trabajo');
    expect(es).toContain(`href="/compromisos/calidad-servicios-publicos"`);
    expect(es).toContain(`data-live="/api/live/action-plans/${PLAN}"`);
    expect(es).toContain(`/api/open-data/action-plans/${PLAN}/feed.atom`);
  });

  it('explains each colour of the semáforo in plain Spanish, and counts the commitments by it', () => {
    const text = textOf(es);
    for (const colour of ['Rojo', 'Amarillo', 'Verde', 'Gris'])
      expect(text).toMatch(new RegExp(`${colour} \\d+ compromisos?`));
    expect(text).toContain('Un hito venció sin cumplirse');
    const counts = [...text.matchAll(/(?:Rojo|Amarillo|Verde|Gris) (\d+) compromiso/g)].map((m) =>
      Number(m[1]),
    );
    expect(counts.reduce((a, b) => a + b, 0)).toBe(12);
  });

  it('counts in its header the overdue milestones it lists, found by the engine or not yet', () => {
    const section = es.slice(es.indexOf('id="overdue"'), es.indexOf('id="upcoming"'));
    const listed = (section.match(/<li>/g) ?? []).length;
    expect(listed).toBeGreaterThan(0);
    const header = textOf(es.slice(es.indexOf('id="plan-title"'), es.indexOf('id="by-status"')));
    expect(header).toContain(`${listed} hitos vencidos`);
  });

  it('dates the latest changes on the day they happened, and says when hitos recorded them', () => {
    const recent = textOf(es.slice(es.indexOf('id="recent"')));
    expect(recent).toMatch(/\d+ de \w+ de 2026 \(registrado en hitos el 24 de noviembre de 2026\)/);
    expect(recent).not.toMatch(/\bmdt\b|\bfae\b/);
    // Milestones by their number, reports by their day, days in words: no internal id, no ISO day.
    expect(recent).toMatch(/del hito \d\b/);
    expect(recent).not.toMatch(/\bh\d\b|informe-\d|\d{4}-\d{2}-\d{2}/);
  });

  it('speaks English when asked, keeps it in a cookie, and follows Accept-Language', async () => {
    const asked = await http(api, 'GET', '/?lang=en');
    expect(asked.body).toMatch(/<html lang="en">/);
    expect(textOf(asked.body)).toMatch(/Overall progress \d+(\.\d)?%/);
    expect(textOf(asked.body)).toContain('1 January 2026 – 31 December 2027');
    const cookie = asked.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^hitos_lang=en;/);
    const next = await http(api, 'GET', `/planes/${PLAN}`, {
      headers: { cookie: cookie.split(';')[0] },
    });
    expect(next.body).toMatch(/<html lang="en">/);
    const browser = await http(api, 'GET', '/', {
      headers: { 'accept-language': 'en-US,en;q=0.9,es;q=0.5' },
    });
    expect(browser.body).toMatch(/<html lang="en">/);
    expect(browser.headers.get('vary')).toMatch(/Accept-Language/);
  });

  it('answers 404 with a page for a plan it does not know, and escapes what it is given', async () => {
    const unknown = await http(api, 'GET', '/planes/%3Cscript%3Ealert(1)%3C%2Fscript%3E');
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toMatch(/text\/html/);
    expect(unknown.body).toContain('Página no encontrada');
    expect(unknown.body).not.toContain('<script>alert(1)');
  });

  it('serves its stylesheet and its live script from its own origin', async () => {
    const css = await http(api, 'GET', '/portal.css');
    expect(css.headers.get('content-type')).toMatch(/text\/css/);
    expect(css.body).toContain('.reserved');
    expect(es).toContain('<script src="/portal.js" defer>');
    expect(es).not.toMatch(/https?:\/\/(?!localhost)[^"']+\.(js|css)/);
  });
});
