/** predictor/next with a forecaster that gives intervals: on each point, on a panel's arrays, none past the horizon. */
import { checkArtifact, forecastCodec, offsetsFrom, testContext } from '@seqpipe/core';
import type { Forecaster, Intervals, Split, Windows } from '@seqpipe/core';
import { describe, expect, it } from 'vitest';
import { nextPredictor } from './next.predictor.js';

/**
 * Predicts each window's last input + 1 for every step (scaled = 2·original), with intervals in
 * original units: value ± 1 at 80 %, ± 2 at 95 %, widening by 0.5 per step.
 */
function banded(horizon: number, intervals?: (w: Windows) => Promise<Intervals>): Forecaster {
  return {
    kind: 'forecaster', impl: 'banded', lookback: 3, features: 1, horizon, targets: 1, summary: {}, levels: [80, 95],
    async predict(x, count) {
      return Float32Array.from({ length: count * horizon }, (_, i) => x[Math.floor(i / horizon) * 3 + 2]! + 1);
    },
    intervals: intervals ?? (async (w) => {
      const centre = (k: number): number => (w.data[w.index[k]! - 1]! + 1) / 2;
      const bound = (d: number): Float64Array => Float64Array.from({ length: w.count * horizon }, (_, i) => centre(Math.floor(i / horizon)) + d * (1 + 0.5 * (i % horizon)));
      return { levels: [80, 95], lower: [bound(-1), bound(-2)], upper: [bound(1), bound(2)] };
    }),
  };
}

/** One series 0..9 or a panel of two (0..9 and 100..109), scaled = 2·original, lookback 3. */
function tiny(horizon: number, panel = false): Split {
  const rows = panel ? 20 : 10;
  const part: Windows = {
    kind: 'windows', columns: ['v'], targetColumns: [0], lookback: 3, horizon, count: 1,
    data: Float64Array.from({ length: rows }, (_, r) => 2 * (r < 10 ? r : 90 + r)), rows, index: new Int32Array([3]),
    transforms: [{ type: 'affine', by: 't', scale: [2], offset: [0] }],
    ...(panel ? { ids: ['a', 'b'], offsets: offsetsFrom([10, 10]) } : {}),
  };
  return { kind: 'split', train: part, test: part };
}

describe('predictor/next with intervals', () => {
  it('gives each point one interval per level, ascending, in original units', async () => {
    const f = await nextPredictor.run(testContext(), { model: banded(2), data: tiny(2) }, { from: 'end', steps: 2 });
    // The last row is 9 (scaled 18): the forecast is 9.5 in original units for both steps.
    expect(f.points.map((p) => p.value)).toEqual([9.5, 9.5]);
    expect(f.points.map((p) => p.intervals)).toEqual([
      [{ level: 80, lower: 8.5, upper: 10.5 }, { level: 95, lower: 7.5, upper: 11.5 }],
      [{ level: 80, lower: 8, upper: 11 }, { level: 95, lower: 6.5, upper: 12.5 }],
    ]);
    expect(checkArtifact('forecast', f)).toBeUndefined();
  });

  it('has no intervals on steps fed back past the horizon, and says so', async () => {
    const ctx = testContext();
    const f = await nextPredictor.run(ctx, { model: banded(1), data: tiny(1) }, { from: 'end', steps: 3 });
    expect(f.points.map((p) => p.intervals?.length ?? 0)).toEqual([2, 0, 0]);
    expect(ctx.logs).toContain('warn: intervals cover the first 1 step (the horizon); steps 2–3, fed back, have none');
  });

  it('lays a panel\'s bounds out as its values, per level, and the forecast codec keeps them', async () => {
    const f = await nextPredictor.run(testContext(), { model: banded(1), data: tiny(1, true) }, { from: 'end', steps: 2 });
    const p = f.panel!;
    expect(p.ids).toEqual(['a', 'b']);
    expect([...p.value]).toEqual([9.5, 10, 109.5, 110]);
    expect(p.intervals!.levels).toEqual([80, 95]);
    expect([...p.intervals!.lower[0]!]).toEqual([8.5, NaN, 108.5, NaN]);
    expect([...p.intervals!.upper[1]!]).toEqual([11.5, NaN, 111.5, NaN]);
    expect(f.points[0]!.intervals).toEqual([{ level: 80, lower: 8.5, upper: 10.5 }, { level: 95, lower: 7.5, upper: 11.5 }]);
    expect(checkArtifact('forecast', f)).toBeUndefined();
    const back = await forecastCodec.decode(forecastCodec.encode(f) as never);
    expect(back.panel!.intervals).toEqual(p.intervals);
    expect(back.points).toEqual(JSON.parse(JSON.stringify(f.points)));
  });

  it('refuses intervals of the wrong length, unordered levels or crossed bounds', async () => {
    const run = (intervals: (w: Windows) => Promise<Intervals>) => nextPredictor.run(testContext(), { model: banded(1, intervals), data: tiny(1) }, { from: 'end', steps: 1 });
    const one = (v: number) => Float64Array.of(v);
    await expect(run(async () => ({ levels: [80], lower: [new Float64Array(2)], upper: [new Float64Array(2)] }))).rejects.toThrow(/of 2 and 2 values at 80%, expected 1/);
    await expect(run(async () => ({ levels: [95, 80], lower: [one(0), one(0)], upper: [one(1), one(1)] }))).rejects.toThrow(/levels are percentages in \(0, 100\), ascending/);
    await expect(run(async () => ({ levels: [80], lower: [one(2)], upper: [one(1)] }))).rejects.toThrow(/\[2, 1\] at 80% \(window 0, step 1\)/);
    await expect(run(async () => ({ levels: [80], lower: [one(NaN)], upper: [one(1)] }))).rejects.toThrow(/bounds must be finite/);
  });

  it('a forecaster without intervals gives points and panels without them, as before', async () => {
    const { intervals: _none, ...plain } = banded(1);
    const f = await nextPredictor.run(testContext(), { model: plain as Forecaster, data: tiny(1, true) }, { from: 'end', steps: 1 });
    expect(f.points[0]).not.toHaveProperty('intervals');
    expect(f.panel).not.toHaveProperty('intervals');
  });
});
