/// <reference lib="dom" />
/**
 * Screenshots of the portal for the docs: the plan page and the acta's commitment page, in
 * Spanish, on a phone (375 px) and a desk (1280 px), full page.
 *
 *   npm run docs:screenshots
 *
 * Boots the app as the end-to-end suites do (test/api/support/api-harness.ts: a fresh temporary
 * data directory, the embedded store over gRPC) with the demo loaded on their fixed day,
 * 2026-11-24, so the pictures are the same whatever day they are taken; opens the pages in
 * Debian's Chromium (test/browser/support/chromium.ts) and writes docs/portal/*.png.
 */
import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ProjectionRunner } from '@hitos/projections';
import { processLastWrite } from '../apps/api/src/read-models/last-write';
import { startApi, stopApi, type ApiHarness } from '../test/api/support/api-harness';
import { launchChromium } from '../test/browser/support/chromium';

const OUT = join(__dirname, '..', 'docs', 'portal');
const PAGES = [
  { name: 'plan', path: '/' },
  { name: 'commitment', path: '/compromisos/calidad-servicios-publicos' },
];
const WIDTHS = [
  { width: 375, height: 800 },
  { width: 1280, height: 900 },
];
/** A picture over this is too heavy for a repository's docs. */
const MAX_BYTES = 1_000_000;

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  let api: ApiHarness | undefined;
  const browser = await launchChromium();
  try {
    api = await startApi({ demo: true });
    // The read models reflect the demo's last command before any page is taken.
    const last = processLastWrite.position;
    if (last !== undefined) await api.app.get(ProjectionRunner).waitForPosition(last, 120_000);
    for (const viewport of WIDTHS) {
      const context = await browser.newContext({ viewport, locale: 'es-EC' });
      const page = await context.newPage();
      for (const { name, path } of PAGES) {
        const response = await page.goto(`${api.baseUrl}${path}?lang=es`);
        if (response?.status() !== 200)
          throw new Error(`${path} answered ${response?.status()}: is the page there?`);
        // The live script has connected: the page is as a reader sees it.
        await page.waitForFunction(
          () => document.querySelector('main')?.dataset.liveState === 'open',
        );
        const file = join(OUT, `${name}-es-${viewport.width}.png`);
        await page.screenshot({ path: file, fullPage: true, animations: 'disabled' });
        let bytes = statSync(file).size;
        // A long page is cut at the height that keeps the picture under the limit: its top, the
        // part a reader sees first, is what the docs show.
        for (let tries = 0; bytes > MAX_BYTES && tries < 5; tries++) {
          const full = await page.evaluate(() => document.documentElement.scrollHeight);
          const height = Math.floor(((full * MAX_BYTES) / bytes) * (0.95 - tries * 0.05));
          await page.screenshot({
            path: file,
            fullPage: true,
            animations: 'disabled',
            clip: { x: 0, y: 0, width: viewport.width, height },
          });
          bytes = statSync(file).size;
          console.log(`  cut at ${height} of ${full} px`);
        }
        console.log(`${file} (${Math.round(bytes / 1024)} KiB)`);
        if (bytes > MAX_BYTES) throw new Error(`${file} is still over ${MAX_BYTES} bytes`);
      }
      await context.close();
    }
  } finally {
    await browser.close();
    await stopApi(api);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
