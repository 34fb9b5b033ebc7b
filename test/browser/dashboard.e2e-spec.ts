/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startApi, stopApi, type ApiHarness } from '../api/support/api-harness';
import { launchChromium } from './support/chromium';
import {
  cosignNote,
  generateSignerKey,
  parseSignerKey,
  parseVerifierKey,
} from '@hitos/transparency';

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
      .waitForFunction(
        () => document.querySelectorAll('#rows tr.commitment').length === 12,
        undefined,
        {
          timeout: 10_000,
        },
      )
      .catch(async () => {
        await page.reload();
        await page.waitForFunction(
          () => document.querySelectorAll('#rows tr.commitment').length === 12,
        );
      });
    const acta = page.locator('#rows tr.commitment', {
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
    const row = page.locator('#rows tr.commitment', {
      hasText: 'Estadísticas abiertas con enfoque de género',
    });
    await page.waitForFunction(
      () =>
        [...document.querySelectorAll('#rows tr.commitment')].some(
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

  it('lists overdue milestones and the empty transfer queue, opens a commitment’s timeline by keyboard in both languages, and follows commands live on a 375 px screen', async () => {
    const phone = await browser.newPage({ viewport: { width: 375, height: 800 } });
    const errors: string[] = [];
    phone.on('pageerror', (error) => errors.push(error.message));
    phone.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    const overdueReads: string[] = [];
    phone.on('request', (request) => {
      if (request.url().includes('/milestones/overdue')) overdueReads.push(request.url());
    });
    await phone.goto(`${api.baseUrl}/`);
    await phone.waitForFunction(
      () => document.querySelectorAll('#rows tr.commitment').length === 12,
    );

    // Overdue milestones at the suite's day (2026-11-24): the demo's late commitments (docs/demo.md)
    // had their first milestone due 30 days before.
    await phone.getByRole('heading', { name: 'Hitos vencidos' }).waitFor();
    await phone.waitForFunction(() => document.querySelectorAll('#overdue-rows tr').length > 0);
    const justice = phone.locator('#overdue-rows tr', {
      hasText: 'Justicia abierta: sentencias en datos abiertos',
    });
    expect(await justice.textContent()).toContain('Entregable 1 (ilustrativo)');
    expect(await justice.textContent()).toContain('30 días');
    expect(await justice.locator('time').getAttribute('datetime')).toBe('2026-10-25');
    expect(await phone.textContent('#overdue-summary')).toMatch(/^\d+ hitos vencidos\.$/);

    // The transfer queue: nobody's institution has been redesigned in the demo.
    await phone.getByRole('heading', { name: 'Cola de transferencias' }).waitFor();
    await phone.waitForFunction(() =>
      document.getElementById('transfers-summary')!.textContent!.includes('transferencia'),
    );
    expect(await phone.textContent('#transfers-summary')).toBe('Sin compromisos en transferencia.');
    expect(await phone.isHidden('#transfers-table')).toBe(true);

    // A commitment's timeline, opened by keyboard: its events in order, in Spanish.
    const toggle = phone.getByRole('button', {
      name: /^Historial: Datos abiertos del sistema educativo/,
    });
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    await toggle.focus();
    await phone.keyboard.press('Enter');
    const timeline = phone.locator('#tl-datos-educativos');
    await timeline.locator('li').first().waitFor();
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    expect(await toggle.getAttribute('aria-controls')).toBe('tl-datos-educativos');
    const events = await timeline.locator('li').allTextContents();
    expect(events[0]).toContain('Se redactó el compromiso 3');
    expect(events.some((e) => e.includes('Se planificó el hito h1'))).toBe(true);
    // Dated when it happened (two weeks before the acta's signature), not when the demo was loaded.
    expect(await timeline.locator('li time').first().getAttribute('datetime')).toMatch(
      /^2026-01-14T/,
    );
    // The re-render kept the keyboard where it was.
    expect(await phone.evaluate(() => document.activeElement?.getAttribute('data-timeline'))).toBe(
      'datos-educativos',
    );

    // In English after the switch, by keyboard too.
    await phone.locator('#lang').focus();
    await phone.keyboard.press('Enter');
    await phone.getByRole('heading', { name: 'Overdue milestones' }).waitFor();
    expect((await timeline.locator('li').first().textContent())!).toContain(
      'Commitment 3 "Datos abiertos del sistema educativo (ilustrativo)" drafted.',
    );
    expect(await phone.textContent('#transfers-summary')).toBe('No commitments in transfer.');
    expect(await justice.textContent()).toContain('30 days');
    expect(await phone.getByRole('button', { name: /^Timeline: Datos abiertos/ }).count()).toBe(1);

    // Live: a burst of reschedules through the API reaches the open timeline and the overdue
    // list with no reload, in a few reads rather than one per change.
    const before = overdueReads.length;
    for (const due of ['2026-10-15', '2026-10-24', '2026-10-31']) {
      const rescheduled = await fetch(
        `${api.baseUrl}/api/commitments/datos-educativos/milestones/h1/reschedules`,
        {
          method: 'POST',
          headers: {
            authorization: `Bearer ${api.token('institution', 'mineduc')}`,
            'content-type': 'application/json',
          },
          body: JSON.stringify({
            start: '2026-02-01',
            due,
            justification: 'El levantamiento de datos requiere más tiempo (prueba).',
            concurrence: {
              coreGroupMemberId: 'gn-sociedad-civil',
              reference: 'Acta del Grupo Núcleo GN-2026-11 (prueba)',
              concurredOn: '2026-11-20',
            },
          }),
        },
      );
      expect(rescheduled.status).toBe(201);
    }
    await timeline
      .locator('li', { hasText: 'Milestone h1 rescheduled: due 2026-10-31' })
      .waitFor({ timeout: 10_000 });
    expect(await timeline.locator('li', { hasText: 'rescheduled' }).count()).toBe(3);
    const educational = phone.locator('#overdue-rows tr', {
      hasText: 'Datos abiertos del sistema educativo',
    });
    await phone.waitForFunction(
      () =>
        [...document.querySelectorAll('#overdue-rows tr')].some(
          (tr) => tr.textContent!.includes('educativo') && tr.textContent!.includes('24 days'),
        ),
      undefined,
      { timeout: 10_000 },
    );
    expect(await educational.textContent()).toContain('Baseline');
    expect(
      await educational
        .locator('time')
        .evaluateAll((times) => times.map((t) => t.getAttribute('datetime'))),
    ).toEqual(['2026-10-31', '2026-10-25']);
    await phone.waitForTimeout(1_500);
    expect(overdueReads.length - before).toBeGreaterThanOrEqual(1);
    expect(overdueReads.length - before).toBeLessThanOrEqual(3);

    // Nothing wider than a 375 px screen, with a timeline open.
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      375,
    );
    await phone.screenshot({ path: join(ARTIFACTS, 'dashboard-375-timeline.png'), fullPage: true });

    // Closed by keyboard again.
    await phone.getByRole('button', { name: /^Timeline: Datos abiertos/ }).focus();
    await phone.keyboard.press('Enter');
    await timeline.waitFor({ state: 'detached' });
    expect(
      await phone
        .getByRole('button', { name: /^Timeline: Datos abiertos/ })
        .getAttribute('aria-expanded'),
    ).toBe('false');
    expect(errors).toEqual([]);
    await phone.close();
  });
});

describe('the dashboard’s transfer queue with the workflow engine on (Debian chromium)', () => {
  let api: ApiHarness;
  let browser: Browser;

  beforeAll(async () => {
    [api, browser] = await Promise.all([
      startApi({ demo: true, env: { HITOS_WORKFLOWS: 'true', HITOS_WORKFLOW_TICK_MS: '200' } }),
      launchChromium(),
    ]);
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await stopApi(api);
  });

  it('shows the commitments a redesign puts in transfer live, in Spanish and English, on a 375 px screen', async () => {
    const phone = await browser.newPage({ viewport: { width: 375, height: 800 } });
    const errors: string[] = [];
    phone.on('pageerror', (error) => errors.push(error.message));
    await phone.goto(`${api.baseUrl}/`);
    await phone.waitForFunction(() =>
      document.getElementById('transfers-summary')!.textContent!.includes('transferencia'),
    );
    expect(await phone.textContent('#transfers-summary')).toBe('Sin compromisos en transferencia.');

    // The Ministerio del Trabajo is merged into SERCOP: the engine puts its two commitments in
    // TransferPending, and the open page shows them with no reload.
    const redesign = await fetch(`${api.baseUrl}/api/institutions/mdt/redesigns`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${api.token('presidency')}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        kind: 'merged',
        legalInstrument: 'Decreto Ejecutivo No. 123 (prueba)',
        effectiveOn: '2026-11-01',
        successorIds: ['sercop'],
      }),
    });
    expect(redesign.status).toBe(201);
    await phone.waitForFunction(
      () => document.querySelectorAll('#transfer-rows tr').length === 2,
      undefined,
      { timeout: 15_000 },
    );
    expect(await phone.textContent('#transfers-summary')).toBe('2 compromisos en transferencia.');
    const acta = phone.locator('#transfer-rows tr', {
      hasText: 'Implementación de la Política de Calidad de los Servicios Públicos',
    });
    const row = (await acta.textContent())!;
    expect(row).toContain('Transferencia pendiente');
    expect(row).toContain('Rediseñada: Ministerio del Trabajo (fusionada)');
    expect(row).toContain('Decreto Ejecutivo No. 123 (prueba)');
    await phone.waitForFunction(() =>
      [...document.querySelectorAll('#rows tr.commitment')].some((tr) =>
        tr.textContent!.includes('Transferencia pendiente'),
      ),
    );

    await phone.locator('#lang').focus();
    await phone.keyboard.press('Enter');
    await phone.getByRole('heading', { name: 'Transfer queue' }).waitFor();
    expect(await phone.textContent('#transfers-summary')).toBe('2 commitments in transfer.');
    expect(await acta.textContent()).toContain('Transfer pending');
    expect(await acta.textContent()).toContain('Redesigned: Ministerio del Trabajo (merged)');

    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      375,
    );
    expect(errors).toEqual([]);
    await phone.close();
  });

  it('shows the signed checkpoints and who witnessed them, in both languages', async () => {
    const auth = (role: 'auditor') => ({
      authorization: `Bearer ${api.token(role)}`,
      'content-type': 'application/json',
    });
    const signed = await fetch(`${api.baseUrl}/api/transparency/checkpoints`, {
      method: 'POST',
      headers: auth('auditor'),
    });
    expect(signed.status).toBe(200);
    const { checkpoint } = (await signed.json()) as {
      checkpoint: { treeSize: number; note: string };
    };
    const key = await (await fetch(`${api.baseUrl}/api/transparency/key`)).text();
    const witness = generateSignerKey('contraloria.example/testigo');
    const cosigned = await fetch(
      `${api.baseUrl}/api/transparency/checkpoints/${checkpoint.treeSize}/cosignatures`,
      {
        method: 'POST',
        headers: auth('auditor'),
        body: JSON.stringify({
          note: cosignNote(checkpoint.note, parseSignerKey(witness.signerKey), [
            parseVerifierKey(key),
          ]),
          verifierKey: witness.verifierKey,
        }),
      },
    );
    expect(cosigned.status).toBe(201);

    const errors: string[] = [];
    const desk = await browser.newPage({ viewport: { width: 1024, height: 768 } });
    desk.on('pageerror', (error) => errors.push(error.message));
    await desk.goto(`${api.baseUrl}/`);
    await desk.getByRole('heading', { name: 'Registro verificable' }).waitFor();
    await desk.waitForFunction(
      () =>
        document.querySelector('#log-rows')?.textContent?.includes('contraloria.example/testigo'),
      undefined,
      { timeout: 10_000 },
    );
    const row = desk.locator('#log-rows tr', { hasText: String(checkpoint.treeSize) });
    expect(await row.textContent()).toContain('contraloria.example/testigo');
    expect(await desk.getAttribute('a[href="/api/transparency/key"]', 'href')).toBe(
      '/api/transparency/key',
    );
    await desk.locator('#lang').focus();
    await desk.keyboard.press('Enter');
    await desk.getByRole('heading', { name: 'Verifiable log' }).waitFor();
    expect(await desk.textContent('#log-summary')).toContain('signed checkpoints');
    expect(errors).toEqual([]);
    await desk.close();
  });
});
