/**
 * Ensembles as stages (issue 16) through the CLI: a list of members, adding one, seeds, a saved
 * run's ensemble predicting after a restart, and list errors located at the item.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, tempDir } from '../helpers.js';
import { sineStages, writePipeline, type Stages } from './evaluation-helpers.js';

const dir = tempDir();
afterAll(() => dir.remove());
const run = (file: string, ...args: string[]) => cli(['run', file, '--state-dir', dir.path, '--json', ...args]);

interface StageRow { id: string; uses: string; cached: boolean; status: string }
const ran = (stdout: string): string[] => (JSON.parse(stdout).stages as StageRow[]).filter((s) => !s.cached).map((s) => s.id).sort();

const trained = (cell: string): Stages => ({
  [`${cell}_spec`]: { uses: 'model/rnn', with: { layers: [{ cell, units: 3 }] } },
  [cell]: { uses: 'trainer/tfjs', from: { model: `${cell}_spec`, data: 'split' }, with: { epochs: 2, batchSize: 32 } },
});

function members(list: string[], cells: string[]): Stages {
  return sineStages({
    ...Object.assign({}, ...cells.map(trained)),
    naive: { uses: 'baseline/naive', from: 'split' },
    ens: { uses: 'ensemble/median', from: list },
    ens_test: { uses: 'evaluator/regression', from: { model: 'ens', data: 'split', baseline: 'naive' } },
  });
}

describe('ensemble/mean and ensemble/median', () => {
  it('combines two trained members and a baseline; adding a member re-runs only it and what reads the ensemble', () => {
    const first = run(writePipeline(dir.path, 'ens', members(['gru', 'lstm', 'naive'], ['gru', 'lstm'])));
    expect(first.code, first.stderr).toBe(0);
    const out = JSON.parse(first.stdout);
    expect(Object.keys(out.metrics.ens_test)).toEqual(expect.arrayContaining(['mae_original', 'mase', 'skill_mae']));
    expect(out.metrics.ens_test.mase).toBeGreaterThan(0);

    const second = run(writePipeline(dir.path, 'ens', members(['gru', 'lstm', 'naive', 'simpleRNN'], ['gru', 'lstm', 'simpleRNN'])));
    expect(second.code, second.stderr).toBe(0);
    expect(ran(second.stdout)).toEqual(['ens', 'ens_test', 'simpleRNN', 'simpleRNN_spec']);
  });

  it('the median of a trained member, the naive baseline and the same naive under another id is the naive forecast', () => {
    const file = writePipeline(dir.path, 'med', sineStages({
      ...trained('gru'),
      naive: { uses: 'baseline/naive', from: 'split' },
      naive2: { uses: 'baseline/naive', from: 'split' },
      ens: { uses: 'ensemble/median', from: { members: ['gru', 'naive', 'naive2'] } },
      ens_test: { uses: 'evaluator/regression', from: { model: 'ens', data: 'split' } },
      naive_test: { uses: 'evaluator/regression', from: { model: 'naive', data: 'split' } },
    }));
    const r = run(file);
    expect(r.code, r.stderr).toBe(0);
    const { metrics } = JSON.parse(r.stdout);
    expect(metrics.ens_test.mae_original).toBe(metrics.naive_test.mae_original);
  });

  it('members with a shorter lookback read their own last rows of the ensemble\'s windows', () => {
    const file = writePipeline(dir.path, 'lookbacks', sineStages({
      ...trained('gru'),
      short: { uses: 'windower/sliding', from: 'scaled', with: { lookback: 2 } },
      short_split: { uses: 'splitter/ratio', from: 'short', with: { train: 0.7 } },
      naive_short: { uses: 'baseline/naive', from: 'short_split' },
      naive: { uses: 'baseline/naive', from: 'split' },
      // The median of two naive forecasts (lookbacks 2 and 6: the same last row) and a GRU's is the naive forecast.
      ens: { uses: 'ensemble/median', from: ['naive_short', 'naive', 'gru'] },
      ens_test: { uses: 'evaluator/regression', from: { model: 'ens', data: 'split' } },
      naive_test: { uses: 'evaluator/regression', from: { model: 'naive', data: 'split' } },
    }, { scaler: { fitFraction: 0.7 } }));
    const r = run(file);
    expect(r.code, r.stderr).toBe(0);
    const { metrics } = JSON.parse(r.stdout);
    expect(metrics.ens_test.mae_original).toBe(metrics.naive_test.mae_original);
  });

  it('members forecasting other horizons fail the run with E_ENSEMBLE_MISMATCH at the ensemble, exit 1', () => {
    const file = writePipeline(dir.path, 'mismatch', sineStages({
      long: { uses: 'windower/sliding', from: 'scaled', with: { lookback: 6, horizon: 3 } },
      long_split: { uses: 'splitter/ratio', from: 'long', with: { train: 0.7 } },
      naive: { uses: 'baseline/naive', from: 'split' },
      naive_long: { uses: 'baseline/naive', from: 'long_split' },
      ens: { uses: 'ensemble/mean', from: ['naive', 'naive_long'] },
    }, { scaler: { fitFraction: 0.7 } }));
    const r = run(file);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/mismatch\.yaml:\d+:\d+: E_ENSEMBLE_MISMATCH \[stage ens\]/);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('seeds: one member per pipeline seed, shared with `run --seed N` and `sweep --seeds`; going from 2 to 3 seeds trains one model', () => {
    const pipeline = (seeds: number[]): string => writePipeline(dir.path, 'seeds', sineStages({
      ...trained('gru'),
      ens: { uses: 'ensemble/mean', from: 'gru', with: { seeds } },
      ens_test: { uses: 'evaluator/regression', from: { model: 'ens', data: 'split' } },
    }));
    // Seeds other than the file's (3), which earlier tests trained `gru` with in this state dir.
    const two = run(pipeline([11, 12]));
    expect(two.code, two.stderr).toBe(0);
    expect(ran(two.stdout)).toEqual(expect.arrayContaining(['gru@seed11', 'gru@seed12']));
    expect(ran(two.stdout)).not.toContain('gru'); // nothing else reads it: the copies replace it
    const three = run(pipeline([11, 12, 13]));
    expect(three.code, three.stderr).toBe(0);
    expect(ran(three.stdout)).toEqual(['ens', 'ens_test', 'gru@seed13']);
    // `status` keys each copy by its own pipeline seed, as the run did: nothing would re-run.
    const status = cli(['status', pipeline([11, 12, 13]), '--state-dir', dir.path, '--json']);
    expect(JSON.parse(status.stdout)).toMatchObject({ misses: 0 });
    // The copy for seed 12 is exactly the model `run --seed 12` trains.
    const single = writePipeline(dir.path, 'single', sineStages({ ...trained('gru') }));
    const bySeed = run(single, '--seed', '12');
    expect(bySeed.code, bySeed.stderr).toBe(0);
    expect(ran(bySeed.stdout)).toEqual([]);
    // And so is each variant of `seqpipe sweep --seeds 11..13`: the sweep trains nothing.
    const sweep = cli(['sweep', single, '--seeds', '11..13', '--state-dir', dir.path, '--json']);
    expect(sweep.code, sweep.stderr).toBe(0);
    const variants = JSON.parse(sweep.stdout).variants as { seed: number; stages: StageRow[] }[];
    expect(variants.map((v) => v.seed)).toEqual([11, 12, 13]);
    for (const v of variants) expect(v.stages.find((s) => s.id === 'gru')).toMatchObject({ cached: true });
  });

  it('a saved run\'s ensemble predicts after a restart (`predict --run`), as it did in the run', () => {
    const file = writePipeline(dir.path, 'saved', sineStages({
      ...trained('gru'), ...trained('lstm'),
      ens: { uses: 'ensemble/mean', from: ['gru', 'lstm'] },
      next: { uses: 'predictor/next', from: { model: 'ens', data: 'split' }, with: { from: 'lastTestWindow', steps: 2 } },
    }));
    const r = run(file);
    expect(r.code, r.stderr).toBe(0);
    const { runId } = JSON.parse(r.stdout);
    const p = cli(['predict', '--run', runId, '--state-dir', dir.path, '--json']);
    expect(p.code, p.stderr).toBe(0);
    const points = JSON.parse(p.stdout).points as { value: number }[];
    expect(points).toHaveLength(2);
    expect(r.stderr).toContain(`step 1 (row`);
    const inRun = /predict next: step 1 \(row \d+\) → (-?[\d.]+)/.exec(r.stderr)![1]!;
    expect(points[0]!.value.toFixed(5)).toBe(Number(inRun).toFixed(5));
  });

  it('status sees a backtest\'s fold trainers (seeded by their id in the file) and their seed copies as cached', () => {
    const file = writePipeline(dir.path, 'folds', {
      ...sineStages({
        ...trained('gru'),
        ens: { uses: 'ensemble/mean', from: 'gru', with: { seeds: [1, 2] } },
        plain: { uses: 'evaluator/regression', from: { model: 'gru', data: 'split' } },
        ens_test: { uses: 'evaluator/regression', from: { model: 'ens', data: 'split' } },
      }),
      split: { uses: 'splitter/backtest', from: 'windows', with: { folds: 2, test: 10 } },
    });
    const r = run(file);
    expect(r.code, r.stderr).toBe(0);
    expect(ran(r.stdout)).toEqual(expect.arrayContaining(['gru@fold1', 'gru@fold1@seed1', 'gru@fold2@seed2']));
    const status = cli(['status', file, '--state-dir', dir.path, '--json']);
    expect(JSON.parse(status.stdout)).toMatchObject({ misses: 0 });
  });

  it('`seqpipe graph` names each member\'s port, quoted for Mermaid', () => {
    const file = writePipeline(dir.path, 'graph', members(['gru', 'naive'], ['gru']));
    expect(cli(['graph', file]).stdout).toMatch(/ens\s+ensemble\/median\s+→ forecaster\s+⟵ members\[0\]=gru, members\[1\]=naive/);
    expect(cli(['graph', file, '--format', 'mermaid']).stdout).toContain('gru -->|"members[0]"| ens');
  });

  it('`seqpipe plugins` shows a list input as a list, required', () => {
    const text = cli(['plugins']).stdout;
    expect(text).toContain('inputs: members: [forecaster, …] → output: forecaster');
  });

  it('reports a bad member at the list item, exit 2', () => {
    const file = join(dir.path, 'bad.yaml');
    writeFileSync(file, [
      'name: bad',
      'stages:',
      '  series: { uses: source/sine, with: { points: 100 } }',
      '  windows: { uses: windower/sliding, from: series, with: { lookback: 5 } }',
      '  split: { uses: splitter/ratio, from: windows }',
      '  naive: { uses: baseline/naive, from: split }',
      '  ens:',
      '    uses: ensemble/mean',
      '    from: [naive, naiv, split]',
      '',
    ].join('\n'));
    const r = cli(['validate', file, '--json']);
    expect(r.code).toBe(2);
    const { errors } = JSON.parse(r.stdout);
    expect(errors).toMatchObject([
      { code: 'E_UNKNOWN_STAGE_REF', line: 9, col: 19 },
      { code: 'E_PORT_TYPE', line: 9, col: 25 },
    ]);
  });
});
