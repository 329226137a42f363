/**
 * `predict --input FILE.csv` on a run whose pipeline differences its series (transform/diff,
 * after transform/log): the new file is differenced itself, so the forecast is in original units,
 * integrated from the new input's own last values.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, tempDir } from '../helpers.js';
import { writePipeline } from './evaluation-helpers.js';

const dir = tempDir();
afterAll(() => dir.remove());
const state = join(dir.path, 'state');

// y = 3 sin(t/5) + 10 + t/20, daily from 2024-01-01.
const y = Array.from({ length: 120 }, (_, t) => 3 * Math.sin(t / 5) + 10 + t / 20);
const day = (t: number): string => new Date(Date.UTC(2024, 0, 1 + t)).toISOString().slice(0, 10);
const csv = (rows: readonly number[]): string => ['date,value', ...rows.map((v, t) => `${day(t)},${v}`), ''].join('\n');

describe('predict --input through transform/diff', () => {
  const train = join(dir.path, 'train.csv');
  const fresh = join(dir.path, 'fresh.csv');
  let run: Record<string, any>;
  beforeAll(() => {
    writeFileSync(train, csv(y));
    writeFileSync(fresh, csv(y.slice(0, 50).map((v) => v + 5))); // other data: shorter, shifted up
    const file = writePipeline(dir.path, 'diffed', {
      series: { uses: 'source/csv', with: { path: 'train.csv', time: 'date' } },
      logged: { uses: 'transform/log', from: 'series' },
      diffed: { uses: 'transform/diff', from: 'logged' },
      scaled: { uses: 'scaler/minmax', from: 'diffed' },
      windows: { uses: 'windower/sliding', from: 'scaled', with: { lookback: 6 } },
      split: { uses: 'splitter/ratio', from: 'windows', with: { train: 0.7 } },
      naive: { uses: 'baseline/naive', from: 'split' },
      next: { uses: 'predictor/next', from: { model: 'naive', data: 'split' }, with: { from: 'end', steps: 3 } },
    });
    const r = cli(['run', file, '--state-dir', state, '--json']);
    expect(r.code, r.stderr).toBe(0);
    run = JSON.parse(r.stdout);
  });

  it('on the training CSV reproduces the run\'s own forecast exactly', () => {
    const p = cli(['predict', '--run', run.runId, '--input', train, '--state-dir', state, '--json']);
    expect(p.code, p.stderr).toBe(0);
    const out = JSON.parse(p.stdout);
    expect({ column: out.column, points: out.points, timeStep: out.timeStep }).toEqual(run.predictions.next);
  });

  it('on a new CSV integrates from that file\'s last values, in original units, with its dates', () => {
    const p = cli(['predict', '--run', run.runId, '--input', fresh, '--steps', '4', '--state-dir', state, '--json']);
    expect(p.code, p.stderr).toBe(0);
    const out = JSON.parse(p.stdout);
    // Naive on differences of logs repeats the last one: ŷ[k] = exp(z[49] + k (z[49] − z[48])).
    const z = y.slice(0, 50).map((v) => Math.log(v + 5));
    const d = z[49]! - z[48]!;
    expect(out.points.map((pt: { index: number }) => pt.index)).toEqual([50, 51, 52, 53]);
    expect(out.points.map((pt: { date: string }) => pt.date)).toEqual([day(50), day(51), day(52), day(53)]);
    out.points.forEach((pt: { value: number }, i: number) => expect(pt.value).toBeCloseTo(Math.exp(z[49]! + (i + 1) * d), 5));
  });

  it('the text output too', () => {
    const p = cli(['predict', '--run', run.runId, '--input', fresh, '--state-dir', state]);
    expect(p.code, p.stderr).toBe(0);
    expect(p.stdout).toMatch(new RegExp(`step 1\\s+row 50\\s+${day(50)}\\s+→`));
  });
});
