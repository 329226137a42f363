/**
 * Opens a report.html in Debian's chromium (installed by scripts/install-chromium.sh, which .ci/run
 * calls) through playwright-core, from file:// with every other request blocked, and measures each
 * chart: its box and how many marks it drew. The report tests assert on what this returns.
 */
import { existsSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { need, REQUIRE_BROWSER, type Availability } from '../requirements.js';

export const CHROMIUM = '/usr/bin/chromium';
const browser: Availability = existsSync(CHROMIUM)
  ? { ok: true }
  : { ok: false, reason: `${CHROMIUM} is missing; run scripts/install-chromium.sh (as root) to run the report browser tests` };

/** First line of a browser test: skips where chromium is missing, fails there if SEQPIPE_REQUIRE_BROWSER=1. */
export const needBrowser = (ctx: { skip(note?: string): void }): void => need(ctx, browser, REQUIRE_BROWSER);

export interface OpenedChart { chart: string | null; width: number; height: number; marks: number }
export interface OpenedReport { charts: OpenedChart[]; errors: string[]; requests: string[] }

/** Marks that count as drawn: lines, symbols (and, with `rects`, bars and ticks) with real geometry. */
export async function openReport(
  file: string,
  screenshot: string,
  inspect: (page: Page) => Promise<void>,
  { rects = false } = {},
): Promise<OpenedReport> {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  try {
    const page = await browser.newPage({ viewport: { width: 900, height: 1000 } });
    const errors: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith('file://')) return route.continue();
      requests.push(url);
      return route.abort();
    });
    await page.goto(`file://${file}`);
    const selector = rects ? '.mark-line path, .mark-symbol path, .mark-rect path' : '.mark-line path, .mark-symbol path';
    const charts = await page.$$eval('figure[data-chart]', (figs, sel) => figs.map((f) => {
      const svg = f.querySelector('svg');
      const box = svg?.getBoundingClientRect();
      return {
        chart: f.getAttribute('data-chart'),
        width: box?.width ?? 0,
        height: box?.height ?? 0,
        marks: svg ? [...svg.querySelectorAll(sel)].filter((p) => (p.getAttribute('d') ?? '').length > 10).length : 0,
      };
    }), selector);
    await inspect(page);
    await page.screenshot({ path: process.env.SEQPIPE_REPORT_SCREENSHOT ?? screenshot, fullPage: true });
    return { charts, errors, requests };
  } finally {
    await browser.close();
  }
}
