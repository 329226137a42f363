import { describe, expect, it } from 'vitest';
import type { ChartSpec } from './render-svg.js';
import { renderSweepReport } from './sweep-report.js';
import { syntheticSweep } from './testing/sweep-fixture.js';

/** Records each spec and returns a placeholder, so the HTML and specs can be compared exactly. */
const recorder = (): { specs: ChartSpec[]; render: (spec: ChartSpec) => Promise<string> } => {
  const specs: ChartSpec[] = [];
  return { specs, render: async (spec) => (specs.push(spec), `<svg data-spec="${specs.length}"></svg>`) };
};

describe('a small sweep report (10 variants: 5 combinations × 2 seeds)', () => {
  it('is exactly what it was before large sweeps were summarised', async () => {
    const { sweep, runs } = syntheticSweep(5, [1, 2]);
    const svgs = recorder();
    const { html, charts } = await renderSweepReport(sweep, runs, svgs);
    expect(Object.keys(charts)).toEqual(['loss.svg', 'metrics.svg']);
    await expect(html).toMatchFileSnapshot('__snapshots__/sweep-report-10.html');
    await expect(`${JSON.stringify(svgs.specs, null, 1)}\n`).toMatchFileSnapshot('__snapshots__/sweep-report-10.specs.json');
  });

  it('draws both charts with vega', async () => {
    const { sweep, runs } = syntheticSweep(5, [1, 2]);
    const { charts } = await renderSweepReport(sweep, runs);
    for (const svg of Object.values(charts)) expect(svg).toMatch(/^<svg[^>]*>[\s\S]*<path[^>]+d="M/);
  });
});

describe('a large sweep report summarises (1000 combinations × 1 seed, 20 epochs each)', () => {
  const { sweep, runs } = syntheticSweep(1000);
  // The fixture's test.mae depends on the combination only: the best is its minimum.
  const maes = runs.map((d) => d.record.metrics.test!.mae!);
  const bestUnits = maes.indexOf(Math.min(...maes)) + 1;

  it('renders with vega (it overflowed vega’s stack before), charts non-empty, captions saying what is summarised', async () => {
    const { html, charts, pages } = await renderSweepReport(sweep, runs);
    expect(Object.keys(charts)).toEqual(['loss.svg', 'metrics.svg']);
    for (const svg of Object.values(charts)) expect(svg).toMatch(/^<svg[^>]*>[\s\S]*<path[^>]+d="M/);
    expect(charts['loss.svg']).toContain(`1. units=${bestUnits}`); // the legend: ranked, best first
    expect(charts['metrics.svg']).toContain('all 1000 variants');
    expect(html).toContain('Training loss per epoch over 1000 curves of 1000 variants: the median (dashed) and 10–90% of the curves at each epoch (grey band); in colour, the best 5 of 1000 combinations ranked by test.mae (mean over seeds, lower is better)');
    expect(html).toContain('test.mae is the first evaluator’s error metric (of mae, rmse, mse, mase, smape, mape) that differs between variants.');
    expect(html).toContain('Top row, all 1000 variants: 10–90% (bar), min–max (line), median (black tick).');
    // The table: the best 20, ranked, and a line saying how many more (in the sweep JSON).
    expect(html).toContain('<h2>Metrics: the best 20 of 1000 combinations, mean ± std over seeds</h2>');
    expect(html).toContain(`<tr><td class="n">1</td><td>units=${bestUnits}</td>`);
    expect(html).toContain('980 more are not listed here. Every value is in <a href="../20250101-000000-sweep0.json">');
    expect(html).toContain('The same in every variant: <code>naive_test.mse</code> 0.50000, <code>naive_test.mae</code> 0.60000.');
    // Variants: on a page beside the report, the best ones collapsed in it.
    expect(html).toContain('<a href="variants-1.html">1–1000</a>');
    expect(html).toContain('<details><summary>The 20 variants of the combinations listed above, best first</summary>');
    expect(Object.keys(pages)).toEqual(['variants-1.html']);
    expect(pages['variants-1.html']!.match(/<tr>/g)).toHaveLength(1001);
    expect(html).not.toMatch(/<script/);
    expect(html.length).toBeLessThan(150_000);
  });

  it('keeps the specs small: spreads are computed, not handed to vega as every point', async () => {
    const svgs = recorder();
    await renderSweepReport(sweep, runs, svgs);
    expect(JSON.stringify(svgs.specs).length).toBeLessThan(40_000);
  });
});

describe('a sweep of few combinations but many variants (20 combinations × 11 seeds)', () => {
  it('draws every combination, and lists the variants on a page beside the report with the failed ones collapsed in it', async () => {
    const { sweep, runs } = syntheticSweep(20, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 3);
    const failedId = sweep.variants[3]!.runId;
    const failed = { ...sweep, variants: sweep.variants.map((v) => (v.runId === failedId ? { ...v, status: 'failed' as const } : v)) };
    const data = runs.map((d) => (d.record.runId === failedId ? { ...d, record: { ...d.record, status: 'failed' as const } } : d));
    const { html, pages } = await renderSweepReport(failed, data, recorder());
    expect(html).toContain('Training loss per epoch of every variant: one colour per combination, one line per seed.');
    expect(html).toContain('<h2>Metrics: mean ± std over seeds</h2>');
    expect(html).toContain('220 variants, 1 of them did not succeed; listed 1000 to a page: <a href="variants-1.html">1–220</a>');
    expect(html).toContain('<details><summary>1 variant that did not succeed</summary>');
    expect(html.match(/<tr>/g)).toHaveLength(1 + 6 + 2); // the summary table (head, 6 metrics), the failed variant's (head, 1)
    expect(pages['variants-1.html']).toContain('<span class="status-failed">failed</span>');
    expect(pages['variants-1.html']!.match(/<tr>/g)).toHaveLength(221);
  });
});

describe('a summarised report’s table', () => {
  it('leaves the *_original twins to the sweep JSON, and says so', async () => {
    const { sweep, runs } = syntheticSweep(30, [1], 3, { original: true });
    const { html } = await renderSweepReport(sweep, runs, recorder());
    expect(html).toContain('<th>#</th><th>combination</th><th>test.mae</th><th>test.mse</th><th>test.rmse</th><th>test.r2</th></tr>');
    expect(html).toContain('10 more are not listed here. Every value, in original units (*_original) too, is in <a href="../20250101-000000-sweep0.json">');
  });
});
