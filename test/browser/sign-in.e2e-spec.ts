/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * Each of the demo's people signs in through the real OpenID Connect flow in Chromium (hitos's
 * /auth/login, the development provider's authorization endpoint and form, back to
 * /auth/callback) with no token typed anywhere, and does their main task in the workspace: the
 * institution reports progress with a file it uploads, the counterpart endorses it, the Core Group
 * concurs with a transfer, the Presidency decides it from the queue, the auditor asks who could
 * act for the Ministerio del Trabajo on a past day. A request with the session cookie but without
 * its CSRF token is refused; a revoked grant stops the person's next action.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ProjectionRunner } from '@hitos/projections';
import { eventually } from '@hitos/workflows/testing/workflow-fixture';
import { processLastWrite } from '../../apps/api/src/read-models/last-write';
import { http, startApi, stopApi, type ApiHarness } from '../api/support/api-harness';
import { runAxe } from './support/axe';
import { launchChromium } from './support/chromium';

const ARTIFACTS = join(__dirname, '..', '..', 'test-artifacts', 'sign-in');
const COMMITMENT = 'calidad-servicios-publicos';
/** A small PDF: hitos types an upload by its bytes, not by its name. */
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n',
);

describe('signing in and working, in a real browser', () => {
  let api: ApiHarness;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    [api, browser] = await Promise.all([
      startApi({
        demo: true,
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

  /** A fresh browser, sent to /trabajo, signed in through the provider's form as `login`. */
  const signIn = async (login: string): Promise<{ page: Page; errors: string[] }> => {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      locale: 'es-EC',
      // axe is injected as a script: the page's own CSP would refuse it.
      bypassCSP: true,
    });
    contexts.push(context);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${api.baseUrl}/trabajo`);
    await page.waitForURL(/\/auth\/dev\/interaction\//);
    await page.getByLabel('Usuario').fill(login);
    await page.getByLabel('Contraseña').fill('demo');
    await Promise.all([
      page.waitForURL(`${api.baseUrl}/trabajo`),
      page.getByRole('button', { name: 'Entrar' }).click(),
    ]);
    return { page, errors };
  };

  const shot = async (page: Page, name: string) =>
    page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });

  const done = (page: Page) =>
    page.waitForFunction(() =>
      (document.getElementById('live-status')?.textContent ?? '').startsWith('Hecho'),
    );

  const detail = async (id: string) =>
    (await http(api, 'GET', `/api/commitments/${id}`, { token: api.token('presidency') })).body;

  it('shows the development provider’s form accessibly, and refuses a wrong password beside it', async () => {
    const context = await browser.newContext({ locale: 'es-EC', bypassCSP: true });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${api.baseUrl}/trabajo`);
    await page.waitForURL(/\/auth\/dev\/interaction\//);
    expect((await runAxe(page)).message).toBe('');
    await page.getByLabel('Usuario').fill('mdt');
    await page.getByLabel('Contraseña').fill('equivocada');
    await page.getByRole('button', { name: 'Entrar' }).click();
    await page.waitForSelector('#password-error');
    expect(await page.locator('#password-error').innerText()).toBe('La contraseña no es correcta.');
    expect(await page.getByLabel('Usuario').inputValue()).toBe('mdt');
    expect(await page.getByLabel('Contraseña').getAttribute('aria-invalid')).toBe('true');
    expect((await runAxe(page)).message).toBe('');
  });

  let reportId = '';
  let sha256 = '';

  it('the ministry director signs in and reports progress with a file she uploads', async () => {
    const { page, errors } = await signIn('mdt');
    try {
      expect(await page.locator('header .person').innerText()).toMatch(
        /Andrea Salazar · Institución · Ministerio del Trabajo/,
      );
      await page.goto(
        `${api.baseUrl}/trabajo/reportar-avance?commitmentId=${COMMITMENT}&milestoneId=h2`,
      );
      await page.getByLabel(/^Avance del hito/).fill('45');
      await page.getByLabel(/^Qué se hizo/).fill('Se publicó el catálogo de servicios validado.');
      await page.getByRole('button', { name: 'Añadir evidencia' }).click();
      await page.getByLabel('Título').fill('Catálogo de servicios validado');
      await page.locator('[data-evidence-upload]').setInputFiles({
        name: 'catalogo.pdf',
        mimeType: 'application/pdf',
        buffer: PDF,
      });
      await page.waitForFunction(
        () =>
          (document.querySelector('[data-item-field="sha256"]') as HTMLInputElement)?.value
            .length === 64,
      );
      sha256 = await page.getByLabel('Huella SHA-256').inputValue();
      expect(await page.getByLabel('Enlace (URL)').inputValue()).toBe(`/api/evidence/${sha256}`);
      await page.getByRole('button', { name: 'Enviar' }).click();
      await done(page);
    } catch (error) {
      await shot(page, 'institution');
      throw error;
    }
    const report = (await detail(COMMITMENT)).milestones
      .find((m: { milestoneId: string }) => m.milestoneId === 'h2')
      .reports.find((r: { percent: number }) => r.percent === 45);
    reportId = report.reportId;
    expect(report.evidence).toEqual([
      expect.objectContaining({
        url: `/api/evidence/${sha256}`,
        sha256,
        classification: 'public',
        title: 'Catálogo de servicios validado',
      }),
    ]);
    // hitos keeps the file and says what it is, read from its bytes.
    const files = await http(api, 'GET', '/api/open-data/evidence-files.json');
    expect(JSON.stringify(files.body)).toContain(sha256);
    expect(JSON.stringify(files.body)).toContain('application/pdf');
    // Filed public: anyone downloads exactly the bytes filed.
    const download = await fetch(`${api.baseUrl}/api/evidence/${sha256}`);
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer())).toEqual(PDF);
    expect(errors).toEqual([]);
  });

  it('refuses a change sent with her session cookie but without its CSRF token', async () => {
    const { page } = await signIn('mdt');
    const refused = await page.request.post(`${api.baseUrl}/api/me/tokens`, {
      data: { label: 'sin CSRF', expiresOn: '2027-01-31' },
    });
    expect(refused.status()).toBe(403);
    expect(await refused.json()).toMatchObject({ code: 'CSRF_TOKEN_INVALID' });
  });

  it('the foundation’s director signs in and endorses that report from his list', async () => {
    const { page, errors } = await signIn('fae');
    try {
      const link = page.locator(`a[href*="reportId=${reportId}"]`);
      await Promise.all([page.waitForURL(/\/trabajo\/revisar-reporte\?/), link.click()]);
      await page.getByLabel(/^Su decisión/).selectOption('endorsed');
      await page.getByRole('button', { name: 'Enviar' }).click();
      await done(page);
    } catch (error) {
      await shot(page, 'counterpart');
      throw error;
    }
    const report = (await detail(COMMITMENT)).milestones
      .find((m: { milestoneId: string }) => m.milestoneId === 'h2')
      .reports.find((r: { reportId: string }) => r.reportId === reportId);
    expect(report.review).toMatchObject({ verdict: 'endorsed' });
    expect(errors).toEqual([]);
  });

  let pending = '';

  it('the Core Group member signs in and concurs with a transfer the redesign left waiting', async () => {
    const redesigned = await http(api, 'POST', '/api/institutions/maate/redesigns', {
      token: api.token('presidency'),
      body: {
        kind: 'merged',
        legalInstrument: 'Decreto Ejecutivo No. 789',
        effectiveOn: '2026-11-20',
        successorIds: ['mdt'],
      },
    });
    expect(redesigned.status).toBe(201);
    const { page, errors } = await signIn('grupo-nucleo');
    try {
      const task = page.locator('li[data-todo="concur-transfer"]');
      await eventually(
        async () => {
          await page.goto(`${api.baseUrl}/trabajo`);
          return task.count();
        },
        (n) => n === 1,
        'the transfer to reach the Core Group’s list',
      );
      await Promise.all([
        page.waitForURL(/\/trabajo\/concurrir-transferencia\?/),
        task.locator('a[href^="/trabajo/concurrir-transferencia"]').click(),
      ]);
      pending = new URL(page.url()).searchParams.get('commitmentId')!;
      await page.getByLabel(/^Decisión con la que concurre/).selectOption('transfer');
      await page.getByLabel(/^Institución receptora/).fill('mdt');
      await page.getByLabel(/^Referencia/).fill('Acta de reunión del Grupo Núcleo No. 9');
      await page.getByRole('button', { name: 'Enviar' }).click();
      await done(page);
    } catch (error) {
      await shot(page, 'core-group');
      throw error;
    }
    // The concurrence is recorded, its reference with it.
    expect(JSON.stringify(await detail(pending))).toContain(
      'Acta de reunión del Grupo Núcleo No. 9',
    );
    expect(errors).toEqual([]);
  });

  it('the Presidency’s official signs in and decides that transfer from the queue', async () => {
    const { page, errors } = await signIn('presidencia');
    try {
      const task = page.locator(`li[data-todo="decide-transfer"]`, {
        has: page.locator(`a[href*="${pending}"]`),
      });
      await Promise.all([
        page.waitForURL(/\/trabajo\/decidir-transferencia\?/),
        task.locator('a[href^="/trabajo/decidir-transferencia"]').click(),
      ]);
      const group = page.locator('fieldset[data-bulk-item]').first();
      expect(await group.locator('[data-field$=".commitmentId"]').inputValue()).toBe(pending);
      await group.getByLabel(/^Decisión/).selectOption('transfer');
      await group
        .getByLabel(/^Motivo/)
        .fill('El decreto asigna la competencia al Ministerio del Trabajo.');
      await group.getByLabel(/^Institución receptora/).fill('mdt');
      await group.getByLabel(/^Unidad receptora/).fill('Dirección de Ambiente Laboral');
      await group.getByLabel(/^Administrador receptor: nombre/).fill('Andrea Salazar');
      await group.getByLabel(/^Administrador receptor: cargo/).fill('Directora');
      await group.getByLabel(/^Administrador receptor: unidad/).fill('Mejora Continua');
      await group.getByLabel(/^Administrador receptor: correo/).fill('mejora@trabajo.gob.ec');
      await page.getByRole('button', { name: 'Enviar' }).click();
      await page.waitForFunction(() =>
        /Se registraron 1 de 1|Hecho/.test(
          `${document.getElementById('form-summary')?.textContent ?? ''} ${
            document.getElementById('live-status')?.textContent ?? ''
          }`,
        ),
      );
    } catch (error) {
      await shot(page, 'presidency');
      throw error;
    }
    expect((await detail(pending)).status).not.toBe('TransferPending');
    expect(errors).toEqual([]);
  });

  it('the auditor signs in and asks who could act for the Ministerio del Trabajo on the acta’s day', async () => {
    const { page, errors } = await signIn('auditor');
    expect(await page.locator('header .person').innerText()).toMatch(/Sofía Ruales · Auditoría/);
    // Her session reads what only the Presidency and auditors may: people's grants, as of a day.
    const asOf = await page.request.get(
      `${api.baseUrl}/api/institutions/mdt/people?asHappenedBy=2026-01-28`,
    );
    expect(asOf.status()).toBe(200);
    expect(JSON.stringify(await asOf.json())).toContain('demo-mdt');
    const before = await page.request.get(
      `${api.baseUrl}/api/institutions/mdt/people?asHappenedBy=2025-12-31`,
    );
    expect(JSON.stringify(await before.json())).not.toContain('demo-mdt');
    expect(errors).toEqual([]);
  });

  it('a revoked grant stops the person’s next action, in the form, in Spanish', async () => {
    const { page } = await signIn('fae');
    await page.goto(
      `${api.baseUrl}/trabajo/revisar-reporte?commitmentId=${COMMITMENT}&reportId=${reportId}`,
    );
    const revoked = await http(
      api,
      'POST',
      '/api/people/demo-fae/grants/demo-fae-counterpart/revocation',
      { token: api.token('presidency'), body: { reason: 'Dejó la dirección de la fundación.' } },
    );
    expect(revoked.status).toBe(201);
    await page.getByLabel(/^Su decisión/).selectOption('endorsed');
    await page.getByRole('button', { name: 'Enviar' }).click();
    await page.waitForFunction(() =>
      /otorgamiento vigente/.test(document.getElementById('form-summary')?.textContent ?? ''),
    );
  });
});
