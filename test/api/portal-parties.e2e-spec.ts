/**
 * The portal's institution and organization pages over HTTP, on the demo plan, through a
 * redesign: the Ministerio del Trabajo is merged into the SERCOP, one of its commitments is
 * handed over and the other waits for a decision. The ended ministry's page says so and links
 * its successor by name; each side tells the transfer; the counterpart's page counts its reviews.
 */
import { ProjectionRunner } from '@hitos/projections';
import { eventually } from '@hitos/workflows/testing/workflow-fixture';
import { processLastWrite } from '../../apps/api/src/read-models/last-write';
import { http, startApi, stopApi, type ApiHarness } from './support/api-harness';
import { expectStatus, post, tokens, type Tokens } from './support/acta-requests';
import {
  concurrenceBody,
  coreGroupMemberToken,
  handoverBody,
  transferBody,
  transferPaths,
} from './support/transfer-requests';

const HANDED_OVER = 'calidad-servicios-publicos';
const PENDING = 'empleo-publico-abierto';

/** A portal page's visible text (the body, tags dropped), and its HTML. */
async function page(api: ApiHarness, path: string, status = 200) {
  const res = await http<string>(api, 'GET', path);
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^text\/html/);
  const html = res.body;
  const text = html
    .replace(/<head>[\s\S]*<\/head>/, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ');
  return { html, text };
}

describe('the institution and organization pages of the portal', () => {
  let api: ApiHarness;
  let t: Tokens;
  beforeAll(async () => {
    api = await startApi({
      demo: true,
      env: { HITOS_WORKFLOWS: 'true', HITOS_WORKFLOW_TICK_MS: '200' },
    });
    t = tokens(api);
    // The read models reflect the demo before a page is read, however busy the machine.
    const last = processLastWrite.position;
    if (last !== undefined) await api.app.get(ProjectionRunner).waitForPosition(last, 60_000);
  }, 120_000);
  afterAll(() => stopApi(api));

  const status = async (id: string) =>
    (
      expectStatus(await http(api, 'GET', `/api/commitments/${id}`, { token: t.presidency }), 200)
        .body as any
    ).status as string;

  it('shows an institution with its commitments, and a counterpart with its reviews', async () => {
    const mdt = await page(api, '/instituciones/mdt');
    expect(mdt.html).toContain('<html lang="es">');
    expect(mdt.text).toContain('Ministerio del Trabajo (MDT)');
    expect(mdt.text).toContain('Función Ejecutiva');
    expect(mdt.text).toContain('Activa');
    expect(mdt.text).toContain('2 compromisos');
    expect(mdt.html).toContain(`href="/compromisos/${HANDED_OVER}"`);
    expect(mdt.html).toContain('href="/organizaciones/fundacion-alianza-estrategica"');
    expect(mdt.html).toContain('data-live="/api/live/action-plans/ec-paea-2026-2027"');

    const fae = await page(api, '/organizaciones/fundacion-alianza-estrategica?lang=en');
    expect(fae.html).toContain('<html lang="en">');
    expect(fae.text).toContain('Civil society');
    expect(fae.text).toContain('Director Ejecutivo');
    expect(fae.text).toContain('2 reports endorsed · 1 objected · 0 unanswered objections');
    expect(fae.html).toContain('href="/instituciones/mdt"');
  });

  it('answers unknown ids with the 404 page', async () => {
    const institution = await page(api, '/instituciones/no-existe', 404);
    expect(institution.text).toContain('Página no encontrada');
    const organization = await page(api, '/organizaciones/no-existe?lang=en', 404);
    expect(organization.text).toContain('Page not found');
  });

  it('tells a merger from both sides: ended and succeeded, handed over and received, pending', async () => {
    expectStatus(
      await post(api, '/api/institutions/mdt/redesigns', t.presidency, {
        kind: 'merged',
        legalInstrument: 'Decreto Ejecutivo No. 456',
        effectiveOn: '2026-11-20',
        successorIds: ['sercop'],
      }),
      201,
    );
    await eventually(
      () => Promise.all([HANDED_OVER, PENDING].map(status)),
      (all) => all.every((s) => s === 'TransferPending'),
      'both commitments to be pending transfer',
    );
    expectStatus(
      await post(
        api,
        transferPaths.concurrence(HANDED_OVER),
        coreGroupMemberToken(api),
        concurrenceBody('transfer', 'sercop'),
      ),
      201,
    );
    expectStatus(
      await post(api, transferPaths.transfer(HANDED_OVER), t.presidency, transferBody('sercop')),
      201,
    );
    expectStatus(
      await post(api, transferPaths.handover(HANDED_OVER), t.sercop, handoverBody()),
      201,
    );

    const mdt = await page(api, '/instituciones/mdt');
    expect(mdt.text).toContain('Fusionada el 20 de noviembre de 2026');
    expect(mdt.text).toContain(
      'Instituciones sucesoras: Servicio Nacional de Contratación Pública',
    );
    expect(mdt.html).toContain('href="/instituciones/sercop"');
    expect(mdt.text).toMatch(
      /Implementación de la Política de Calidad de los Servicios Públicos Entregado a Servicio Nacional de Contratación Pública el \d+ de \w+ de 2026/,
    );
    expect(mdt.text).toContain('Transferencias en curso');
    expect(mdt.text).toContain('Institución receptora: por decidir');
    expect(mdt.text).toContain('Fusión');
    expect(mdt.text).toContain('Decreto Ejecutivo No. 456');

    const sercop = await page(api, '/instituciones/sercop?lang=en');
    expect(sercop.text).toContain('Active');
    expect(sercop.text).toMatch(
      /Implementación de la Política de Calidad de los Servicios Públicos Received from Ministerio del Trabajo on \d+ \w+ 2026/,
    );
    // It is responsible for it now, beside its own.
    expect(sercop.html).toContain(`href="/compromisos/${HANDED_OVER}"`);
    // Names, never the registry's ids, as text.
    for (const text of [mdt.text, sercop.text]) expect(text).not.toMatch(/\b(mdt|sercop)\b/);
  });
});
