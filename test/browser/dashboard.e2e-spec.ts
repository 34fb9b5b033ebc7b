/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startApi, stopApi, type ApiHarness } from '../api/support/api-harness';
import { launchChromium } from './support/chromium';

/** Screenshots land here; CI keeps the folder as the run's artifacts. */
const ARTIFACTS = join(__dirname, '..', '..', 'test-artifacts');

describe('the dashboard in a real browser (Debian chromium, playwright-core)', () => {
  let api: ApiHarness;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    [api, browser] = await Promise.all([startApi({ demo: true }), launchChromium()]);
    page = await browser.newPage({ viewport: { width: 390, height: 844 } });
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await stopApi(api);
  });

  it('loads in Spanish with the plan’s twelve commitments, switches to English by keyboard, and shows a command live without reload', async () => {
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    await page.goto(`${api.baseUrl}/`);
    expect(await page.getAttribute('html', 'lang')).toBe('es');
    await page.getByRole('heading', { name: 'Compromisos del plan de acción' }).waitFor();
    // The list follows $all: it may need a moment after the demo's last write.
    await page
      .waitForFunction(() => document.querySelectorAll('#rows tr').length === 12, undefined, {
        timeout: 10_000,
      })
      .catch(async () => {
        await page.reload();
        await page.waitForFunction(() => document.querySelectorAll('#rows tr').length === 12);
      });
    const acta = page.locator('#rows tr', {
      hasText: 'Implementación de la Política de Calidad de los Servicios Públicos',
    });
    expect(await acta.textContent()).toContain('En implementación');

    // Per-pillar and per-institution views, and the chart (Chart.js, served from this origin).
    await page.waitForFunction(() => document.querySelectorAll('#pillars tr').length > 0);
    expect(await page.textContent('#pillars')).toContain(
      'Transparencia y acceso a la información pública',
    );
    expect(await page.textContent('#institutions')).toContain('Ministerio del Trabajo');
    await page.waitForFunction(() => Boolean((window as any).Chart?.getChart('completions')));

    await page.locator('#lang').focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Action plan commitments' }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await acta.textContent()).toContain('In implementation');
    expect(await page.textContent('#pillars')).toContain('Citizen participation');

    // Live: a command sent through the API shows on the open page, with no reload.
    const withdrawn = await fetch(`${api.baseUrl}/api/commitments/estadisticas-genero/withdrawal`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${api.token('presidency')}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ reason: 'Fusionado con otro compromiso del plan (prueba).' }),
    });
    expect(withdrawn.status).toBe(201);
    const row = page.locator('#rows tr', {
      hasText: 'Estadísticas abiertas con enfoque de género',
    });
    await page.waitForFunction(
      () =>
        [...document.querySelectorAll('#rows tr')].some(
          (tr) => tr.textContent!.includes('género') && tr.textContent!.includes('Withdrawn'),
        ),
      undefined,
      { timeout: 10_000 },
    );
    expect(await row.textContent()).toContain('Withdrawn');
    expect(await page.textContent('#last-change')).toContain(
      'The Presidency withdrew the commitment',
    );

    // Usable on a phone: nothing wider than the screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      390,
    );
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-phone.png'), fullPage: true });
    expect(errors).toEqual([]);
  });
});
