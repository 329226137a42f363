/** Baselines, the new metrics and skill, through the CLI. */
import { afterAll, describe, expect, it } from 'vitest';
import { cli, tempDir } from '../helpers.js';
import { sineStages, tinyModel, writePipeline } from './evaluation-helpers.js';

const dir = tempDir();
afterAll(() => dir.remove());
const run = (file: string) => cli(['run', file, '--state-dir', dir.path, '--json']);

describe('baselines and skill', () => {
  it('scores a model beside every baseline, with MASE, R² and skill against naive', () => {
    const file = writePipeline(dir.path, 'skill', sineStages({
      ...tinyModel,
      naive: { uses: 'baseline/naive', from: 'split' },
      seasonal: { uses: 'baseline/seasonal', from: 'split', with: { period: 5 } },
      drift: { uses: 'baseline/drift', from: 'split' },
      mean: { uses: 'baseline/mean', from: 'split' },
      test: { uses: 'evaluator/regression', from: { model: 'train', data: 'split', baseline: 'naive' } },
      naive_test: { uses: 'evaluator/regression', from: { model: 'naive', data: 'split' } },
      seasonal_test: { uses: 'evaluator/regression', from: { model: 'seasonal', data: 'split' } },
      drift_test: { uses: 'evaluator/regression', from: { model: 'drift', data: 'split' } },
      mean_test: { uses: 'evaluator/regression', from: { model: 'mean', data: 'split' } },
    }));
    const r = run(file);
    expect(r.code).toBe(0);
    const { metrics } = JSON.parse(r.stdout);
    for (const m of ['test', 'naive_test', 'seasonal_test', 'drift_test', 'mean_test']) {
      expect(Object.keys(metrics[m])).toEqual(expect.arrayContaining(['mae', 'mae_original', 'rmse_original', 'mape', 'smape', 'mase', 'r2']));
    }
    // Skill is read against the naive evaluator's own numbers.
    expect(metrics.test.skill_mae).toBeCloseTo(1 - metrics.test.mae_original / metrics.naive_test.mae_original, 10);
    expect(metrics.test.skill_rmse).toBeCloseTo(1 - metrics.test.rmse_original / metrics.naive_test.rmse_original, 10);
    expect(metrics.naive_test.skill_mae).toBeUndefined();
    // One table: a header row of evaluators, then one row per metric.
    expect(r.stderr).toMatch(/^metrics\s+test\s+naive_test\s+seasonal_test\s+drift_test\s+mean_test$/m);
    expect(r.stderr).toMatch(/^skill_mae\s+-?\d/m);
  });

  it('rejects a baseline input of the wrong kind, at its position', () => {
    const file = writePipeline(dir.path, 'bad', sineStages({
      naive: { uses: 'baseline/naive', from: 'split' },
      test: { uses: 'evaluator/regression', from: { model: 'naive', data: 'split', baseline: 'series' } },
    }));
    const r = cli(['validate', file, '--json']);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout).errors).toEqual([expect.objectContaining({ code: 'E_PORT_TYPE', stage: 'test' })]);
  });

  it('still asks to name the ports when a bare `from` could bind two required ones', () => {
    const file = writePipeline(dir.path, 'bare', sineStages({
      naive: { uses: 'baseline/naive', from: 'split' },
      test: { uses: 'evaluator/regression', from: 'split' },
    }));
    const r = cli(['validate', file, '--json']);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout).errors).toEqual([expect.objectContaining({ code: 'E_AMBIGUOUS_INPUT', stage: 'test' })]);
  });

  it('reports metrics per horizon step when the horizon is longer than one', () => {
    const file = writePipeline(dir.path, 'steps', {
      ...sineStages({}),
      windows: { uses: 'windower/sliding', from: 'scaled', with: { lookback: 6, horizon: 3 } },
      naive: { uses: 'baseline/naive', from: 'split' },
      mean: { uses: 'baseline/mean', from: 'split' },
      test: { uses: 'evaluator/regression', from: { model: 'naive', data: 'split', baseline: 'mean' } },
    });
    const r = run(file);
    expect(r.code).toBe(0);
    const { test } = JSON.parse(r.stdout).metrics;
    for (const k of ['mae_original_h1', 'mae_original_h3', 'mase_h2', 'r2_h3', 'smape_h1']) expect(test[k]).toEqual(expect.any(Number));
    // Naive error grows with the step on a smooth sine.
    expect(test.mae_original_h3).toBeGreaterThan(test.mae_original_h1);
    expect(test.skill_mae).toEqual(expect.any(Number));
  });
});
