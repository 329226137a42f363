/**
 * A sweep's report, sweeps/<id>/report.html: written by `seqpipe sweep` (path in --json), rewritten
 * by `seqpipe report --sweep`, and opened in Debian's chromium through playwright-core like the run
 * report (report-browser.test.ts): every chart present and drawn, no console errors, no network.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, TINY, tempDir } from '../helpers.js';
import { needBrowser, openReport } from './open-report.js';

const state = tempDir();
afterAll(() => state.remove());
let sweep: { sweepId: string; report: string; variants: { runId: string }[] };
let stderr = '';

beforeAll(() => {
  const r = cli(['sweep', TINY, '--grid', 'model.layers.0.cell=simpleRNN,gru', '--seeds', '1,2', '--set', 'train.epochs=3', '--jobs', '1', '--state-dir', state.path, '--json']);
  expect(r.code, r.stderr).toBe(0);
  sweep = JSON.parse(r.stdout);
  stderr = r.stderr;
});

describe('seqpipe sweep writes one report comparing its variants', () => {
  it('at sweeps/<id>/report.html, with each chart as an SVG beside it, and prints its path', () => {
    expect(sweep.report).toBe(join(state.path, 'sweeps', sweep.sweepId, 'report.html'));
    expect(stderr).toContain(`report ${sweep.report}`);
    // Not a terminal: sweep progress is one plain line per finished variant.
    expect(stderr).toMatch(/^ {2}sweep 4\/4 variants done · \d+ stages ran · \d+ cached$/m);
    const html = readFileSync(sweep.report, 'utf8');
    for (const v of sweep.variants) expect(html).toContain(`../../runs/${v.runId}/report.html`);
    for (const file of ['loss.svg', 'metrics.svg']) {
      expect(readFileSync(join(dirname(sweep.report), file), 'utf8')).toMatch(/^<svg[^>]*>[\s\S]*<path[^>]+d="M/);
    }
  });

  it('seqpipe report --sweep rewrites it (id, prefix or latest); an unknown sweep is E_SWEEP_NOT_FOUND', () => {
    rmSync(sweep.report);
    const r = cli(['report', '--sweep', 'latest', '--state-dir', state.path, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ sweepId: sweep.sweepId, report: sweep.report });
    expect(existsSync(sweep.report)).toBe(true);
    expect(cli(['report', '--sweep', sweep.sweepId.slice(0, 10), '--state-dir', state.path]).stdout.trim()).toBe(sweep.report);
    const missing = cli(['report', '--sweep', 'nope', '--state-dir', state.path, '--json']);
    expect(missing.code).toBe(2);
    expect(JSON.parse(missing.stdout).errors[0]).toMatchObject({ code: 'E_SWEEP_NOT_FOUND' });
  });
});

describe('the sweep report in headless chromium', () => {
  it('renders every plot, non-empty, offline, without console errors', async (ctx) => {
    needBrowser(ctx);
    const { charts, errors, requests } = await openReport(sweep.report, join(state.path, 'sweep-report.png'), async (page) => {
      // A panel per metric that differs; the baseline's are the same in every variant: none for them.
      const panels = await page.locator('figure[data-chart="metrics.svg"] svg text').allTextContents();
      expect(panels).toEqual(expect.arrayContaining(['test.mse', 'test.mae', 'test.r2']));
      expect(panels.some((t) => t.startsWith('naive_test.'))).toBe(false);
      const summary = await page.locator('table').first().textContent();
      expect(summary).toContain('cell=simpleRNN');
      expect(summary).toContain('cell=gru');
      expect(summary).toContain('±'); // mean ± std over the two seeds
    }, { rects: true }); // drawn marks: loss lines, one dot per seed, the mean ticks
    expect(charts.map((c) => c.chart)).toEqual(['loss.svg', 'metrics.svg']);
    for (const c of charts) {
      expect(c.width).toBeGreaterThan(300);
      expect(c.height).toBeGreaterThan(50);
      expect(c.marks).toBeGreaterThan(0);
    }
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
  });
});
