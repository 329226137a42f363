/**
 * Our benchmarks against the M4 organisers' R code (Mcompetitions/M4-methods, "Benchmarks and
 * Evaluation.R", run with R 4.2 and forecast 8.20 by scripts/m4/make-fixtures.mjs). Naive, sNaive,
 * Naive2, SES and Theta must agree to 1e-9 relative; Holt, Damped and Comb, whose Nelder–Mead runs
 * are longer and amplify rounding differences (least squares by QR in R, closed form here), to 1e-6.
 * On every M4 Hourly and Weekly series they agree to within 1.4e-9 (bench/m4-statistical.js).
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { M4_BENCHMARKS } from './benchmarks.js';
import type { M4BenchmarkName } from './benchmarks.js';
import { fitEts } from './ets-additive.js';
import { isSeasonal } from './seasonality.js';

const TOLERANCE: Record<M4BenchmarkName, number> = { Naive: 1e-9, sNaive: 1e-9, Naive2: 1e-9, SES: 1e-9, Theta: 1e-9, Holt: 1e-6, Damped: 1e-6, Com: 1e-6 };

function expectClose(ours: Float64Array, theirs: number[], tol: number, what: string): void {
  expect(ours.length, what).toBe(theirs.length);
  theirs.forEach((r, h) => expect(Math.abs(ours[h]! - r) / Math.max(Math.abs(r), 1e-12), `${what} step ${h + 1}`).toBeLessThanOrEqual(tol));
}

interface SyntheticSeries {
  id: string;
  period: number;
  horizon: number;
  values: number[];
  seasonal: boolean;
  forecasts: Record<M4BenchmarkName, number[]>;
  params: Record<'ses' | 'holt' | 'damped', { alpha: number; beta: number | null; phi: number | null; l0: number; b0: number | null; mse: number }>;
}

const synthetic = JSON.parse(readFileSync(new URL('./fixtures/synthetic-reference.json', import.meta.url), 'utf8')) as { series: SyntheticSeries[] };

describe('benchmarks vs the organisers\' R code on synthetic series', () => {
  for (const s of synthetic.series) {
    it(`${s.id} (period ${s.period}, ${s.values.length} values)`, () => {
      const y = Float64Array.from(s.values);
      expect(isSeasonal(y, s.period)).toBe(s.seasonal);
      for (const name of Object.keys(TOLERANCE) as M4BenchmarkName[]) {
        expectClose(M4_BENCHMARKS[name](y, s.horizon, s.period), s.forecasts[name], TOLERANCE[name], `${s.id} ${name}`);
      }
    });
  }

  it('fits the same ETS parameters as R on the non-seasonal series', () => {
    for (const s of synthetic.series.filter((x) => !x.seasonal)) {
      const y = Float64Array.from(s.values);
      for (const [model, trend] of [['ses', 'none'], ['holt', 'additive'], ['damped', 'damped']] as const) {
        const ours = fitEts(y, trend);
        const r = s.params[model];
        expect(ours.alpha, `${s.id} ${model} alpha`).toBeCloseTo(r.alpha, 6);
        if (r.beta !== null) expect(ours.beta, `${s.id} ${model} beta`).toBeCloseTo(r.beta, 6);
        if (r.phi !== null) expect(ours.phi, `${s.id} ${model} phi`).toBeCloseTo(r.phi, 6);
        expect(Math.abs(ours.mse - r.mse) / r.mse, `${s.id} ${model} mse`).toBeLessThan(1e-9);
      }
    }
  });
});

// M4 series themselves are not committed: scripts/fetch-m4.sh copies them into data/m4/.
const m4Dir = new URL('../../../../data/m4/', import.meta.url);
const haveM4 = existsSync(new URL('Hourly-train.csv', m4Dir)) && existsSync(new URL('Weekly-train.csv', m4Dir));
const subset = JSON.parse(readFileSync(new URL('./fixtures/m4-subset-reference.json', import.meta.url), 'utf8')) as Record<'Hourly' | 'Weekly', { period: number; horizon: number; forecasts: Record<string, Partial<Record<M4BenchmarkName, number[]>>> }>;

function readTrain(freq: string, ids: Set<string>): Map<string, Float64Array> {
  const out = new Map<string, Float64Array>();
  for (const line of readFileSync(new URL(`${freq}-train.csv`, m4Dir), 'utf8').trim().split('\n').slice(1)) {
    const cells = line.split(',').map((c) => c.replace(/"/g, ''));
    if (ids.has(cells[0]!)) out.set(cells[0]!, Float64Array.from(cells.slice(1).filter((c) => c !== '').map(Number)));
  }
  return out;
}

describe.skipIf(!haveM4)('benchmarks vs the organisers\' R code on 20 Hourly and 20 Weekly M4 series (needs data/m4)', () => {
  for (const freq of ['Hourly', 'Weekly'] as const) {
    it(freq, () => {
      const { period, horizon, forecasts } = subset[freq];
      const train = readTrain(freq, new Set(Object.keys(forecasts)));
      // The fixture keeps 12 significant digits.
      for (const [id, byMethod] of Object.entries(forecasts)) {
        for (const [name, theirs] of Object.entries(byMethod) as [M4BenchmarkName, number[]][]) {
          expectClose(M4_BENCHMARKS[name](train.get(id)!, horizon, period), theirs, Math.max(TOLERANCE[name], 1e-11), `${id} ${name}`);
        }
      }
    });
  }
});
