/** Rolling-origin backtests: folds as ordinary stages, cached one by one, aggregated. */
import { afterAll, describe, expect, it } from 'vitest';
import { cli, tempDir } from '../helpers.js';
import { tinyModel, writePipeline, type Stages } from './evaluation-helpers.js';

const dir = tempDir();
afterAll(() => dir.remove());

const stages = (split: Record<string, unknown>): Stages => ({
  series: { uses: 'source/sine', with: { points: 160, stop: 32 } },
  scaled: { uses: 'scaler/standard', from: 'series' },
  windows: { uses: 'windower/sliding', from: 'scaled', with: { lookback: 5 } },
  split: { uses: 'splitter/backtest', from: 'windows', with: split },
  ...tinyModel,
  naive: { uses: 'baseline/naive', from: 'split' },
  drift: { uses: 'baseline/drift', from: 'split' },
  test: { uses: 'evaluator/regression', from: { model: 'train', data: 'split', baseline: 'naive' } },
  naive_test: { uses: 'evaluator/regression', from: { model: 'naive', data: 'split' } },
  drift_test: { uses: 'evaluator/regression', from: { model: 'drift', data: 'split' } },
});
const run = (file: string) => {
  const r = cli(['run', file, '--state-dir', dir.path, '--json']);
  expect(r.code).toBe(0);
  return { ...r, out: JSON.parse(r.stdout) };
};
const ran = (out: { stages: { id: string; status: string }[] }) => out.stages.filter((s) => s.status === 'ran').map((s) => s.id).sort();

describe('splitter/backtest', () => {
  it('graph shows one sub-plan per fold plus the aggregates', () => {
    const r = cli(['graph', writePipeline(dir.path, 'bt2', stages({ folds: 2, test: 15 }))]);
    expect(r.code).toBe(0);
    for (const id of ['scaled@fold1', 'windows@fold2', 'split@fold1', 'train@fold2', 'naive@fold1', 'test@fold2']) expect(r.stdout).toMatch(new RegExp(`\\s${id}\\s`));
    expect(r.stdout).toMatch(/\stest\s+evaluator\/folds\s+→ metrics\s+⟵ fold1=test@fold1, fold2=test@fold2/);
    expect(r.stdout).toMatch(/\sseries\s+source\/sine/); // upstream of the scaler: not per fold
    expect(r.stdout).not.toMatch(/series@/);
    const m = cli(['graph', writePipeline(dir.path, 'bt2', stages({ folds: 2, test: 15 })), '--format', 'mermaid']);
    expect(m.stdout).toMatch(/^ {2}split__fold1 -->\|data\| train__fold1$/m);
  });

  it('reports per-fold and aggregated metrics for the model and the baselines', () => {
    const { out, stderr } = run(writePipeline(dir.path, 'bt2', stages({ folds: 2, test: 15 })));
    for (const e of ['test', 'naive_test', 'drift_test']) {
      for (const f of ['fold1', 'fold2']) expect(out.metrics[`${e}@${f}`].mase).toBeGreaterThan(0);
      const m = out.metrics[e];
      const folds = [out.metrics[`${e}@fold1`].mase, out.metrics[`${e}@fold2`].mase];
      expect(m.mase_mean).toBeCloseTo((folds[0] + folds[1]) / 2, 12);
      expect(m.mase_std).toBeCloseTo(Math.abs(folds[0] - folds[1]) / Math.SQRT2, 12);
    }
    expect(out.metrics.test.skill_mae_mean).toBeDefined();
    expect(stderr).toMatch(/^mase per fold\s+test\s+naive_test\s+drift_test$/m);
    expect(stderr).toMatch(/^mase\s+\S+ ± \S+/m);
  });

  it('adding a fold trains only that fold; the other folds are cache hits', () => {
    const { out } = run(writePipeline(dir.path, 'bt3', stages({ folds: 3, test: 15 })));
    // The new fold is the earliest (fold1); the aggregates change because their inputs did.
    expect(ran(out)).toEqual(['drift@fold1', 'drift_test', 'drift_test@fold1', 'naive@fold1', 'naive_test', 'naive_test@fold1',
      'scaled@fold1', 'split@fold1', 'test', 'test@fold1', 'train@fold1', 'windows@fold1'].sort());
  });

  it('another pipeline that shares folds shares their cache', () => {
    // One fold of the same size: the last test block, already trained as fold2 and fold3 above.
    const { out } = run(writePipeline(dir.path, 'bt1', stages({ folds: 1, test: 15 })));
    // Only the cheap aggregates run (their inputs are renumbered); nothing trains.
    expect(ran(out)).toEqual(['drift_test', 'naive_test', 'test']);
    expect(out.stages.find((s: { id: string }) => s.id === 'train@fold1')).toMatchObject({ status: 'hit' });
  });

  it('rejects folds that leave no training windows, at the folds key', () => {
    const r = cli(['validate', writePipeline(dir.path, 'btbad', stages({ folds: 12, test: 15 })), '--json']);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout).errors).toEqual([expect.objectContaining({ code: 'E_BACKTEST_RANGE', stage: expect.stringMatching(/^split/) })]);
  });

  it('sliding mode needs a training size', () => {
    const r = cli(['validate', writePipeline(dir.path, 'btslide', stages({ folds: 2, test: 15, mode: 'sliding' })), '--json']);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout).errors).toEqual([expect.objectContaining({ code: 'E_BACKTEST_RANGE' })]);
  });

  it('allows one fanning stage per pipeline', () => {
    const two = { ...stages({ folds: 2, test: 15 }), split2: { uses: 'splitter/backtest', from: 'windows', with: { folds: 2 } } };
    const r = cli(['validate', writePipeline(dir.path, 'bttwo', two), '--json']);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout).errors).toEqual([expect.objectContaining({ code: 'E_FAN_OUT_TWICE' })]);
  });
});
