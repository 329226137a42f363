/**
 * What users notice in the terminal and the report (issue 18): a sweep's closing table shows the
 * varied parameters and a few chosen metrics, ranked, the best marked; dates print at the series'
 * own calendar step; the report lists original-unit metrics before model-unit ones.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, TINY, tempDir } from '../helpers.js';

const dir = tempDir();
afterAll(() => dir.remove());
const sd = ['--state-dir', join(dir.path, 'state')];

/** The closing table's lines: from its header line to the `sweep <id>` line. */
function table(stderr: string): string[] {
  const lines = stderr.split('\n');
  const start = lines.findIndex((l) => l.startsWith('metrics: mean ± std over seeds'));
  const end = lines.findIndex((l, i) => i > start && l.startsWith('sweep '));
  return lines.slice(start, end);
}

describe('a sweep\'s closing table', () => {
  const sweep = ['sweep', TINY, '--seeds', '1,2', '--grid', 'model.layers.0.units=4,5', '--jobs', '1', ...sd];

  it('shows the varied parameter and the default metric, ranked, the best marked; the full table stays in --json', () => {
    const r = cli([...sweep, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const [rule, header, ...rest] = table(r.stderr);
    expect(rule).toContain('ranked by test.mase (mean over seeds, lower is better), ★ best');
    expect(header!.trim().split(/\s+/)).toEqual(['units', 'seeds', 'test.mase', 'seconds']);
    const rows = rest.filter((l) => /^\s+(★\s+)?\d+\s+2\s/.test(l));
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatch(/^\s+★/);
    expect(rows[1]).not.toContain('★');
    const mase = rows.map((l) => Number(/(\d+\.\d+) ±/.exec(l)![1]));
    expect(mase[0]).toBeLessThanOrEqual(mase[1]!);
    expect(rest.join('\n')).toMatch(/1 of 20 metrics shown \(--metric EVALUATOR\.METRIC to choose\); every metric: --json and the sweep report/);
    // --json keeps every metric of every evaluator.
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out.summary[0].metrics)).toHaveLength(20);
  });

  it('--metric chooses the columns and the ranking; identical values across seeds show ± 0', () => {
    const r = cli([...sweep, '--metric', 'naive_test.mae', '--metric', 'test.r2']);
    expect(r.code, r.stderr).toBe(0);
    const [rule, header, ...rest] = table(r.stderr);
    expect(rule).toContain('ranked by naive_test.mae (mean over seeds, lower is better)');
    expect(header!.trim().split(/\s+/)).toEqual(['units', 'seeds', 'naive_test.mae', 'test.r2', 'seconds']);
    // The baseline ignores the seed and the grid: every row is tied best, and its std is exactly 0.
    const rows = rest.filter((l) => /^\s+★/.test(l));
    expect(rows).toHaveLength(2);
    for (const row of rows) expect(row).toMatch(/\d\.\d{5} ± 0 /);
  });

  it('--metric naming no evaluator of the pipeline is E_USAGE, exit 2, before anything runs', () => {
    const r = cli([...sweep, '--metric', 'tset.mase', '--json']);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout)).toMatchObject({ status: 'invalid', errors: [{ code: 'E_USAGE' }] });
    expect(r.stderr).toMatch(/^E_USAGE --metric takes EVALUATOR\.METRIC.*did you mean test\?/m);
  });
});

describe('dates at the series\' own calendar step', () => {
  const pipeline = (name: string, time: string, steps = 2): string => [
    `name: ${name}`,
    'stages:',
    `  series: { uses: source/csv, with: { path: ${name}.csv, time: ${time}, columns: [value] } }`,
    '  windows: { uses: windower/sliding, from: series, with: { lookback: 3 } }',
    '  split: { uses: splitter/ratio, from: windows, with: { train: 0.7 } }',
    '  naive: { uses: baseline/naive, from: { data: split } }',
    `  next: { uses: predictor/next, from: { model: naive, data: split }, with: { from: end, steps: ${steps} } }`,
    '',
  ].join('\n');

  it.each([
    ['yearly', (i: number) => `${1980 + i}-01-01`, ['2010', '2011']],
    ['monthly', (i: number) => `${2000 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}-01`, ['2002-07', '2002-08']],
    ['hourly', (i: number) => `2009-03-${12 + Math.floor(i / 24)}T${String(i % 24).padStart(2, '0')}:00:00Z`, ['2009-03-13 06:00', '2009-03-13 07:00']],
  ] as const)('%s: run and predict print the dates at that step', (name, date, expected) => {
    const csv = ['time,value', ...Array.from({ length: 30 }, (_, i) => `${date(i)},${10 + Math.sin(i)}`)].join('\n');
    writeFileSync(join(dir.path, `${name}.csv`), `${csv}\n`);
    writeFileSync(join(dir.path, `${name}.yaml`), pipeline(name, 'time'));
    const run = cli(['run', `${name}.yaml`, ...sd], { cwd: dir.path });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain(`predict next: step 1 (${expected[0]}) →`);
    expect(run.stderr).toContain(`predict next: step 2 (${expected[1]}) →`);
    const predict = cli(['predict', '--run', 'latest', ...sd], { cwd: dir.path });
    expect(predict.code, predict.stderr).toBe(0);
    expect(predict.stdout).toMatch(new RegExp(`step 1  row 30  ${expected[0]}  →`));
    // --json keeps the machine-readable ISO date.
    const json = JSON.parse(cli(['predict', '--run', 'latest', ...sd, '--json'], { cwd: dir.path }).stdout);
    expect(json.points[0].date).toMatch(/^\d{4}-\d{2}-\d{2}/);
  });

  it('a one-step forecast prints its date at the series\' step too (recorded as the forecast\'s timeStep)', () => {
    writeFileSync(join(dir.path, 'one.csv'), `time,value\n${Array.from({ length: 30 }, (_, i) => `${1980 + i}-01-01,${i}`).join('\n')}\n`);
    writeFileSync(join(dir.path, 'one.yaml'), pipeline('one', 'time', 1));
    const run = cli(['run', 'one.yaml', ...sd, '--json'], { cwd: dir.path });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('predict next: step 1 (2010) →');
    expect(JSON.parse(run.stdout).predictions.next).toMatchObject({ timeStep: { unit: 'year', count: 1 }, points: [{ date: '2010-01-01' }] });
    expect(cli(['predict', '--run', 'latest', ...sd], { cwd: dir.path }).stdout).toMatch(/step 1  row 30  2010  →/);
  });
});

describe('the report\'s metrics table', () => {
  it('lists original-unit metrics, then unit-free ones, then model-unit ones', () => {
    const r = cli(['run', TINY, ...sd, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const html = readFileSync(JSON.parse(r.stdout).report, 'utf8');
    const metrics = html.slice(html.indexOf('<h2>Metrics</h2>'));
    const order = [...metrics.slice(0, metrics.indexOf('</table>')).matchAll(/<tr><td>(\w+)<\/td>/g)].map((m) => m[1]);
    expect(order).toEqual(['mae_original', 'mse_original', 'rmse_original', 'mape', 'mase', 'r2', 'smape', 'mae', 'mse', 'rmse']);
  });
});
