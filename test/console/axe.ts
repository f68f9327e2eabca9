import { readFileSync } from 'node:fs';
import type { Result } from 'axe-core';
import type { Page } from 'playwright-core';

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** WCAG 2.1 levels A and AA, as axe-core tags its rules. */
const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/**
 * axe-core's WCAG 2.1 A and AA findings on the page as it is now, one line per element at fault
 * (`scrollable-region-focusable (serious): .card pre`), so a failing test names them. axe goes in
 * through the DevTools protocol (as page.evaluate does), which the console's Content-Security-Policy
 * does not govern: the policy stays as strict as in production, and the page gets no script tag.
 */
export async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate<Result[]>(
    `axe.run(document, { runOnly: { type: 'tag', values: ${JSON.stringify(WCAG_21_AA)} }, resultTypes: ['violations'] }).then((results) => results.violations)`,
  );
  return violations.flatMap((violation) =>
    violation.nodes.map((node) => `${violation.id} (${violation.impact ?? 'unrated'}): ${node.target.join(' ')}: ${violation.help}`),
  );
}

/** Opens every disclosure panel (raw JSON, provenance, merged record) on the page; returns how many were closed. */
export function openEveryPanel(page: Page): Promise<number> {
  return page.evaluate<number>(`[...document.querySelectorAll('details:not([open])')].map((panel) => { panel.open = true; }).length`);
}

/** How far the page scrolls sideways (WCAG 1.4.10 reflow: 0 at 320 CSS pixels and up). */
export function sidewaysScroll(page: Page): Promise<number> {
  return page.evaluate<number>('document.scrollingElement.scrollWidth - document.scrollingElement.clientWidth');
}
