/** The M4 statistical baselines through the CLI: scored, cached, forecasting past the end, listed. */
import { afterAll, describe, expect, it } from 'vitest';
import { cli, tempDir } from '../helpers.js';
import { sineStages, writePipeline } from './evaluation-helpers.js';

const dir = tempDir();
afterAll(() => dir.remove());
const METHODS = ['naive2', 'ses', 'holt', 'damped', 'theta', 'comb'];

describe('baseline/naive2, ses, holt, damped, theta, comb', () => {
  it('score beside naive, give the same metrics from the cache, and forecast past the end', () => {
    const stages = sineStages(Object.fromEntries([
      ['naive', { uses: 'baseline/naive', from: 'split' }],
      ...METHODS.flatMap((m) => [
        [m, { uses: `baseline/${m}`, from: 'split', with: { period: 1 } }],
        [`${m}_test`, { uses: 'evaluator/regression', from: { model: m, data: 'split', baseline: 'naive' } }],
      ]),
      ['next', { uses: 'predictor/next', from: { model: 'theta', data: 'split' }, with: { from: 'end', steps: 1 } }],
    ]));
    const file = writePipeline(dir.path, 'stat', stages);
    const first = cli(['run', file, '--state-dir', dir.path, '--json']);
    expect(first.code, first.stderr).toBe(0);
    const { metrics } = JSON.parse(first.stdout);
    for (const m of METHODS) expect(metrics[`${m}_test`]).toMatchObject({ mae_original: expect.any(Number), skill_mae: expect.any(Number) });
    // The sine is smooth: a trend method beats repeating the last value one step ahead.
    expect(metrics.holt_test.mae_original).toBeLessThan(metrics.naive2_test.mae_original);
    // Evaluators with other params on the cached forecasters (decoded by their codec) score the same.
    for (const m of METHODS) stages[`${m}_test`]!.with = { metrics: ['mae'] };
    const again = cli(['run', writePipeline(dir.path, 'stat', stages), '--state-dir', dir.path, '--json']);
    expect(again.code, again.stderr).toBe(0);
    for (const m of METHODS) expect(JSON.parse(again.stdout).metrics[`${m}_test`].mae_original).toBe(metrics[`${m}_test`].mae_original);
  });

  it('score the same on a differenced series as on the series itself (the difference is undone first)', () => {
    const stages = (diff: boolean) => ({
      series: { uses: 'source/sine', with: { points: 120, stop: 24, amplitude: 1 } },
      ...(diff ? { diffed: { uses: 'transform/diff', from: 'series' } } : {}),
      scaled: { uses: 'scaler/minmax', from: diff ? 'diffed' : 'series' },
      windows: { uses: 'windower/sliding', from: 'scaled', with: { lookback: 6, horizon: 3 } },
      // Holdout rows per series: the same last 12 target rows with or without the difference.
      split: { uses: 'splitter/holdout', from: 'windows', with: { test: 12 } },
      theta: { uses: 'baseline/theta', from: 'split' },
      test: { uses: 'evaluator/regression', from: { model: 'theta', data: 'split' }, with: { metrics: ['mae'] } },
    });
    const plain = cli(['run', writePipeline(dir.path, 'plain', stages(false)), '--state-dir', dir.path, '--json']);
    const diffed = cli(['run', writePipeline(dir.path, 'diffed', stages(true)), '--state-dir', dir.path, '--json']);
    expect(plain.code, plain.stderr).toBe(0);
    expect(diffed.code, diffed.stderr).toBe(0);
    expect(JSON.parse(diffed.stdout).metrics.test.mae_original).toBeCloseTo(JSON.parse(plain.stdout).metrics.test.mae_original, 6);
  });

  it('are listed by `seqpipe plugins` with a description and their period', () => {
    const r = cli(['plugins']);
    expect(r.code).toBe(0);
    for (const m of METHODS) expect(r.stdout).toMatch(new RegExp(`^baseline/${m}  \\(baseline, v1\\)\\n    M4 .+\\n(.*\\n){2}\\s+period: integer = 1`, 'm'));
  });

  it('reject a period below 1 at its position', () => {
    const file = writePipeline(dir.path, 'bad', sineStages({ theta: { uses: 'baseline/theta', from: 'split', with: { period: 0 } } }));
    const r = cli(['validate', file, '--json']);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout).errors).toEqual([expect.objectContaining({ code: 'E_INVALID_VALUE', stage: 'theta' })]);
  });
});
