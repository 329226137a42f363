/**
 * The ready real-data pipelines (data/ from vega-datasets) run through the CLI at 2 epochs and
 * report every metric for the model and for the naive baseline, and forecast the month after
 * the file ends.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { cli, tempDir } from '../helpers.js';

const PIPELINES = [
  { file: 'pipelines/sp500-gru.yaml', next: '2010-04-01', steps: 3 },
  { file: 'pipelines/msft-lstm.yaml', next: '2010-04-01', steps: 3 },
  { file: 'pipelines/us-employment-gru.yaml', next: '2016-01-01', steps: 1 },
];
const METRICS = ['mae', 'mse', 'rmse', 'mae_original', 'mse_original', 'rmse_original', 'mape', 'smape', 'mase', 'r2'];

describe('real-data pipelines', () => {
  const state = tempDir('seqpipe-real-data-');
  afterAll(() => state.remove());

  for (const p of PIPELINES) {
    it(p.file, () => {
      const r = cli(['run', p.file, '--set', 'train.epochs=2', '--json', '--state-dir', state.path]);
      expect(r.code, r.stderr).toBe(0);
      const out = JSON.parse(r.stdout) as {
        status: string; metrics: Record<string, Record<string, number>>;
        predictions: { next: { points: { date: string; value: number }[] } };
      };
      expect(out.status).toBe('success');
      for (const evaluator of ['test', 'test_naive']) {
        expect(Object.keys(out.metrics[evaluator]!), evaluator).toEqual(expect.arrayContaining(METRICS));
        for (const m of METRICS) expect(Number.isFinite(out.metrics[evaluator]![m]), `${evaluator}.${m}`).toBe(true);
      }
      // The model is scored against naive: skill for each error metric.
      for (const k of ['skill_mae', 'skill_rmse', 'skill_mase']) expect(Number.isFinite(out.metrics.test![k]), k).toBe(true);
      const points = out.predictions.next.points;
      expect(points).toHaveLength(p.steps);
      expect(points[0]!.date).toBe(p.next);
      for (const point of points) expect(Number.isFinite(point.value)).toBe(true);
    });
  }

  // A backtest variant at 1 epoch: per-fold and aggregated MASE for the model and both baselines
  // (the other two variants differ only in data and model; validate checks them).
  for (const file of ['pipelines/msft-backtest.yaml', 'pipelines/us-employment-backtest.yaml']) {
    it(`${file} is valid`, () => expect(cli(['validate', file]).code).toBe(0));
  }
  // Every family beside the baselines on the same folds (bench/backtests-families.js trains them).
  for (const name of ['sine', 'sp500', 'msft', 'us-employment']) {
    const file = `pipelines/${name}-families-backtest.yaml`;
    it(`${file} is valid`, () => {
      const r = cli(['validate', file]);
      expect(r.code, r.stderr).toBe(0);
    });
  }
  // At 1 epoch: every candidate and baseline has a MASE per fold, which the bench's fold-1 choice
  // and folds 2-4 score read (the GRU's four-sector windows with Theta on nonfarm alone).
  it('pipelines/us-employment-families-backtest.yaml at 1 epoch: MASE per fold for every candidate', () => {
    const epochs = ['rnn', 'mlp', 'linear', 'dlinear', 'nbeats'].flatMap((f) => ['--set', `${f}_train.epochs=1`]);
    const r = cli(['run', 'pipelines/us-employment-families-backtest.yaml', ...epochs, '--json', '--state-dir', state.path]);
    expect(r.code, r.stderr).toBe(0);
    const { metrics } = JSON.parse(r.stdout) as { metrics: Record<string, Record<string, number>> };
    const candidates = ['rnn', 'mlp', 'linear', 'dlinear', 'nbeats', 'median', 'mlp_seeds', 'theta', 'naive', 'drift'];
    for (const c of candidates) {
      for (const f of [1, 2, 3, 4]) expect(Number.isFinite(metrics[`${c}_test@fold${f}`]!.mase), `${c}_test@fold${f}`).toBe(true);
    }
  });
  for (const file of ['pipelines/sp500-backtest.yaml']) {
    it(file, () => {
      const r = cli(['run', file, '--set', 'train.epochs=1', '--json', '--state-dir', state.path]);
      expect(r.code, r.stderr).toBe(0);
      const { metrics } = JSON.parse(r.stdout) as { metrics: Record<string, Record<string, number>> };
      for (const e of ['test', 'test_naive', 'test_drift']) {
        for (const f of [1, 2, 3, 4]) expect(Number.isFinite(metrics[`${e}@fold${f}`]!.mase), `${e}@fold${f}`).toBe(true);
        expect(Number.isFinite(metrics[e]!.mase_mean) && Number.isFinite(metrics[e]!.mase_std), e).toBe(true);
      }
    });
  }
});
