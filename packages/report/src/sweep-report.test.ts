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
