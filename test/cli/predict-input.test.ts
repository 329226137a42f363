/**
 * `seqpipe predict --run RUN --input FILE.csv`: a saved CSV-trained run forecasts past the end of
 * new data with its fitted transforms (never re-fitted), and dates continue the file's calendar.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, ROOT, tempDir } from '../helpers.js';

const state = tempDir();
afterAll(() => state.remove());
const SP500 = join(ROOT, 'data/sp500.csv');

describe('seqpipe predict --input', () => {
  let run: Record<string, any>;

  it('on the training CSV itself reproduces the run\'s forecast past the end exactly', () => {
    const r = cli(['run', join(ROOT, 'pipelines/sp500-gru.yaml'), '--set', 'train.epochs=1', '--state-dir', state.path, '--json']);
    expect(r.code, r.stderr).toBe(0);
    run = JSON.parse(r.stdout);
    const p = cli(['predict', '--run', run.runId, '--input', SP500, '--state-dir', state.path, '--json']);
    expect(p.code, p.stderr).toBe(0);
    const out = JSON.parse(p.stdout);
    expect({ column: out.column, points: out.points, timeStep: out.timeStep }).toEqual(run.predictions.next);
    expect(run.predictions.next).toMatchObject({ timeStep: { unit: 'month', count: 1 } }); // the monthly step its dates print at
  });

  it('forecasts past the end of a new CSV with dates, through the fitted transforms', () => {
    // The first 60 months (2000-01 … 2004-12), columns reordered, an extra column.
    const rows = readFileSync(SP500, 'utf8').trim().split('\n').slice(1, 61).map((line) => {
      const [date, price] = line.split(',');
      return `${price},"${date}",${Number(price) * 2}`;
    });
    const file = join(state.path, 'first-60.csv');
    writeFileSync(file, ['price,date,other', ...rows, ''].join('\n'));
    const p = cli(['predict', '--run', 'latest', '--input', file, '--steps', '4', '--state-dir', state.path, '--json']);
    expect(p.code, p.stderr).toBe(0);
    const out = JSON.parse(p.stdout);
    expect(out.points.map((pt: { date: string }) => pt.date)).toEqual(['2005-01-01', '2005-02-01', '2005-03-01', '2005-04-01']);
    expect(out.points.map((pt: { index: number }) => pt.index)).toEqual([60, 61, 62, 63]);
    // Original units through the transform fitted in the run (not one re-fitted on these 60 rows).
    const fitted = JSON.parse(readFileSync(join(run.runDir, 'models/train/transforms.json'), 'utf8')).transforms[0];
    for (const pt of out.points) expect(pt.value).toBeCloseTo((pt.scaled - fitted.offset[0]) / fitted.scale[0], 6);
    const text = cli(['predict', '--run', 'latest', '--input', file, '--state-dir', state.path]);
    // Printed at the series' monthly step (--json keeps the ISO date).
    expect(text.stdout).toMatch(/step 1\s+row 60\s+2005-01\s+→/);
  });

  it('a CSV without the model\'s column is refused with a code', () => {
    const file = join(state.path, 'no-price.csv');
    writeFileSync(file, 'date,close\nJan 1 2000,1\nFeb 1 2000,2\n');
    const missing = cli(['predict', '--run', run.runId, '--input', file, '--state-dir', state.path]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/E_CSV_MISSING_COLUMN/);
  });
});
