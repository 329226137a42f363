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
const METRICS = ['mae', 'mse', 'rmse', 'mae_original', 'mse_original', 'rmse_original'];

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
        expect(Object.keys(out.metrics[evaluator]!).sort(), evaluator).toEqual([...METRICS].sort());
        for (const m of METRICS) expect(Number.isFinite(out.metrics[evaluator]![m]), `${evaluator}.${m}`).toBe(true);
      }
      const points = out.predictions.next.points;
      expect(points).toHaveLength(p.steps);
      expect(points[0]!.date).toBe(p.next);
      for (const point of points) expect(Number.isFinite(point.value)).toBe(true);
    });
  }
});
