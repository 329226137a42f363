/** log + diff end to end: metrics and forecasts in original units equal the ones computed by hand. */
import { afterAll, describe, expect, it } from 'vitest';
import { linspace } from '@seqpipe/stages';
import { cli, tempDir } from '../helpers.js';
import { writePipeline } from './evaluation-helpers.js';

const dir = tempDir();
afterAll(() => dir.remove());

// y = sin(x) + 2 on 120 points; log(y) then a first difference: 119 model rows.
const y = Array.from(linspace(0, 24, 120), (x) => Math.sin(x) + 2);
const z = y.map(Math.log);

describe('transform/log + transform/diff', () => {
  const file = writePipeline(dir.path, 'logdiff', {
    series: { uses: 'source/sine', with: { points: 120, stop: 24 } },
    logged: { uses: 'transform/log', from: 'series', with: { offset: 2 } },
    diffed: { uses: 'transform/diff', from: 'logged' },
    scaled: { uses: 'scaler/minmax', from: 'diffed' },
    windows: { uses: 'windower/sliding', from: 'scaled', with: { lookback: 6 } },
    split: { uses: 'splitter/ratio', from: 'windows', with: { train: 0.7 } },
    naive: { uses: 'baseline/naive', from: 'split' },
    test: { uses: 'evaluator/regression', from: { model: 'naive', data: 'split' } },
    next: { uses: 'predictor/next', from: { model: 'naive', data: 'split' }, with: { from: 'end', steps: 3 } },
  });
  const r = cli(['run', file, '--state-dir', dir.path, '--json']);

  it('reports metrics in original units equal to the hand-computed ones', () => {
    expect(r.code).toBe(0);
    const { metrics } = JSON.parse(r.stdout);
    // 119 − 6 − 1 = 112 windows, 78 train, test windows predict model rows 84..117 = original rows 85..118.
    // Naive on differences of logs: ŷ[t] = exp(z[t−1] + (z[t−1] − z[t−2])) − 2.
    const rows = Array.from({ length: 34 }, (_, i) => 85 + i);
    const errors = rows.map((t) => Math.exp(2 * z[t - 1]! - z[t - 2]!) - 2 - (y[t]! - 2));
    const mae = errors.reduce((s, e) => s + Math.abs(e), 0) / errors.length;
    const rmse = Math.sqrt(errors.reduce((s, e) => s + e * e, 0) / errors.length);
    // MASE's scale: naive MAE over the whole training part (original rows 0..84, the lookback rows included).
    const train = Array.from({ length: 84 }, (_, i) => 1 + i);
    const scale = train.reduce((s, t) => s + Math.abs(y[t]! - y[t - 1]!), 0) / train.length;
    // Windows hold float32: agreement to ~6 significant digits.
    expect(metrics.test.mae_original).toBeCloseTo(mae, 5);
    expect(metrics.test.rmse_original).toBeCloseTo(rmse, 5);
    expect(metrics.test.mase).toBeCloseTo(mae / scale, 4);
  });

  it('integrates recursive forecasts past the end back to original units', () => {
    const { predictions } = JSON.parse(r.stdout);
    const d = z[119]! - z[118]!;
    const points = predictions.next.points;
    expect(points.map((p: { index: number }) => p.index)).toEqual([120, 121, 122]);
    [1, 2, 3].forEach((k, i) => expect(points[i].value).toBeCloseTo(Math.exp(z[119]! + k * d) - 2, 5));
  });
});
