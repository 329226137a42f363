import { gatherX, windowsAtEnds } from '@seqpipe/core';
import type { Forecaster, Split, Windows } from '@seqpipe/core';
import { describe, expect, it } from 'vitest';
import { naiveBaseline } from '../baselines/naive.baseline.js';
import { minMaxScaler } from '../scalers/min-max.scaler.js';
import { sineSource } from '../sources/sine.source.js';
import { ratioSplitter } from '../splitters/ratio.splitter.js';
import { testContext } from '@seqpipe/core';
import { slidingWindower } from '../windowers/sliding.windower.js';
import { nextPredictor } from './next.predictor.js';

const ctx = testContext();

/** The tutorial's data: sine → minmax on the whole series → windows of 10 → 80 % train. */
async function tutorialSplit(): Promise<Split> {
  const sine = await sineSource.run(ctx, {}, { points: 1000, start: 0, stop: 100, amplitude: 1, column: 'value' });
  const series = await minMaxScaler.run(ctx, { series: sine }, { range: [0, 1], fitFraction: 1 });
  const windows = await slidingWindower.run(ctx, { series }, { lookback: 10, horizon: 1, stride: 1, features: 'all', dropLast: true });
  return ratioSplitter.run(ctx, { windows }, { train: 0.8, validation: 0, gap: 0 });
}

/** Predicts last + 1 for each of `horizon` steps (last + 1, last + 2, ...) and records its inputs. */
function stepper(lookback: number, horizon = 1, features = 1): Forecaster & { calls: number[][] } {
  const calls: number[][] = [];
  return {
    kind: 'forecaster', impl: 'stepper', lookback, features, horizon, targets: 1, summary: {}, calls,
    async predict(x) {
      calls.push([...x]);
      return Float32Array.from({ length: horizon }, (_, h) => x[x.length - 1]! + h + 1);
    },
  };
}

describe('predictor/next', () => {
  it("predicts the tutorial's row 998 from the last test window, truth in original units", async () => {
    const data = await tutorialSplit();
    const model = await naiveBaseline.run(ctx, { data }, {});
    const f = await nextPredictor.run(ctx, { model, data }, { from: 'lastTestWindow', steps: 1 });
    expect(f.column).toBe('value');
    expect(f.points).toHaveLength(1);
    const [p] = f.points;
    expect(p).toMatchObject({ step: 1, index: 998 });
    expect(p!.actual).toBeCloseTo(Math.sin((100 * 998) / 999), 6); // ≈ −0.590
    expect(p!.actual).toBeCloseTo(-0.59, 3);
    // The naive forecast is row 997's value, mapped back through the scaler.
    expect(p!.value).toBeCloseTo(Math.sin((100 * 997) / 999), 6);
    const x = gatherX(data.test);
    expect(p!.scaled).toBe(x[x.length - 1]);
    expect(p!.time).toBe(99.8998998998999); // numpy.linspace(0, 100, 1000)[998]
  });

  it('extrapolates time and takes the truth from the tail past the last window', async () => {
    const data = await tutorialSplit();
    const f = await nextPredictor.run(ctx, { model: stepper(10), data }, { from: 'lastTestWindow', steps: 2 });
    expect(f.points[1]).toMatchObject({ step: 2, index: 999 });
    expect(f.points[1]!.actual).toBeCloseTo(Math.sin(100), 6);
    expect(f.points[1]!.time).toBeCloseTo(100, 10);
  });

  it('from "end" starts at the tail and predicts rows past the series, with no truth', async () => {
    const data = await tutorialSplit();
    const model = stepper(10);
    const f = await nextPredictor.run(ctx, { model, data }, { from: 'end', steps: 1 });
    expect(model.calls[0]).toEqual([...gatherX(windowsAtEnds(data.test))]);
    expect(f.points[0]).toMatchObject({ step: 1, index: 1000 });
    expect(f.points[0]!.actual).toBeUndefined();
    expect(f.points[0]!.time).toBeCloseTo(100 + 100 / 999, 10);
  });

  it('feeds predictions back, shifting the window by one row per step', async () => {
    const model = stepper(3);
    const f = await nextPredictor.run(ctx, { model, data: tiny() }, { from: 'end', steps: 3 });
    expect(model.calls).toEqual([[7, 8, 9], [8, 9, 10], [9, 10, 11]]);
    expect(f.points.map((p) => [p.step, p.index, p.scaled])).toEqual([[1, 10, 10], [2, 11, 11], [3, 12, 12]]);
    expect(f.points[0]!.value).toBe(5); // (10 − 0) / 2 through the recorded transform
  });

  it('uses every horizon step of a prediction before feeding back', async () => {
    const model = stepper(3, 2);
    const f = await nextPredictor.run(ctx, { model, data: tiny(2) }, { from: 'end', steps: 3 });
    expect(model.calls).toEqual([[7, 8, 9], [9, 10, 11]]);
    expect(f.points.map((p) => p.scaled)).toEqual([10, 11, 12]);
  });

  it('refuses feedback when the window has other features', async () => {
    const data = tiny(1, 2);
    await expect(nextPredictor.run(ctx, { model: stepper(3, 1, 2), data }, { from: 'end', steps: 2 })).rejects.toThrow(/features: target/);
    const one = await nextPredictor.run(ctx, { model: stepper(3, 1, 2), data }, { from: 'end', steps: 1 });
    expect(one.points).toHaveLength(1);
  });
});

/** A series 0..9 (scaled = 2·original), lookback 3; tail rows 7, 8, 9. */
function tiny(horizon = 1, features = 1): Split {
  const part: Windows = {
    kind: 'windows', columns: features === 1 ? ['v'] : ['v', 'w'], targetColumns: [0], lookback: 3, horizon, count: 1,
    data: Float64Array.from({ length: 10 * features }, (_, i) => (i % features === 0 ? i / features : 0)), rows: 10, index: new Int32Array([3]),
    transforms: [{ type: 'affine', by: 't', scale: [2, 1], offset: [0, 0] }],
  };
  return { kind: 'split', train: part, test: part };
}

describe('predictor/next on a dated series', () => {
  it('forecasts past the end with the next calendar dates (end of month stays end of month)', async () => {
    const dates = Array.from({ length: 30 }, (_, i) => Date.UTC(2000, i + 1, 0)); // Jan 31 2000, Feb 29, …
    const series = {
      kind: 'series' as const, columns: ['v'], length: 30, values: Float64Array.from(dates, (_, i) => i),
      time: Float64Array.from(dates), timeUnit: 'ms-epoch' as const, transforms: [],
    };
    const windows = await slidingWindower.run(ctx, { series }, { lookback: 3, horizon: 1, stride: 1, features: 'all', dropLast: true });
    expect(windows.timeUnit).toBe('ms-epoch');
    const data = await ratioSplitter.run(ctx, { windows }, { train: 0.8, validation: 0, gap: 0 });
    const f = await nextPredictor.run(ctx, { model: stepper(3), data }, { from: 'end', steps: 3 });
    expect(f.points.map((p) => [p.index, p.date])).toEqual([[30, '2002-07-31'], [31, '2002-08-31'], [32, '2002-09-30']]);
    const known = await nextPredictor.run(ctx, { model: stepper(3), data }, { from: 'lastTestWindow', steps: 1 });
    expect(known.points[0]).toMatchObject({ index: 28, date: '2002-05-31', time: Date.UTC(2002, 4, 31) });
  });
});
