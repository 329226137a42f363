import { describe, expect, it } from 'vitest';
import type { SummaryRow } from '@seqpipe/core';
import { primaryMetric, quantile, rankCombos } from './sweep-ranking.js';

const row = (units: number, metrics: Record<string, number>): SummaryRow => ({
  params: { 'model.units': units }, seeds: [1], runIds: [`r${units}`], seconds: { mean: 1, std: 0, n: 1 },
  metrics: Object.fromEntries(Object.entries(metrics).map(([k, v]) => [k, { mean: v, std: 0, n: Number.isNaN(v) ? 0 : 1 }])),
});

describe('ranking a sweep’s combinations', () => {
  it('ranks by the first evaluator’s error metric that differs (mae before rmse), lower is better', () => {
    expect(primaryMetric(['val.r2', 'val.rmse', 'val.mae', 'test.mae'])).toBe('val.mae');
    expect(primaryMetric(['test.r2', 'test.rmse'])).toBe('test.rmse');
    expect(primaryMetric(['test.r2', 'test.mae_original'])).toBeUndefined();
    const rows = [row(1, { 'test.mae': 0.3 }), row(2, { 'test.mae': 0.1 }), row(3, { 'test.mae': Number.NaN }), row(4, { 'test.mae': 0.2 })];
    const ranking = rankCombos(rows, ['test.mae'], new Map());
    expect(ranking.by).toBe('test.mae');
    expect(ranking.rule).toMatch(/^ranked by test\.mae \(mean over seeds, lower is better/);
    // A combination without the metric (every seed failed) comes last.
    expect(ranking.ranked.map((r) => r.label)).toEqual(['units=2', 'units=4', 'units=1', 'units=3']);
  });

  it('falls back to the final training loss, then to grid order', () => {
    const rows = [row(1, { 'test.r2': 0.5 }), row(2, { 'test.r2': 0.6 })];
    const byLoss = rankCombos(rows, ['test.r2'], new Map([[JSON.stringify({ 'model.units': 1 }), 0.2], [JSON.stringify({ 'model.units': 2 }), 0.1]]));
    expect(byLoss.by).toBe('final training loss');
    expect(byLoss.ranked.map((r) => r.label)).toEqual(['units=2', 'units=1']);
    const none = rankCombos(rows, [], new Map());
    expect(none.by).toBeUndefined();
    expect(none.rule).toMatch(/^in grid order/);
    expect(none.ranked.map((r) => r.label)).toEqual(['units=1', 'units=2']);
  });

  it('quantiles interpolate linearly', () => {
    expect(quantile([1, 2, 3, 4, 5], 0.5)).toBe(3);
    expect(quantile([0, 10], 0.1)).toBeCloseTo(1);
    expect(quantile([7], 0.9)).toBe(7);
    expect(quantile([], 0.5)).toBeNaN();
  });
});
