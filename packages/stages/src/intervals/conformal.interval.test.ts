import { fromBytes, PluginRegistry, testContext, toBytes } from '@seqpipe/core';
import type { Forecaster, Split, Windows } from '@seqpipe/core';
import { describe, expect, it } from 'vitest';
import { createNaiveForecaster } from '../baselines/naive-forecaster.js';
import { regressionEvaluator } from '../evaluators/regression.evaluator.js';
import { builtinStages, stageCodecs } from '../index.js';
import { isConformalForecaster } from './conformal-forecaster.js';
import { conformalInterval } from './conformal.interval.js';

/** A ramp with a bump every 5 rows, unscaled (no transforms): rows 0..59. */
const data = Float64Array.from({ length: 60 }, (_, r) => r + (r % 5 === 0 ? 3 : 0));
const windows = (first: number, count: number): Windows => ({
  kind: 'windows', columns: ['v'], targetColumns: [0], lookback: 2, horizon: 1, count,
  data, rows: 60, index: Int32Array.from({ length: count }, (_, i) => first + i), transforms: [],
});
const split: Split = { kind: 'split', train: windows(2, 20), validation: windows(22, 20), test: windows(42, 18) };
const naive: Forecaster = createNaiveForecaster({ lookback: 2, features: 1, horizon: 1, targetFeatures: [0] });
const params = { levels: [80, 95], part: 'validation', scope: 'pooled', period: 1 } as const;

describe('interval/conformal', () => {
  it('widens the point forecast by the calibration quantile of |y − ŷ| and delegates predictions', async () => {
    const f = await conformalInterval.run(testContext(), { model: naive, data: split }, params);
    expect(f.levels).toEqual([80, 95]);
    // Naive residuals on validation rows 22..41: 1 except 4 after a bump (r % 5 = 0) and 2 right after one (r % 5 = 1):
    // sorted 1×12, 2×4, 4×4 → 80%: rank ⌈21·0.8⌉ = 17 → 4; 95%: rank 20 → 4.
    const iv = await f.intervals!(split.test);
    // Predictions are the naive model's: the last input value of each test window.
    const p = await f.predict(Float32Array.from({ length: 36 }, (_, i) => data[42 - 2 + Math.floor(i / 2) + (i % 2)]!), 18);
    expect(iv.lower[0]![0]).toBeCloseTo(p[0]! - 4, 5);
    expect(iv.upper[1]![17]).toBeCloseTo(p[17]! + 4, 5);
  });

  it('evaluator/regression scores its intervals: coverage per level, MSIS, ACD, pinball, bounds in tables and details', async () => {
    const f = await conformalInterval.run(testContext(), { model: naive, data: split }, { ...params, levels: [50, 95] });
    const m = await regressionEvaluator.run(testContext(), { model: f, data: split }, { part: 'test', metrics: ['mae', 'mase'], period: 1 });
    // 50%: rank ⌈21·0.5⌉ = 11 → 1: residuals of 1 are inside (bounds included), 2 and 4 are not.
    const residuals = Array.from({ length: 18 }, (_, i) => Math.abs(data[42 + i]! - data[41 + i]!));
    expect(m.values.coverage_50).toBeCloseTo(residuals.filter((r) => r <= 1).length / 18, 12);
    expect(m.values.coverage_95).toBe(1);
    expect(m.values.acd).toBeCloseTo(0.05, 12);
    expect(m.values.msis).toBeGreaterThan(0);
    expect(m.values.pinball).toBeGreaterThan(0);
    expect(Object.keys(m.tables!.forecasts)).toEqual(expect.arrayContaining(['lower_50', 'upper_50', 'lower_95', 'upper_95']));
    expect(m.tables!.series.msis![0]).toBeCloseTo(m.values.msis!, 12);
    const pred = m.details!.predictions as { predicted: number[]; intervals: { levels: number[]; lower: number[][]; upper: number[][] } };
    expect(pred.intervals.levels).toEqual([50, 95]);
    expect(pred.intervals.lower[1]![0]).toBeCloseTo(pred.predicted[0]! - 4, 5);
  });

  it('round-trips through the registry: the wrapped model by its own codec, the table as buffers', async () => {
    const registry = new PluginRegistry(builtinStages, stageCodecs);
    const f = await conformalInterval.run(testContext(), { model: naive, data: split }, params);
    const back = (await registry.decode(fromBytes(toBytes(await registry.encode(f))))) as Forecaster;
    expect(isConformalForecaster(back)).toBe(true);
    if (!isConformalForecaster(back) || !isConformalForecaster(f)) return;
    expect(back.inner.impl).toBe('naive-last');
    expect(back.levels).toEqual([80, 95]);
    const [a, b] = [await f.intervals(split.test), await back.intervals(split.test)];
    expect(b.lower.map((x) => Array.from(x))).toEqual(a.lower.map((x) => Array.from(x)));
    expect(b.upper.map((x) => Array.from(x))).toEqual(a.upper.map((x) => Array.from(x)));
    expect(Object.keys(registry.files(await registry.encode(f)))).toEqual(['conformal.json']);
  });

  it('gives a panel of one the same intervals and metrics as the single series, bit for bit', async () => {
    const panel = (w: Windows): Windows => ({ ...w, ids: ['only'], offsets: Int32Array.of(0, 60) });
    const one: Split = { kind: 'split', train: panel(split.train), validation: panel(split.validation!), test: panel(split.test) };
    const evaluate = async (s: Split) => {
      const f = await conformalInterval.run(testContext(), { model: naive, data: s }, params);
      return regressionEvaluator.run(testContext(), { model: f, data: s }, { part: 'test', metrics: ['mae', 'mase'], period: 1 });
    };
    const [a, b] = [await evaluate(split), await evaluate(one)];
    expect(b.values).toEqual(a.values);
    expect(b.tables!.forecasts).toEqual(a.tables!.forecasts);
  });

  it('checks: a split without the calibration part is E_MISSING_PART at part; train warns', () => {
    const check = conformalInterval.check!;
    expect(check(params, { data: { parts: ['train', 'test'] } }).issues).toEqual([expect.objectContaining({ code: 'E_MISSING_PART', path: ['part'] })]);
    expect(check({ ...params, part: 'train' }, { data: { parts: ['train', 'test'] } }).issues).toEqual([expect.objectContaining({ code: 'W_CONFORMAL_TRAIN', severity: 'warning', path: ['part'] })]);
  });
});
