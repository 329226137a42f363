/**
 * The run report in a real browser: Debian's chromium (installed by scripts/install-chromium.sh,
 * which .ci/run calls) driven by playwright-core. Opened from file:// with the network blocked:
 * every chart is present and drawn, and the page logs no errors.
 */
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, ROOT, TINY, tempDir } from '../helpers.js';
import { needBrowser, openReport } from './open-report.js';

const state = tempDir();
afterAll(() => state.remove());
let run: { runDir: string; report: string };
beforeAll(() => {
  const r = cli(['run', TINY, '--state-dir', state.path, '--set', 'train.epochs=4', '--json']);
  expect(r.code).toBe(0);
  run = JSON.parse(r.stdout);
});

describe('report.html and its charts', () => {
  it('writes each chart as an SVG beside the report', () => {
    expect(run.report).toBe(join(run.runDir, 'report.html'));
    for (const file of ['loss.svg', 'predictions.svg', 'forecast-next.svg']) {
      expect(readFileSync(join(run.runDir, file), 'utf8')).toMatch(/^<svg[^>]*>[\s\S]*<path[^>]+d="M/);
    }
  });
});

describe('report.html in headless chromium', () => {
  it('renders every plot, non-empty, offline, without console errors', async (ctx) => {
    needBrowser(ctx);
    const { charts, errors, requests } = await openReport(run.report, join(state.path, 'report.png'), async (page) => {
      expect(await page.locator('table').first().textContent()).toMatch(/naive_test/); // model beside its baseline
      expect(await page.locator('pre').textContent()).toContain('uses: trainer/tfjs'); // the resolved pipeline
    });
    expect(charts.map((c) => c.chart)).toEqual(['loss.svg', 'predictions.svg', 'forecast-next.svg']);
    for (const c of charts) {
      expect(c.width).toBeGreaterThan(300);
      expect(c.height).toBeGreaterThan(150);
      expect(c.marks).toBeGreaterThan(0);
    }
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
  });
});

describe('report.html of a panel in headless chromium', () => {
  it('shows per-series sMAPE and MASE histograms and the worst series, drawn', async (ctx) => {
    needBrowser(ctx);
    copyFileSync(join(ROOT, 'test/fixtures/plugins/two-series.js'), join(state.path, 'two-series.js'));
    const pipeline = join(state.path, 'panel.yaml');
    writeFileSync(pipeline, [
      'name: panel', 'plugins: [./two-series.js]', 'stages:',
      '  panel: { uses: source/two-series }',
      '  windows: { uses: windower/sliding, from: panel, with: { lookback: 3, horizon: 2 } }',
      '  split: { uses: splitter/holdout, from: windows, with: { test: 2 } }',
      '  naive: { uses: baseline/naive, from: { data: split } }',
      '  test: { uses: evaluator/regression, from: { model: naive, data: split } }', '',
    ].join('\n'));
    const r = cli(['run', pipeline, '--state-dir', join(state.path, 'panel-state'), '--json']);
    expect(r.code, r.stderr).toBe(0);
    const { charts, errors, requests } = await openReport(JSON.parse(r.stdout).report, join(state.path, 'panel.png'), async (page) => {
      expect(await page.locator('main').textContent()).toMatch(/means over series/);
    }, { rects: true });
    expect(charts.map((c) => c.chart)).toEqual(['series-test-smape.svg', 'series-test-mase.svg', 'worst-test-1.svg', 'worst-test-2.svg']);
    for (const c of charts) expect(c.marks).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
  });
});

describe('report.html with intervals in headless chromium', () => {
  it('shades the forecast with one band per level under its line', async (ctx) => {
    needBrowser(ctx);
    // plus-minus.js: naive with ±1 (80 %) and ±2 (95 %) intervals, a test-only producer.
    copyFileSync(join(ROOT, 'test/fixtures/plugins/plus-minus.js'), join(state.path, 'plus-minus.js'));
    const pipeline = join(state.path, 'bands.yaml');
    writeFileSync(pipeline, [
      'name: bands', 'plugins: [./plus-minus.js]', 'stages:',
      '  series: { uses: source/sine, with: { points: 40, stop: 4 } }',
      '  windows: { uses: windower/sliding, from: series, with: { lookback: 4, horizon: 3 } }',
      '  split: { uses: splitter/holdout, from: windows, with: { test: 3 } }',
      '  naive: { uses: baseline/naive, from: { data: split } }',
      '  banded: { uses: interval/plus-minus, from: { model: naive } }',
      '  next: { uses: predictor/next, from: { model: banded, data: split }, with: { steps: 3 } }', '',
    ].join('\n'));
    const r = cli(['run', pipeline, '--state-dir', join(state.path, 'bands-state'), '--json']);
    expect(r.code, r.stderr).toBe(0);
    let bands: number[] = [];
    const { charts, errors, requests } = await openReport(JSON.parse(r.stdout).report, join(state.path, 'bands.png'), async (page) => {
      // Each band's drawn height in pixels: the 95 % band is wider than the 80 % one.
      bands = await page.$$eval('figure[data-chart="forecast-next.svg"] .mark-area path', (paths) => paths.map((p) => p.getBoundingClientRect().height));
    });
    expect(charts.map((c) => c.chart)).toEqual(['forecast-next.svg']);
    expect(bands).toHaveLength(2);
    expect(bands[0]).toBeGreaterThan(bands[1]!);
    expect(bands[1]).toBeGreaterThan(10);
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
  });
});
