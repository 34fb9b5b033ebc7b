/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The parties' workspace in a real browser (Debian's Chromium, playwright-core, axe-core), on the
 * demo of the suite's day. Each person's browser context carries a bearer token in every request
 * (`extraHTTPHeaders`), which the guard turns into the same actor a session does (signing in
 * through the identity provider is sign-in.e2e-spec.ts's). The counterpart endorses a report from its to-do list and the portal shows it endorsed; the
 * institution's bad field is answered beside that field, in Spanish, with what was typed kept; a
 * double submit and a retry after a lost answer record one event; axe finds nothing on /trabajo
 * and on a form page, in both languages, at 375 px and 1280 px. Last, after a redesign, the
 * Presidency decides both pending commitments in one form: the one the Core Group concurred with
 * is recorded, the other is refused beside its fields, and goes once the Core Group concurs. And
 * a reschedule: the institution requests it in a form, a Core Group member concurs from their list.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { PersonRole } from '@hitos/domain';
import { ProjectionRunner } from '@hitos/projections';
import { processLastWrite } from '../../apps/api/src/read-models/last-write';
import { http, startApi, stopApi, type ApiHarness } from '../api/support/api-harness';
import { eventually } from '@hitos/workflows/testing/workflow-fixture';
import { concurrenceBody, coreGroupMemberToken } from '../api/support/transfer-requests';
import { runAxe } from './support/axe';
import { launchChromium } from './support/chromium';

const ARTIFACTS = join(__dirname, '..', '..', 'test-artifacts', 'workspace');
const COMMITMENT = 'calidad-servicios-publicos';

describe('the parties’ workspace in a real browser', () => {
  let api: ApiHarness;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  /** A person's browser: their token on every request, Spanish first. */
  const person = async (token: string, viewport = { width: 1280, height: 900 }) => {
    const context = await browser.newContext({
      viewport,
      bypassCSP: true,
      locale: 'es-EC',
      extraHTTPHeaders: { Authorization: `Bearer ${token}` },
    });
    contexts.push(context);
    return context;
  };

  const open = async (context: BrowserContext): Promise<{ page: Page; errors: string[] }> => {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      // A refused command is an expected 4xx the page answers, not a script error.
      if (message.type() === 'error' && !/status of 4\d\d/.test(message.text()))
        errors.push(message.text());
    });
    return { page, errors };
  };

  const reports = async (milestoneId: string) => {
    const detail = (
      await http(api, 'GET', `/api/commitments/${COMMITMENT}`, { token: api.token('presidency') })
    ).body;
    return detail.milestones.find((m: any) => m.milestoneId === milestoneId).reports as any[];
  };

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    [api, browser] = await Promise.all([
      startApi({
        demo: true,
        // The redesign's transfers are opened by the workflow engine.
        env: { HITOS_WORKFLOWS: 'true', HITOS_WORKFLOW_TICK_MS: '200' },
      }),
      launchChromium(),
    ]);
    const last = processLastWrite.position;
    if (last !== undefined) await api.app.get(ProjectionRunner).waitForPosition(last, 120_000);
  }, 600_000);

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await stopApi(api);
  });

  const PAGES: { name: string; path: string; role: PersonRole; org?: string }[] = [
    { name: 'to-do', path: '/trabajo', role: 'institution', org: 'cpccs' },
    // The auditor's tools, a plain GET form among them.
    { name: 'auditor to-do', path: '/trabajo', role: 'auditor' },
    {
      name: 'form',
      path: `/trabajo/reportar-avance?commitmentId=${COMMITMENT}&milestoneId=h2`,
      role: 'institution',
      org: 'mdt',
    },
    {
      name: 'review form',
      path: `/trabajo/revisar-reporte?commitmentId=${COMMITMENT}&reportId=x`,
      role: 'counterpart',
      org: 'fundacion-alianza-estrategica',
    },
    {
      name: 'reschedule concurrence form',
      path: `/trabajo/concurrir-reprogramacion?commitmentId=${COMMITMENT}&requestId=x`,
      role: 'core-group',
    },
    {
      // A bulk form, one group per commitment.
      name: 'bulk form',
      path: '/trabajo/decidir-transferencia?decisions[0].commitmentId=a&decisions[1].commitmentId=b',
      role: 'presidency',
    },
  ];
  const cases = [375, 1280].flatMap((width) =>
    PAGES.flatMap((p) => (['es', 'en'] as const).map((lang) => ({ ...p, lang, width }))),
  );
  it.each(cases)('$name in $lang at $width px: axe finds nothing and it fits', async (p) => {
    const context = await person(api.token(p.role, p.org), { width: p.width, height: 800 });
    const { page, errors } = await open(context);
    const response = await page.goto(
      `${api.baseUrl}${p.path}&lang=${p.lang}`.replace(/^([^?]*)&/, '$1?'),
    );
    try {
      expect(response?.status()).toBe(200);
      expect(await page.getAttribute('html', 'lang')).toBe(p.lang);
      // With an evidence item added, so that its fields are checked too.
      if (p.name === 'form') await page.locator('[data-evidence-add]').click();
      if (p.width === 375)
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
          375,
        );
      const axe = await runAxe(page);
      expect(axe.message).toBe('');
      expect(errors).toEqual([]);
    } catch (error) {
      await page.screenshot({
        path: join(ARTIFACTS, `${p.name.replace(' ', '-')}-${p.lang}-${p.width}.png`),
        fullPage: true,
      });
      throw error;
    } finally {
      await context.close();
    }
  });

  it('lets the counterpart endorse a report from its to-do list, and the portal shows it endorsed', async () => {
    const narrative = 'Avance del catálogo de servicios para revisar desde el espacio de trabajo.';
    const reported = await http(
      api,
      'POST',
      `/api/commitments/${COMMITMENT}/milestones/h2/progress-reports`,
      {
        token: api.token('institution', 'mdt'),
        body: { reportId: 'h2-navegador', percent: 30, narrative, evidence: [] },
      },
    );
    expect(reported.status).toBe(201);
    await api.app.get(ProjectionRunner).waitForPosition(BigInt(reported.body.position), 10_000);

    const context = await person(api.token('counterpart', 'fundacion-alianza-estrategica'));
    const { page, errors } = await open(context);
    await page.goto(`${api.baseUrl}/trabajo`);
    // Beside the demo's answered objection, which waits for its second round.
    expect(await page.locator('li[data-todo="review-report"]').count()).toBe(2);
    const task = page.locator('li[data-todo="review-report"]', {
      has: page.locator('a[href*="reportId=h2-navegador"]'),
    });
    await expect(task.count()).resolves.toBe(1);
    await Promise.all([
      page.waitForURL(/\/trabajo\/revisar-reporte\?/),
      task.getByRole('link', { name: /^Hacerlo/ }).click(),
    ]);
    expect(await page.locator('#f--reportId').inputValue()).toBe('h2-navegador');
    await page.getByLabel(/^Su decisión/).selectOption('endorsed');
    await page.getByRole('button', { name: 'Enviar' }).click();
    const status = page.locator('#live-status');
    await page.waitForFunction(() =>
      (document.getElementById('live-status')?.textContent ?? '').startsWith('Hecho'),
    );
    expect(await status.getByRole('link').getAttribute('href')).toBe(`/compromisos/${COMMITMENT}`);

    const review = (await reports('h2')).find((r) => r.reportId === 'h2-navegador').review;
    expect(review).toMatchObject({ verdict: 'endorsed' });
    await Promise.all([
      page.waitForURL(new RegExp(`/compromisos/${COMMITMENT}$`)),
      status.getByRole('link').click(),
    ]);
    const entry = page.locator('main li', { hasText: narrative }).last();
    expect(await entry.innerText()).toMatch(
      /Fundación Alianza Estratégica lo avaló el \d+ de \w+ de \d{4}/,
    );
    expect(errors).toEqual([]);
  });

  it('lets the institution request a reschedule and a Core Group member concur from their to-do list: only then do the dates move', async () => {
    const h3 = async () =>
      (
        await http(api, 'GET', `/api/commitments/${COMMITMENT}`, { token: api.token('presidency') })
      ).body.milestones.find((m: any) => m.milestoneId === 'h3');
    const before = await h3();
    const later = new Date(Date.parse(`${before.due}T00:00:00Z`) + 10 * 86_400_000)
      .toISOString()
      .slice(0, 10);

    const institution = await open(await person(api.token('institution', 'mdt')));
    await institution.page.goto(
      `${api.baseUrl}/trabajo/reprogramar-hito?commitmentId=${COMMITMENT}&milestoneId=h3`,
    );
    await institution.page.getByLabel(/^Nuevo inicio/).fill(before.start);
    await institution.page.getByLabel(/^Nueva fecha de entrega/).fill(later);
    await institution.page
      .getByLabel(/^Justificación/)
      .fill('La plataforma de retroalimentación necesita diez días más de pruebas.');
    await institution.page.getByRole('button', { name: 'Enviar' }).click();
    await institution.page.waitForFunction(() =>
      (document.getElementById('live-status')?.textContent ?? '').startsWith('Hecho'),
    );
    expect((await h3()).due).toBe(before.due);

    const member = await open(await person(coreGroupMemberToken(api)));
    const task = member.page.locator('li[data-todo="concur-reschedule"]');
    await eventually(
      async () => {
        await member.page.goto(`${api.baseUrl}/trabajo`);
        return task.count();
      },
      (n) => n === 1,
      'the reschedule request in the Core Group member’s list',
    );
    await Promise.all([
      member.page.waitForURL(/\/trabajo\/concurrir-reprogramacion\?/),
      task.getByRole('link', { name: /^Hacerlo/ }).click(),
    ]);
    await member.page.getByLabel(/^Referencia/).fill('Acta GN-2026-11');
    await member.page.getByRole('button', { name: 'Enviar' }).click();
    await member.page.waitForFunction(() =>
      (document.getElementById('live-status')?.textContent ?? '').startsWith('Hecho'),
    );
    const after = await h3();
    expect(after).toMatchObject({ due: later, baselineDue: before.baselineDue });
    expect(after.reschedules.at(-1).concurrence).toMatchObject({
      coreGroupMemberId: 'gn-sociedad-civil',
      source: 'member',
      reference: 'Acta GN-2026-11',
    });
    expect([...institution.errors, ...member.errors]).toEqual([]);
  });

  it('shows the institution’s bad field beside it, in Spanish, keeping what was typed', async () => {
    const context = await person(api.token('institution', 'mdt'));
    const { page, errors } = await open(context);
    await page.goto(
      `${api.baseUrl}/trabajo/reportar-avance?commitmentId=${COMMITMENT}&milestoneId=h2`,
    );
    const before = (await reports('h2')).length;
    await page.getByLabel(/^Avance del hito/).fill('50');
    await page.getByLabel(/^Qué se hizo/).fill('Se validó el catálogo con la ciudadanía.');
    await page.getByRole('button', { name: 'Añadir evidencia' }).click();
    await page.getByLabel('Título').fill('Informe de validación');
    await page.getByLabel('Enlace (URL)').fill('https://www.trabajo.gob.ec/validacion.pdf');
    await page.getByLabel('Huella SHA-256').fill('no-es-una-huella');
    await page.getByRole('button', { name: 'Enviar' }).click();

    const sha = page.getByLabel('Huella SHA-256');
    await page.waitForFunction(() =>
      document.querySelector('[data-item-field="sha256"]')?.getAttribute('aria-invalid'),
    );
    expect(await sha.getAttribute('aria-invalid')).toBe('true');
    // The message sits in the field's own slot, which the field names in aria-describedby.
    const errorId = (await sha.getAttribute('aria-describedby'))!;
    const message = await page.locator(`#${errorId}`).innerText();
    expect(message).toBe('Este campo falta o no es válido.');
    // The problem's own message, in Spanish, heads the form.
    expect(await page.locator('#form-summary').innerText()).toContain(
      'La solicitud tiene campos no válidos: evidence[0].sha256.',
    );
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-item-field'))).toBe(
      'sha256',
    );
    // What was typed is kept.
    expect(await sha.inputValue()).toBe('no-es-una-huella');
    expect(await page.getByLabel(/^Qué se hizo/).inputValue()).toBe(
      'Se validó el catálogo con la ciudadanía.',
    );
    expect(await page.getByRole('button', { name: 'Enviar' }).isEnabled()).toBe(true);
    expect((await reports('h2')).length).toBe(before);
    expect(errors).toEqual([]);
  });

  it('records one event for a double click, and for a retry after a lost answer', async () => {
    const context = await person(api.token('institution', 'mdt'));
    const { page, errors } = await open(context);
    const path = `/api/commitments/${COMMITMENT}/milestones/h2/progress-reports`;
    await page.goto(
      `${api.baseUrl}/trabajo/reportar-avance?commitmentId=${COMMITMENT}&milestoneId=h2`,
    );
    const key = await page.locator('input[name="idempotency-key"]').inputValue();
    // The session's CSRF token, as sign-in will set it: sent back in X-CSRF-Token.
    await context.addCookies([{ name: 'hitos_csrf', value: 'csrf-de-prueba', url: api.baseUrl }]);
    const sent: string[] = [];
    const headers: Record<string, string>[] = [];
    page.on('request', (request) => {
      if (!request.url().endsWith(path)) return;
      sent.push(request.headers()['idempotency-key']);
      headers.push(request.headers());
    });

    const first = 'Primer envío con doble clic desde el espacio de trabajo.';
    await page.getByLabel(/^Avance del hito/).fill('55');
    await page.getByLabel(/^Qué se hizo/).fill(first);
    await page.getByRole('button', { name: 'Enviar' }).dblclick();
    await page.waitForFunction(() =>
      (document.getElementById('live-status')?.textContent ?? '').startsWith('Hecho'),
    );
    expect(sent.length).toBeGreaterThan(0);
    expect(sent.every((k) => k === key)).toBe(true);
    expect(headers[0]).toMatchObject({
      'x-csrf-token': 'csrf-de-prueba',
      'accept-language': 'es',
      'content-type': 'application/json',
    });
    expect((await reports('h2')).filter((r) => r.narrative === first)).toHaveLength(1);
    // A new key for the next command.
    const next = await page.locator('input[name="idempotency-key"]').inputValue();
    expect(next).not.toBe(key);

    // The command is recorded but its answer is lost: the retry carries the same key and is
    // answered with the first result, recording nothing twice.
    const second = 'Segundo envío cuya respuesta se pierde y se reintenta.';
    await page.getByLabel(/^Avance del hito/).fill('60');
    await page.getByLabel(/^Qué se hizo/).fill(second);
    let lost = false;
    await page.route(`**${path}`, async (route) => {
      if (lost) return route.continue();
      lost = true;
      await route.fetch();
      await route.abort('connectionreset');
    });
    await page.getByRole('button', { name: 'Enviar' }).click();
    await page.waitForFunction(() =>
      (document.getElementById('live-status')?.textContent ?? '').startsWith('No hubo respuesta'),
    );
    expect(await page.locator('input[name="idempotency-key"]').inputValue()).toBe(next);
    await page.getByRole('button', { name: 'Enviar' }).click();
    await page.waitForFunction(() =>
      (document.getElementById('live-status')?.textContent ?? '').startsWith(
        'Ya estaba registrado',
      ),
    );
    expect((await reports('h2')).filter((r) => r.narrative === second)).toHaveLength(1);
    expect(errors.filter((e) => !/ERR_CONNECTION_RESET|Failed to load resource/.test(e))).toEqual(
      [],
    );
  });

  it('lets the institution draft a commitment, its own institution filled in', async () => {
    // Not the Ministerio del Trabajo, whose commitments the last test sends into a redesign.
    const context = await person(api.token('institution', 'gad-quito'));
    const { page, errors } = await open(context);
    await page.goto(`${api.baseUrl}/trabajo/redactar-compromiso`);
    expect(await page.getByLabel(/^Institución responsable/).inputValue()).toBe('gad-quito');
    const fill = async (label: RegExp, value: string) => page.getByLabel(label).fill(value);
    await fill(/^Plan de acción/, 'ec-paea-2026-2027');
    await fill(/^Número en el plan/, '13');
    await fill(/^Título/, 'Trámites laborales en línea (prueba del espacio de trabajo)');
    await fill(/^Problema que aborda/, 'Los trámites laborales exigen presencia física.');
    await fill(/^Situación actual/, 'Solo tres trámites se hacen en línea.');
    await fill(/^Objetivo/, 'Llevar los trámites laborales a línea con participación ciudadana.');
    await fill(/^Cómo contribuye/, 'Publica el catálogo y abre la evaluación ciudadana.');
    await fill(/^Relevancia: transparencia/, 'Publica los tiempos de atención.');
    await fill(/^Inicio del periodo/, '2026-12-01');
    await fill(/^Fin del periodo/, '2027-06-30');
    await fill(/^Unidad responsable/, 'Dirección de Servicios en Línea');
    await fill(/^Contraparte \(identificador\)/, 'fundacion-alianza-estrategica');
    await page.getByLabel(/^Sector de la contraparte/).selectOption('civil-society');
    await fill(/^Contacto: nombre/, 'Paola Benítez');
    await fill(/^Contacto: cargo/, 'Directora de Servicios en Línea');
    await fill(/^Contacto: correo/, 'servicios@quito.gob.ec');
    await page.getByRole('button', { name: 'Enviar' }).click();
    await page.waitForFunction(() =>
      (document.getElementById('live-status')?.textContent ?? '').startsWith('Hecho'),
    );
    const href = (await page.locator('#live-status a').getAttribute('href'))!;
    expect(href).toMatch(/^\/compromisos\/[A-Za-z0-9_-]+$/);
    const drafted = (
      await http(api, 'GET', `/api${href.replace('/compromisos/', '/commitments/')}`)
    ).body;
    expect(drafted).toMatchObject({
      status: 'Draft',
      number: 13,
      responsible: { institutionId: 'gad-quito', unit: 'Dirección de Servicios en Línea' },
      counterpart: { organizationId: 'fundacion-alianza-estrategica' },
      supportingActors: [],
      period: { start: '2026-12-01', end: '2027-06-30' },
    });
    expect(errors).toEqual([]);
  });

  it('lets the Presidency decide the pending transfers in bulk, each refusal beside its item', async () => {
    const presidency = api.token('presidency');
    const status = async (id: string) =>
      (await http(api, 'GET', `/api/commitments/${id}`, { token: presidency })).body.status;
    const redesigned = await http(api, 'POST', '/api/institutions/mdt/redesigns', {
      token: presidency,
      body: {
        kind: 'merged',
        legalInstrument: 'Decreto Ejecutivo No. 456',
        effectiveOn: '2026-11-20',
        successorIds: ['sercop'],
      },
    });
    expect(redesigned.status).toBe(201);
    const PENDING = [COMMITMENT, 'empleo-publico-abierto'];
    await eventually(
      () => Promise.all(PENDING.map(status)),
      (all) => all.every((s) => s === 'TransferPending'),
      'both commitments to be pending transfer',
    );
    const concur = (id: string) =>
      http(api, 'POST', `/api/commitments/${id}/transfer-concurrences`, {
        token: coreGroupMemberToken(api),
        body: concurrenceBody('transfer', 'sercop'),
      });
    expect((await concur(COMMITMENT)).status).toBe(201);

    const context = await person(presidency);
    const { page, errors } = await open(context);
    await eventually(
      async () => {
        await page.goto(`${api.baseUrl}/trabajo`);
        return page.locator('[data-decide-all]').count();
      },
      (n) => n === 1,
      'the decide-all link',
    );
    await Promise.all([
      page.waitForURL(/\/trabajo\/decidir-transferencia\?/),
      page.locator('[data-decide-all]').click(),
    ]);
    const groups = page.locator('fieldset[data-bulk-item]');
    expect(await groups.count()).toBe(2);
    const ids = await groups.evaluateAll((all) =>
      all.map((g) => (g.querySelector('[data-field$=".commitmentId"]') as HTMLInputElement).value),
    );
    expect([...ids].sort()).toEqual([...PENDING].sort());
    for (let i = 0; i < 2; i++) {
      const group = groups.nth(i);
      await group.getByLabel(/^Decisión/).selectOption('transfer');
      await group.getByLabel(/^Motivo/).fill('El decreto asigna la competencia al SERCOP.');
      await group.getByLabel(/^Institución receptora/).fill('sercop');
      await group.getByLabel(/^Unidad receptora/).fill('Dirección de Innovación');
      await group.getByLabel(/^Administrador receptor: nombre/).fill('María Fernanda Ortiz');
      await group.getByLabel(/^Administrador receptor: cargo/).fill('Directora de Innovación');
      await group.getByLabel(/^Administrador receptor: unidad/).fill('Dirección de Innovación');
      await group.getByLabel(/^Administrador receptor: correo/).fill('innovacion@sercop.gob.ec');
    }
    await page.getByRole('button', { name: 'Enviar' }).click();
    await page.waitForFunction(() =>
      (document.getElementById('form-summary')?.textContent ?? '').startsWith(
        'Se registraron 1 de 2',
      ),
    );
    const concurred = ids.indexOf(COMMITMENT);
    const refused = 1 - concurred;
    expect(await groups.nth(concurred).evaluate((g) => (g as HTMLFieldSetElement).disabled)).toBe(
      true,
    );
    expect(
      await groups
        .nth(concurred)
        .getByLabel(/^Motivo/)
        .isDisabled(),
    ).toBe(true);
    const first = groups.nth(refused).locator('[data-field$=".commitmentId"]');
    expect(await first.getAttribute('aria-invalid')).toBe('true');
    const slot = page.locator(
      `#${(await first.getAttribute('aria-describedby'))!.split(' ').pop()}`,
    );
    expect(await slot.innerText()).toMatch(/Grupo Núcleo/);
    expect(await status(COMMITMENT)).not.toBe('TransferPending');
    expect(await status('empleo-publico-abierto')).toBe('TransferPending');

    // Once the Core Group concurs, the same form sends the one left, and only it.
    expect((await concur('empleo-publico-abierto')).status).toBe(201);
    await page.getByRole('button', { name: 'Enviar' }).click();
    await page.waitForFunction(() =>
      (document.getElementById('live-status')?.textContent ?? '').startsWith('Hecho'),
    );
    expect(await status('empleo-publico-abierto')).not.toBe('TransferPending');
    expect(errors).toEqual([]);
  });
});
