import type { MetricsTables } from '@seqpipe/core';
import { describe, expect, it } from 'vitest';
import { histogram, panelEvaluation } from './panel-data.js';

const f64 = (...v: number[]): Float64Array => Float64Array.from(v);
/** Three series; b is forecast by two overlapping windows of horizon 2 (rows 5–6, 6–7). */
const tables: MetricsTables = {
  ids: ['a', 'b', 'c'],
  series: { series: f64(0, 1, 2), smape: f64(10, 30, 20), mase: f64(1, Number.NaN, 2) },
  forecasts: {
    series: f64(0, 0, 1, 1, 1, 1, 2, 2), row: f64(4, 5, 5, 6, 6, 7, 3, 4), step: f64(1, 2, 1, 2, 1, 2, 1, 2),
    actual: f64(1, 2, 3, 4, 4, 5, 6, 7), predicted: f64(1, 1, 2, 2, 3, 3, 4, 4),
  },
};

describe('a panel evaluation in the report', () => {
  it('ranks the worst series by sMAPE and draws each row once', () => {
    const p = panelEvaluation(tables)!;
    expect(p.series).toBe(3);
    expect(p.perSeries.mase).toEqual([1, 2]);
    expect(p.worst.map((w) => w.id)).toEqual(['b', 'c', 'a']);
    // b: rows forecast twice, so the first step of each window; c: a holdout, every step.
    expect(p.worst[0]).toMatchObject({ x: [5, 6], actual: [3, 4], predicted: [2, 3], values: { smape: 30 } });
    expect(p.worst[1]).toMatchObject({ x: [3, 4], values: { smape: 20, mase: 2 } });
  });

  it('is absent for a single series, whose report stays as it was', () => {
    expect(panelEvaluation({ ...tables, ids: ['series'] })).toBeUndefined();
  });

  it('bins from 0 to the 99th percentile, larger values in the last bin', () => {
    // 1…199 and one outlier: the 99th percentile is 199; the outlier is counted in the last bin.
    const bins = histogram([...Array.from({ length: 199 }, (_, i) => i + 1), 10_000], 4);
    expect(bins[0]!.from).toBe(0);
    expect(bins.at(-1)!.to).toBe(199);
    expect(bins.map((b) => b.count)).toEqual([49, 50, 50, 51]);
  });
});
