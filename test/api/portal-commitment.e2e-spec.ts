import { http, startApi, stopApi, type ApiHarness } from './support/api-harness';
import { visibleText } from './support/visible-text';

const ACTA = 'calidad-servicios-publicos';
const PAGE = `/compromisos/${ACTA}`;

describe('the portal’s commitment page (the demo plan, on the test day 2026-11-24)', () => {
  let api: ApiHarness;

  beforeAll(async () => {
    api = await startApi({ demo: true });
    // A report with reserved evidence: the public page counts it and never shows it.
    const res = await http(api, 'POST', `/api/commitments/${ACTA}/milestones/h3/progress-reports`, {
      token: api.token('institution', 'mdt'),
      body: {
        reportId: 'h3-reservado',
        percent: 10,
        narrative: 'Mecanismo en diseño.',
        evidence: [
          {
            title: 'Borrador reservado del mecanismo',
            url: 'https://interno.trabajo.gob.ec/mecanismo-reservado.pdf',
            sha256: 'd'.repeat(64),
            classification: 'reserved',
          },
        ],
      },
    });
    expect(res.status).toBe(201);
    const position = res.body.position;
    // The page reads the detail and the trail: wait until both reflect the write.
    expect((await http(api, 'GET', `/api/commitments/${ACTA}?waitFor=${position}`)).status).toBe(
      200,
    );
    expect(
      (await http(api, 'GET', `/api/commitments/${ACTA}/audit-trail?waitFor=${position}&limit=1`))
        .status,
    ).toBe(200);
  });
  afterAll(() => stopApi(api));

  it('answers in Spanish by default, with names, Spanish dates and the acta card', async () => {
    const res = await http(api, 'GET', PAGE);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html: string = res.body;
    expect(html).toContain('<html lang="es"');
    expect(html).toContain(`data-live="/api/live/commitments/${ACTA}"`);
    const text = visibleText(html);
    expect(text).toContain('Implementación de la Política de Calidad de los Servicios Públicos');
    expect(text).toContain('Número del acta MDT-CDC-2026-001');
    expect(text).toContain('Fecha de firma 28 de enero de 2026');
    expect(text).toContain('Lugar Distrito Metropolitano de Quito');
    expect(text).toContain('Institución responsable Ministerio del Trabajo');
    expect(text).toContain('Contraparte Fundación Alianza Estratégica');
    expect(text).toContain('Administrador del acta');
    // The demo's second milestone slipped once and had an objection answered.
    expect(text).toContain('La fecha se movió 1 vez');
    expect(text).toMatch(/Fundación Alianza Estratégica lo objetó el \d+ de \p{L}+ de 2026/u);
    expect(text).toMatch(/Ministerio del Trabajo respondió el \d+ de \p{L}+ de 2026/u);
    expect(text).toMatch(/\d+(,\d)? %/);
  });

  it('names institutions, organizations and milestones, never their ids, and no ISO date', async () => {
    for (const lang of ['es', 'en']) {
      const text = visibleText((await http(api, 'GET', `${PAGE}?lang=${lang}`)).body);
      expect(text).not.toMatch(/\bmdt\b/);
      expect(text).not.toContain('fundacion-alianza-estrategica');
      expect(text).not.toContain('gn-sociedad-civil');
      expect(text).not.toMatch(/\bh[1-4]\b/);
      expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    }
  });

  it('withholds reserved evidence from the public, counting it and saying where it was', async () => {
    const html: string = (await http(api, 'GET', PAGE)).body;
    expect(html).not.toContain('interno.trabajo.gob.ec');
    expect(html).not.toContain('Borrador reservado del mecanismo');
    expect(html).not.toContain('h3-reservado');
    expect(visibleText(html)).toContain('1 evidencia reservada');
    expect(visibleText(html)).toContain('contenido reservado');
  });

  it('answers in English on ?lang=en (setting the switch’s cookie) and for a browser that prefers English', async () => {
    const asked = await http(api, 'GET', `${PAGE}?lang=en`);
    expect(asked.status).toBe(200);
    expect(asked.body).toContain('<html lang="en"');
    expect(asked.headers.get('set-cookie')).toMatch(/hitos_lang=en/);
    const text = visibleText(asked.body);
    expect(text).toContain('Acta number MDT-CDC-2026-001');
    expect(text).toContain('Signed on 28 January 2026');
    expect(text).toContain('Responsible institution Ministerio del Trabajo');
    expect(text).toContain('The date moved once');
    const preferred = await http(api, 'GET', PAGE, {
      headers: { 'accept-language': 'en-GB,en;q=0.9,es;q=0.5' },
    });
    expect(preferred.body).toContain('<html lang="en"');
  });

  it('links the proof: the audit package, the trail, the checkpoint, and the Atom feed', async () => {
    const html: string = (await http(api, 'GET', PAGE)).body;
    for (const href of [
      `/api/commitments/${ACTA}/audit-package`,
      `/api/commitments/${ACTA}/audit-trail?format=csv`,
      '/api/transparency/checkpoint',
      `/api/open-data/commitments/${ACTA}/feed.atom`,
    ])
      expect(html).toContain(`href="${href}"`);
    expect((await http(api, 'GET', `/api/open-data/commitments/${ACTA}/feed.atom`)).status).toBe(
      200,
    );
  });

  it('answers 404 with the not-found page for an unknown commitment, in the reader’s language', async () => {
    const es = await http(api, 'GET', '/compromisos/no-existe');
    expect(es.status).toBe(404);
    expect(es.headers.get('content-type')).toMatch(/^text\/html/);
    expect(es.body).toContain('Página no encontrada');
    const en = await http(api, 'GET', '/compromisos/no-existe?lang=en');
    expect(en.status).toBe(404);
    expect(en.body).toContain('<html lang="en"');
  });
});
