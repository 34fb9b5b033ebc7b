/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The citizens' portal in a real browser (Debian's Chromium, playwright-core), with the demo loaded
 * on the suite's day (2026-11-24): every page in Spanish and English, on a phone (375 px) and a
 * desk (1280 px), passes axe's WCAG 2.1 A/AA rules, fits the phone's width and speaks its language;
 * the language switch and the skip link work by keyboard; a command shows on the open plan page
 * with no reload.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ProjectionRunner } from '@hitos/projections';
import { processLastWrite } from '../../apps/api/src/read-models/last-write';
import { startApi, stopApi, type ApiHarness } from '../api/support/api-harness';
import { runAxe } from './support/axe';
import { launchChromium } from './support/chromium';

/** Screenshots of failures land here; CI keeps the folder as the run's artifacts. */
const ARTIFACTS = join(__dirname, '..', '..', 'test-artifacts', 'portal');

type Lang = 'es' | 'en';

interface PortalPage {
  name: string;
  path: string;
  /** The page's first heading, by language. */
  h1: Record<Lang, string | RegExp>;
  /** The page shows a percent with a decimal (`5,6 %` / `5.6%`), not only whole ones. */
  decimalPercent?: boolean;
  /** The page shows at least one calendar day in long form. */
  longDate?: boolean;
}

const PLAN_TITLE = 'Tercer Plan de Acción de Estado Abierto Ecuador 2026–2027';

/** The portal's pages, each with what it must show in both languages. */
const PAGES: PortalPage[] = [
  {
    name: 'plan',
    path: '/',
    h1: { es: PLAN_TITLE, en: PLAN_TITLE },
    decimalPercent: true,
    longDate: true,
  },
  {
    // Built on branch portal-commitment; checked here once merged.
    name: 'commitment',
    path: '/compromisos/calidad-servicios-publicos',
    h1: {
      es: /Implementación de la Política de Calidad de los Servicios Públicos/,
      en: /Implementación de la Política de Calidad de los Servicios Públicos/,
    },
    longDate: true,
  },
  {
    // A ministry with a late milestone (the demo's datos-educativos).
    name: 'institution',
    path: '/instituciones/mineduc',
    h1: { es: /^Ministerio de Educación/, en: /^Ministerio de Educación/ },
    longDate: true,
  },
  {
    // A counterpart with an objection still unanswered (the demo's control-social).
    name: 'organization',
    path: '/organizaciones/org-red-juvenil',
    h1: {
      es: 'Red juvenil por la transparencia (ilustrativo)',
      en: 'Red juvenil por la transparencia (ilustrativo)',
    },
    longDate: true,
  },
];

const WIDTHS = [
  { width: 375, height: 800 },
  { width: 1280, height: 900 },
] as const;

const PERCENT: Record<Lang, { any: RegExp; decimal: RegExp }> = {
  // `11,3 %`: a comma and a (non-breaking) space before the sign, as the RAE writes it.
  es: { any: /\d\s%/, decimal: /\d,\d\s%/ },
  en: { any: /\d%/, decimal: /\d\.\d%/ },
};
const LONG_DATE: Record<Lang, RegExp> = {
  es: /\b\d{1,2} de (enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre) de \d{4}\b/,
  en: /\b\d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December) \d{4}\b/,
};

describe('the citizens’ portal in a real browser (Debian chromium, playwright-core, axe-core)', () => {
  let api: ApiHarness;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  /** A fresh reader: a Spanish-speaking browser with no cookie yet, at the given size. */
  const reader = async (viewport: { width: number; height: number }) => {
    const context = await browser.newContext({ viewport, bypassCSP: true, locale: 'es-EC' });
    contexts.push(context);
    return context;
  };

  /** A page that records every script error and console error. */
  const open = async (context: BrowserContext): Promise<{ page: Page; errors: string[] }> => {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    return { page, errors };
  };

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    [api, browser] = await Promise.all([startApi({ demo: true }), launchChromium()]);
    // Every read model reflects the demo's last command before a page is read: on a busy
    // machine they may lag behind the loader by more than a page's own short wait.
    const last = processLastWrite.position;
    if (last !== undefined) await api.app.get(ProjectionRunner).waitForPosition(last, 120_000);
  }, 600_000);

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await stopApi(api);
  });

  describe.each(WIDTHS)('at $width px', (viewport) => {
    let context: BrowserContext;
    beforeAll(async () => {
      context = await reader(viewport);
    });

    const cases = PAGES.flatMap((p) => (['es', 'en'] as const).map((lang) => ({ ...p, lang })));
    it.each(cases)('$name in $lang: axe finds nothing, it fits and speaks $lang', async (p) => {
      const { page, errors } = await open(context);
      const response = await page.goto(`${api.baseUrl}${p.path}?lang=${p.lang}`);
      try {
        expect(response?.status()).toBe(200);
        expect(await page.getAttribute('html', 'lang')).toBe(p.lang);
        const h1 = (await page.locator('h1').first().textContent())!.trim();
        if (typeof p.h1[p.lang] === 'string') expect(h1).toBe(p.h1[p.lang]);
        else expect(h1).toMatch(p.h1[p.lang]);

        const text = await page.locator('main').innerText();
        expect(text).toMatch(PERCENT[p.lang].any);
        if (p.decimalPercent) expect(text).toMatch(PERCENT[p.lang].decimal);
        if (p.longDate) expect(text).toMatch(LONG_DATE[p.lang]);
        // Names, never the registry's ids, as visible text.
        expect(text).not.toMatch(/\b(mineduc|org-red-juvenil|fundacion-alianza-estrategica)\b/);

        if (viewport.width === 375)
          expect(
            await page.evaluate(() => document.documentElement.scrollWidth),
          ).toBeLessThanOrEqual(375);

        const axe = await runAxe(page);
        expect(axe.message).toBe('');
        expect(errors).toEqual([]);
      } catch (error) {
        await page.screenshot({
          path: join(ARTIFACTS, `${p.name}-${p.lang}-${viewport.width}.png`),
          fullPage: true,
        });
        throw error;
      } finally {
        await page.close();
      }
    });
  });

  it('asks a question through the commitment page’s form, which works without script', async () => {
    const context = await reader({ width: 375, height: 800 });
    await context.route('**/portal.js', (route) => route.abort());
    const { page } = await open(context);
    try {
      await page.goto(`${api.baseUrl}/compromisos/calidad-servicios-publicos`);
      await page.getByLabel('Su pregunta').fill('¿Se publicarán las actas de los talleres?');
      await page.getByLabel('Su nombre (opcional, se publica)').fill('Rosa');
      await page.getByRole('button', { name: 'Enviar la pregunta' }).click();
      await page.waitForURL(/pregunta=enviada/);
      expect(
        await page.locator('section[aria-labelledby="preguntar"] [role="status"]').textContent(),
      ).toContain('Su pregunta fue registrada');
      expect(await page.locator('section[data-region="questions"]').innerText()).toContain(
        '¿Se publicarán las actas de los talleres?',
      );
      const axe = await runAxe(page);
      expect(axe.message).toBe('');
    } catch (error) {
      await page.screenshot({ path: join(ARTIFACTS, 'question-form.png'), fullPage: true });
      throw error;
    } finally {
      await page.close();
      await context.close();
    }
  });

  it('finds a violation where there is one (the axe harness is live)', async () => {
    const context = await reader({ width: 375, height: 800 });
    const { page } = await open(context);
    await page.setContent('<html><body><main><img src="data:,"></main></body></html>');
    const axe = await runAxe(page);
    expect(axe.violations.map((v) => v.id)).toEqual(
      expect.arrayContaining(['html-has-lang', 'image-alt']),
    );
    expect(axe.message).toMatch(/^image-alt \(critical\): .* — img$/m);
    await page.close();
  });

  it('answers an unknown institution or organization with the portal’s 404 page, in the reader’s language', async () => {
    const context = await reader({ width: 375, height: 800 });
    const { page } = await open(context);
    for (const path of ['/instituciones/no-existe', '/organizaciones/no-existe?lang=en']) {
      const response = await page.goto(`${api.baseUrl}${path}`);
      expect(response?.status()).toBe(404);
      expect(await page.locator('h1').textContent()).toBe(
        path.endsWith('en') ? 'Page not found' : 'Página no encontrada',
      );
      expect((await runAxe(page)).message).toBe('');
    }
    await page.close();
  });

  it('switches to English from the keyboard and keeps it on the next page; the skip link moves focus to the main content', async () => {
    const context = await reader({ width: 375, height: 800 });
    const { page, errors } = await open(context);
    await page.goto(`${api.baseUrl}/`);
    expect(await page.getAttribute('html', 'lang')).toBe('es');

    // The skip link is the first stop of the keyboard, and takes it to the content.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(
      'Saltar al contenido',
    );
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.id === 'main');

    // Tab on from the top to the language switch, then Enter.
    await page.goto(`${api.baseUrl}/`);
    let onSwitch = false;
    for (let i = 0; i < 12 && !onSwitch; i++) {
      await page.keyboard.press('Tab');
      onSwitch = await page.evaluate(
        () => document.activeElement?.getAttribute('hreflang') === 'en',
      );
    }
    expect(onSwitch).toBe(true);
    await Promise.all([page.waitForURL(/\?lang=en$/), page.keyboard.press('Enter')]);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.locator('#commitments').textContent()).toBe('Commitments');

    // The cookie keeps English on the next page, reached with no ?lang=.
    await Promise.all([
      page.waitForURL(/\/instituciones\/mdt$/),
      page.locator('a[href="/instituciones/mdt"]:visible').first().click(),
    ]);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.locator('#commitments').textContent()).toBe(
      'Commitments it is responsible for',
    );
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows a command sent through the API on the open plan page, with no reload', async () => {
    const context = await reader({ width: 1280, height: 900 });
    const { page, errors } = await open(context);
    await page.goto(`${api.baseUrl}/?lang=es`);
    await page.waitForFunction(() => document.querySelector('main')?.dataset.liveState === 'open');
    const firstLine = () =>
      page
        .locator('[data-region="recent"] li')
        .first()
        .innerText()
        .then((text) => text.replace(/\s+/g, ' '));
    const before = await firstLine();
    // A marker that survives the refresh only if the page is not reloaded.
    await page.evaluate(() => ((window as any).notReloaded = true));

    const reported = await fetch(
      `${api.baseUrl}/api/commitments/calidad-servicios-publicos/milestones/h2/progress-reports`,
      {
        method: 'POST',
        headers: {
          authorization: `Bearer ${api.token('institution', 'mdt')}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({
          reportId: 'h2-informe-portal',
          percent: 45,
          narrative: 'Se publicó el borrador del catálogo de servicios (prueba).',
          evidence: [],
        }),
      },
    );
    expect(reported.status).toBe(201);

    await page.waitForFunction(
      () =>
        (document.getElementById('live-status')?.textContent ?? '').startsWith('Actualizado') &&
        [...document.querySelectorAll('[data-region="recent"] li')].some((li) =>
          /45\s?%/.test(li.textContent ?? ''),
        ),
      undefined,
      { timeout: 15_000 },
    );
    expect(await page.evaluate(() => (window as any).notReloaded)).toBe(true);
    // The new line leads the list, where the previous latest change was.
    const first = await firstLine();
    expect(first).not.toBe(before);
    expect(first).toContain('Implementación de la Política de Calidad de los Servicios Públicos');
    expect(first).toMatch(/45\s?%/);
    expect(errors).toEqual([]);
    await page.close();
  });
});
