/** Interval bands in the run report's charts: one shaded area per level, widest lightest, only when the data has them. */
import { describe, expect, it } from 'vitest';
import { forecastChart, predictionsChart } from './charts.js';
import { worstSeriesChart } from './panel-charts.js';
import { intervalLevels, panelEvaluation } from './panel-data.js';
import { renderSvg } from './render-svg.js';
import type { Evaluation } from './report-data.js';

/** The area marks an SVG draws: per mark, its fill opacity. */
const areas = (svg: string): number[] => [...svg.matchAll(/<g class="mark-area role-mark[^>]*><path [^>]*d="M[^"]+"[^>]*fill-opacity="([\d.]+)"/g)].map((m) => Number(m[1]));

const actual = Array.from({ length: 12 }, (_, i) => 50 + 10 * Math.sin(i / 2));
const predicted = actual.map((_, i) => actual[Math.max(0, i - 1)]!);
const evaluation = (stage: string, intervals: boolean): Evaluation => ({
  stage, forecaster: `${stage}-model`, part: 'test', values: {},
  predictions: {
    index: actual.map((_, i) => 100 + i), actual, predicted,
    ...(intervals ? { intervals: { levels: [80, 95], lower: [predicted.map((v) => v - 2), predicted.map((v) => v - 4)], upper: [predicted.map((v) => v + 2), predicted.map((v) => v + 4)] } } : {}),
  },
});

describe('interval bands in the run report', () => {
  it('shades the forecast chart per level, the wider lighter, and says so in the title', async () => {
    const points = [1, 2, 3].map((step) => ({ step, index: 111 + step, value: 50, intervals: [{ level: 80, lower: 49 - step, upper: 51 + step }, { level: 95, lower: 47 - step, upper: 53 + step }] }));
    const svg = await renderSvg(forecastChart('next', points)!);
    expect(areas(svg)).toHaveLength(2);
    const [wider, narrower] = areas(svg);
    expect(wider).toBeLessThan(narrower!); // 95 % drawn first, lighter
    expect(svg).toContain('Forecast: next (original units; shaded: 80% and 95% intervals)');
  });

  it('shades an evaluator\'s predicted-vs-actual line when its details carry intervals, not the others', async () => {
    const svg = await renderSvg(predictionsChart([evaluation('test', true), evaluation('naive_test', false)])!);
    expect(areas(svg)).toHaveLength(2);
    expect(svg).toContain('shaded: 80% and 95% intervals');
  });

  it('leaves charts without intervals exactly as they were (one mark, no layers: the SVG cache keeps its keys)', () => {
    const spec = predictionsChart([evaluation('test', false)]) as unknown as Record<string, unknown>;
    expect(spec).not.toHaveProperty('layer');
    expect(spec.mark).toEqual({ type: 'line', strokeWidth: 1.5 });
    const forecast = forecastChart('next', [{ step: 1, index: 3, value: 1 }]) as unknown as Record<string, unknown>;
    expect(forecast).not.toHaveProperty('layer');
  });

  it('shades a panel\'s worst series from the forecasts table\'s lower_L/upper_L columns', async () => {
    const n = 6;
    const col = (f: (i: number) => number): Float64Array => Float64Array.from({ length: n }, (_, i) => f(i));
    const forecasts = {
      series: col((i) => (i < 3 ? 0 : 1)), row: col((i) => 10 + (i % 3)), step: col(() => 1),
      actual: col((i) => i), predicted: col((i) => i + 0.5),
      lower_80: col((i) => i - 1), upper_80: col((i) => i + 2), lower_95: col((i) => i - 2), upper_95: col((i) => i + 3),
    };
    expect(intervalLevels(forecasts)).toEqual([80, 95]);
    const p = panelEvaluation({ ids: ['a', 'b'], series: { series: Float64Array.of(0, 1), smape: Float64Array.of(5, 9) }, forecasts })!;
    expect(p.worst[0]).toMatchObject({ id: 'b', intervals: { levels: [80, 95], lower: [[2, 3, 4], [1, 2, 3]], upper: [[5, 6, 7], [6, 7, 8]] } });
    const svg = await renderSvg(worstSeriesChart('test', p.worst[0]!, p));
    expect(areas(svg)).toHaveLength(2);
  });

  it('draws a one-step forecast\'s intervals as thick rules (an area of one point has no width)', async () => {
    const svg = await renderSvg(forecastChart('next', [{ step: 1, index: 3, value: 1, intervals: [{ level: 80, lower: 0, upper: 2 }, { level: 95, lower: -1, upper: 3 }] }])!);
    expect(areas(svg)).toEqual([]);
    expect(svg.match(/<g class="mark-rule role-mark[^>]*><line [^>]*stroke-width="8"/g)).toHaveLength(2);
  });
});
