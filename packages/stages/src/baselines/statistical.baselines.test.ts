import { fromBytes, gatherX, SeqpipeError, testContext, toBytes } from '@seqpipe/core';
import type { AffineTransform, Split, Transform, Windows } from '@seqpipe/core';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { M4_BENCHMARKS } from '../statistical/benchmarks.js';
import type { M4BenchmarkName } from '../statistical/benchmarks.js';
import { difference } from '../transforms/diff.transform.js';
import { createNaiveForecaster } from './naive-forecaster.js';
import { combBaseline, dampedBaseline, holtBaseline, naive2Baseline, sesBaseline, statisticalBaselines, thetaBaseline } from './statistical.baselines.js';
import { createStatisticalForecaster, statisticalForecasterCodec } from './statistical-forecaster.js';
import type { StatisticalMethod } from './statistical-forecaster.js';

const ctx = testContext();
const NAMES: Record<StatisticalMethod, M4BenchmarkName> = { naive2: 'Naive2', ses: 'SES', holt: 'Holt', damped: 'Damped', theta: 'Theta', comb: 'Com' };
const STAGES = { naive2: naive2Baseline, ses: sesBaseline, holt: holtBaseline, damped: dampedBaseline, theta: thetaBaseline, comb: combBaseline };
const METHODS = Object.keys(NAMES) as StatisticalMethod[];

/** Deterministic positive series: a has a trend and a season of 4, b a slow wave. */
const a = Float64Array.from({ length: 40 }, (_, t) => 100 + 2 * t + 20 * [1, -0.5, 0.3, -0.8][t % 4]! + 3 * Math.sin(1.7 * t));
const b = Float64Array.from({ length: 36 }, (_, t) => 50 + 10 * Math.sin(t / 3) + 0.5 * t);

function minmax(x: Float64Array): { scale: number; offset: number } {
  const lo = Math.min(...x);
  const scale = 1 / (Math.max(...x) - lo);
  return { scale, offset: -lo * scale };
}

/** One-column windows over `data` (model units) at the given first target rows. */
function windows(data: Float64Array, index: number[], transforms: Transform[], panel: { ids?: string[]; offsets?: Int32Array } = {}, horizon = 6): Windows {
  return { kind: 'windows', columns: ['v'], targetColumns: [0], lookback: 4, horizon, count: index.length, data, rows: data.length, index: Int32Array.from(index), transforms, ...panel };
}

/** A panel of a and b, each min-max scaled on its own (a per-series scaler's record). */
const ma = minmax(a);
const mb = minmax(b);
const perSeries: AffineTransform = { type: 'affine', by: 'scaler/minmax', scale: [ma.scale, mb.scale], offset: [ma.offset, mb.offset], seriesCount: 2 };
const panelData = Float64Array.from([...a.map((v) => v * ma.scale + ma.offset), ...b.map((v) => v * mb.scale + mb.offset)]);
// Series a: a window inside it and one past its end; likewise b (rows 40…75).
const panel = windows(panelData, [34, 40, 70, 76], [perSeries], { ids: ['a', 'b'], offsets: Int32Array.of(0, 40, 76) });
const split: Split = { kind: 'split', train: panel, test: panel };

function expectNear(ours: Float32Array, theirs: ArrayLike<number>, tol: number, what: string): void {
  expect(ours.length, what).toBe(theirs.length);
  for (let i = 0; i < ours.length; i++) expect(Math.abs(ours[i]! - theirs[i]!) / Math.max(Math.abs(theirs[i]!), 1e-9), `${what} [${i}]`).toBeLessThan(tol);
}

describe('baseline/naive2, ses, holt, damped, theta, comb', () => {
  it("forecast each panel window from its own series' whole history, in original units", async () => {
    for (const method of METHODS) {
      const f = await STAGES[method].run(ctx, { data: split }, { period: 4 });
      expect(f).toMatchObject({ kind: 'forecaster', impl: 'm4-statistical', method, period: 4, lookback: 4, features: 1, horizon: 6, targets: 1 });
      const out = await f.forecast!(panel);
      const expected = [[a, 34, ma], [a, 40, ma], [b, 30, mb], [b, 36, mb]].flatMap(([x, n, m]) => {
        const { scale, offset } = m as { scale: number; offset: number };
        return [...M4_BENCHMARKS[NAMES[method]]((x as Float64Array).subarray(0, n as number), 6, 4)].map((v) => v * scale + offset);
      });
      expectNear(out, expected, 1e-6, method);
    }
  });

  it("agree with the M4 organisers' R code on the synthetic fixtures (a forecast past the series' end)", async () => {
    const fixture = JSON.parse(readFileSync(new URL('../statistical/fixtures/synthetic-reference.json', import.meta.url), 'utf8')) as { series: { id: string; period: number; horizon: number; values: number[]; forecasts: Record<M4BenchmarkName, number[]> }[] };
    for (const s of fixture.series) {
      const w = windows(Float64Array.from(s.values), [s.values.length], [], {}, s.horizon);
      for (const method of METHODS) {
        const f = await STAGES[method].run(ctx, { data: { kind: 'split', train: w, test: w } }, { period: s.period });
        // R's Holt, Damped and Comb agree to 1e-6 (statistical/reference.test.ts); float32 adds < 1e-7.
        expectNear(await f.forecast!(w), s.forecasts[NAMES[method]], 1.2e-6, `${s.id} ${method}`);
      }
    }
  });

  it('undo a difference on a single series, reading no row after the forecast origin', async () => {
    const n = a.length;
    const d = Float64Array.from({ length: n - 1 }, (_, r) => a[r + 1]! - a[r]!);
    const m = minmax(d);
    const origin = 30; // model row 30 is original row 31
    // The difference's record holds every row; poison those after the origin's input rows.
    const history = [Array.from(a, (v, r) => (r <= origin ? v : Number.NaN))];
    const transforms: Transform[] = [{ type: 'diff', by: 'transform/diff', lag: 1, history }, { type: 'affine', by: 'scaler/minmax', scale: [m.scale], offset: [m.offset] }];
    const w = windows(d.map((v) => v * m.scale + m.offset), [origin], transforms);
    const f = await thetaBaseline.run(ctx, { data: { kind: 'split', train: w, test: w } }, { period: 4 });
    const forecast = M4_BENCHMARKS.Theta(a.subarray(0, origin + 1), 6, 4);
    const expected = [...forecast].map((v, h) => (v - (h === 0 ? a[origin]! : forecast[h - 1]!)) * m.scale + m.offset);
    expectNear(await f.forecast!(w), expected, 1e-5, 'theta after diff');
  });

  it('predict() without positions fits on the lookback rows, in model units', async () => {
    const f = createStatisticalForecaster('ses', 1, { lookback: 4, features: 1, horizon: 6, targetFeatures: [0] });
    const x = gatherX(panel);
    const out = await f.predict(x, 4);
    expectNear(out.subarray(6, 12), M4_BENCHMARKS.SES(Float64Array.from(x.subarray(4, 8)), 6, 1), 1e-6, 'window 1');
  });

  it('round-trip through their codec (method, period and shape)', async () => {
    for (const method of METHODS) {
      const f = await STAGES[method].run(ctx, { data: split }, { period: 4 });
      const encoded = await statisticalForecasterCodec.encode(f);
      expect(encoded.header).toMatchObject({ kind: 'forecaster', impl: 'm4-statistical', method, period: 4 });
      const back = await statisticalForecasterCodec.decode(fromBytes(toBytes(encoded)));
      expect(back).toMatchObject({ impl: 'm4-statistical', method, period: 4, lookback: 4, features: 1, horizon: 6, targets: 1 });
      expect([...(await back.forecast!(panel))]).toEqual([...(await f.forecast!(panel))]);
    }
    expect(() => statisticalForecasterCodec.encode(createNaiveForecaster({ lookback: 4, features: 1, horizon: 6, targetFeatures: [0] }))).toThrow(/"naive-last"/);
  });

  it('refuse several targets (E_ONE_TARGET)', async () => {
    const two: Windows = { ...panel, columns: ['v', 'w'], targetColumns: [0, 1], data: new Float64Array(panel.rows * 2) };
    await expect(sesBaseline.run(ctx, { data: { kind: 'split', train: two, test: two } }, { period: 1 })).rejects.toBeInstanceOf(SeqpipeError);
    await expect(sesBaseline.run(ctx, { data: { kind: 'split', train: two, test: two } }, { period: 1 })).rejects.toMatchObject({ code: 'E_ONE_TARGET' });
  });

  it('undo a difference per series of a panel: the same forecasts as on the undifferenced panel', async () => {
    // a and b stacked raw, then differenced at lag 1 per series by the stage's own function.
    const raw = { kind: 'series' as const, columns: ['v'], length: 76, values: Float64Array.from([...a, ...b]), transforms: [], ids: ['a', 'b'], offsets: Int32Array.of(0, 40, 76) };
    const diffed = difference(raw, 1);
    expect([...diffed.offsets!]).toEqual([0, 39, 74]);
    // Windows at the same original rows: a's row 34 and end 40, b's row 30 and end 36.
    const onDiff = windows(diffed.values, [33, 39, 39 + 29, 39 + 35], diffed.transforms as Transform[], { ids: ['a', 'b'], offsets: diffed.offsets! });
    const onRaw = windows(raw.values, [34, 40, 70, 76], [], { ids: ['a', 'b'], offsets: raw.offsets });
    for (const method of ['ses', 'theta'] as const) {
      const f = createStatisticalForecaster(method, 1, { lookback: 4, features: 1, horizon: 6, targetFeatures: [0] });
      const d = await f.forecast!(onDiff);
      const r = await f.forecast!(onRaw);
      // Back in original units: undo the difference onto each window's last known value.
      for (const [k, last] of [[0, a[33]!], [1, a[39]!], [2, b[29]!], [3, b[35]!]] as const) {
        let level = last;
        for (let h = 0; h < 6; h++) {
          level += d[k * 6 + h]!;
          expect(level).toBeCloseTo(r[k * 6 + h]!, 3);
        }
      }
    }
  });

  it('are six stages with descriptions and a period ≥ 1 defaulting to 1', () => {
    expect(statisticalBaselines.map((s) => s.uses)).toEqual(METHODS.map((m) => `baseline/${m}`));
    for (const s of statisticalBaselines) {
      expect(s.description.length).toBeGreaterThan(20);
      expect((s.params.properties as Record<string, unknown>).period).toMatchObject({ type: 'integer', minimum: 1, default: 1 });
    }
  });
});
