/**
 * axe-core in the page under test: its own `axe.min.js` (the devDependency, never a CDN) injected
 * into the page, run against WCAG 2.1 A and AA, and its violations returned with one readable line
 * per failing element. The page's context must be created with `bypassCSP: true`: the app's
 * Content-Security-Policy allows no inline script, which is what an injected script is.
 */
/// <reference lib="dom" />
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';

let SOURCE: string | undefined;
const axeSource = () => (SOURCE ??= readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));

export const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  targets: string[];
  /** The first failing element's summary, as axe words it. */
  failure: string;
}

export interface AxeResult {
  violations: AxeViolation[];
  /** One line per rule, its impact and its failing selectors; empty with no violation. */
  message: string;
}

/** Runs axe on the page as it is now (WCAG 2.1 A/AA). */
export async function runAxe(page: Page, tags: string[] = WCAG_21_AA): Promise<AxeResult> {
  const loaded = await page.evaluate(() => typeof (window as any).axe !== 'undefined');
  if (!loaded) await page.addScriptTag({ content: axeSource() });
  const violations = await page.evaluate(async (runOnly: string[]) => {
    const axe = (window as any).axe;
    const results = await axe.run(document, {
      runOnly: { type: 'tag', values: runOnly },
      resultTypes: ['violations'],
    });
    return (results.violations as any[]).map((v) => ({
      id: v.id as string,
      impact: (v.impact ?? null) as string | null,
      help: v.help as string,
      helpUrl: v.helpUrl as string,
      targets: (v.nodes as any[]).map((n) => (n.target as string[]).join(' ')),
      failure: ((v.nodes[0]?.failureSummary as string | undefined) ?? '').replace(/\s+/g, ' '),
    }));
  }, tags);
  return { violations, message: describeViolations(violations) };
}

export function describeViolations(violations: AxeViolation[]): string {
  return violations
    .map(
      (v) =>
        `${v.id} (${v.impact ?? 'n/a'}): ${v.help} — ${v.targets.slice(0, 8).join(', ')}` +
        `${v.targets.length > 8 ? ` …and ${v.targets.length - 8} more` : ''}` +
        (v.failure ? `\n    ${v.failure}` : ''),
    )
    .join('\n');
}
