/**
 * The run report in a real browser: Debian's chromium (installed by scripts/install-chromium.sh,
 * which .ci/run calls) driven by playwright-core. Opened from file:// with the network blocked:
 * every chart is present and drawn, and the page logs no errors.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, TINY, tempDir } from '../helpers.js';

const CHROMIUM = '/usr/bin/chromium';
const haveBrowser = existsSync(CHROMIUM);
if (!haveBrowser) console.warn(`report browser test skipped: ${CHROMIUM} is missing (run scripts/install-chromium.sh as root)`);

const state = tempDir();
afterAll(() => state.remove());

describe.skipIf(!haveBrowser)('report.html in headless chromium', () => {
  let run: { runDir: string; report: string };
  beforeAll(() => {
    const r = cli(['run', TINY, '--state-dir', state.path, '--set', 'train.epochs=4', '--json']);
    expect(r.code).toBe(0);
    run = JSON.parse(r.stdout);
  });

  it('writes each chart as an SVG beside the report', () => {
    expect(run.report).toBe(join(run.runDir, 'report.html'));
    for (const file of ['loss.svg', 'predictions.svg', 'forecast-next.svg']) {
      expect(readFileSync(join(run.runDir, file), 'utf8')).toMatch(/^<svg[^>]*>[\s\S]*<path[^>]+d="M/);
    }
  });

  it('renders every plot, non-empty, offline, without console errors', async () => {
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
      await page.goto(`file://${run.report}`);
      const charts = await page.$$eval('figure[data-chart]', (figs) => figs.map((f) => {
        const svg = f.querySelector('svg');
        const box = svg?.getBoundingClientRect();
        return {
          chart: f.getAttribute('data-chart'),
          width: box?.width ?? 0,
          height: box?.height ?? 0,
          // Drawn marks: lines and symbols are paths with geometry.
          marks: svg ? [...svg.querySelectorAll('.mark-line path, .mark-symbol path')].filter((p) => (p.getAttribute('d') ?? '').length > 10).length : 0,
        };
      }));
      expect(charts.map((c) => c.chart)).toEqual(['loss.svg', 'predictions.svg', 'forecast-next.svg']);
      for (const c of charts) {
        expect(c.width).toBeGreaterThan(300);
        expect(c.height).toBeGreaterThan(150);
        expect(c.marks).toBeGreaterThan(0);
      }
      expect(await page.locator('table').first().textContent()).toMatch(/naive_test/); // model beside its baseline
      expect(await page.locator('pre').textContent()).toContain('uses: trainer/tfjs'); // the resolved pipeline
      await page.screenshot({ path: process.env.SEQPIPE_REPORT_SCREENSHOT ?? join(state.path, 'report.png'), fullPage: true });
      expect(errors).toEqual([]);
      expect(requests).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
