/**
 * Forecasts of a panel through the CLI: the run writes every series' forecast to a CSV and prints
 * one line for it; `predict --run` writes the same CSV (or `--out FILE`), `--series ID` forecasts
 * one series. The panel comes from a tiny plugin source (three dated series, one shorter than the
 * lookback).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, tempDir } from '../helpers.js';

const dir = tempDir('seqpipe-predict-panel-');
afterAll(() => dir.remove());
const state = join(dir.path, '.state');
const pipeline = join(dir.path, 'panel.yaml');

const PLUGIN = `const DAY = 86400000;
export default {
  uses: 'source/test-panel', version: '1', description: 'Three dated series stacked as a panel.',
  params: { type: 'object', additionalProperties: false, properties: {} },
  inputs: {}, output: 'series',
  async run() {
    // alpha: 12 months 100…111; beta: 10 days 1000, 1010, …; gamma: 2 days (shorter than the lookback).
    const alpha = Array.from({ length: 12 }, (_, r) => [Date.UTC(2020, r, 1), 100 + r]);
    const beta = Array.from({ length: 10 }, (_, r) => [Date.UTC(2021, 2, 1) + r * DAY, 1000 + 10 * r]);
    const gamma = [[Date.UTC(2022, 0, 1), 5], [Date.UTC(2022, 0, 2), 7]];
    const rows = [...alpha, ...beta, ...gamma];
    return {
      kind: 'series', columns: ['value'], length: rows.length, transforms: [], timeUnit: 'ms-epoch',
      values: Float64Array.from(rows, (r) => r[1]), time: Float64Array.from(rows, (r) => r[0]),
      ids: ['alpha', 'beta', 'gamma'], offsets: Int32Array.of(0, 12, 22, 24),
    };
  },
};
`;

const csvRows = (text: string): string[][] => text.trim().split('\n').map((l) => l.split(','));

describe('a panel forecast', () => {
  let run: Record<string, any>;
  let stderr: string;

  beforeAll(() => {
    writeFileSync(join(dir.path, 'panel.source.js'), PLUGIN);
    writeFileSync(pipeline, [
      'name: panel-forecast',
      'plugins: [./panel.source.js]',
      'stages:',
      '  data: { uses: source/test-panel }',
      '  scaled: { uses: scaler/minmax, from: data, with: { fitFraction: 1 } }',
      '  windows: { uses: windower/sliding, from: scaled, with: { lookback: 3, dropLast: false } }',
      '  split: { uses: splitter/ratio, from: windows, with: { train: 0.8 } }',
      '  naive: { uses: baseline/naive, from: { data: split } }',
      '  next: { uses: predictor/next, from: { model: naive, data: split }, with: { from: end, steps: 2 } }',
      '',
    ].join('\n'));
    const text = cli(['run', pipeline, '--state-dir', state], { cwd: dir.path });
    expect(text.code, text.stderr).toBe(0);
    stderr = text.stderr;
    const json = cli(['run', pipeline, '--state-dir', state, '--json'], { cwd: dir.path });
    expect(json.code, json.stderr).toBe(0);
    run = JSON.parse(json.stdout);
  });

  it('the run records a summary and the first series, writes every series to forecasts/<stage>.csv, and prints one line', () => {
    expect(run.predictions.next).toMatchObject({ column: 'value', series: 'alpha', panel: { series: 3, steps: 2, padded: 1, file: 'forecasts/next.csv' } });
    expect(run.predictions.next.points.map((p: { date: string }) => p.date)).toEqual(['2021-01-01', '2021-02-01']);
    const rows = csvRows(readFileSync(join(run.runDir, 'forecasts/next.csv'), 'utf8'));
    expect(rows[0]).toEqual(['series', 'step', 'row', 'date', 'value']);
    // Each series in its own units, on its own calendar; gamma from inputs padded with its first row.
    expect(rows.slice(1).map(([id, step, row, date, value]) => [id, step, row, date, Math.round(Number(value) * 1e4) / 1e4])).toEqual([
      ['alpha', '1', '12', '2021-01-01', 111], ['alpha', '2', '13', '2021-02-01', 111],
      ['beta', '1', '10', '2021-03-11', 1090], ['beta', '2', '11', '2021-03-12', 1090],
      ['gamma', '1', '2', '2022-01-03', 7], ['gamma', '2', '3', '2022-01-04', 7],
    ]);
    expect(stderr).toMatch(/predict next: 3 series × 2 steps \(1 padded: shorter than the lookback\) → .*forecasts[/\\]next\.csv/);
    expect(stderr).not.toMatch(/predict next: step/);
    expect(stderr).toMatch(/warning \[next\] 1 of 3 series forecast have fewer than 3 rows/);
    // The report charts the first series and names the CSV.
    expect(readFileSync(join(run.runDir, 'report.html'), 'utf8')).toContain('Forecast by next for series &quot;alpha&quot; (1 of 3; every series in forecasts/next.csv)');
  });

  it('predict --run writes the same CSV for every series; --json stays one object', () => {
    const r = cli(['predict', '--run', 'latest', '--state-dir', state]);
    expect(r.code, r.stderr).toBe(0);
    const csv = join(state, 'runs', run.runId, 'predict', 'next.csv');
    expect(r.stdout).toContain(`3 series × 2 steps (1 padded: shorter than the lookback) → ${csv}`);
    expect(readFileSync(csv, 'utf8')).toBe(readFileSync(join(run.runDir, 'forecasts/next.csv'), 'utf8'));
    const out = join(dir.path, 'out', 'all.csv');
    const json = cli(['predict', '--run', 'latest', '--steps', '3', '--out', out, '--state-dir', state, '--json']);
    expect(json.code, json.stderr).toBe(0);
    const body = JSON.parse(json.stdout);
    expect(body).toMatchObject({ runId: run.runId, stage: 'next', series: 'alpha', csv: out, panel: { series: 3, steps: 3, file: out } });
    expect(csvRows(readFileSync(out, 'utf8'))).toHaveLength(1 + 3 * 3);
  });

  it('predict --series ID forecasts that series alone', () => {
    const r = cli(['predict', '--run', 'latest', '--series', 'beta', '--state-dir', state, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const body = JSON.parse(r.stdout);
    expect(body.series).toBe('beta');
    expect(body.panel).toBeUndefined();
    expect(body.points.map((p: { index: number; date: string }) => [p.index, p.date])).toEqual([[10, '2021-03-11'], [11, '2021-03-12']]);
    expect(body.points[0].value).toBeCloseTo(1090, 4);
    const text = cli(['predict', '--run', 'latest', '--series', 'gamma', '--state-dir', state]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/series gamma/);
    expect(text.stdout).toMatch(/step 2\s+row 3\s+2022-01-04/);
    // --out writes one series' steps too.
    const out = join(dir.path, 'beta.csv');
    const one = cli(['predict', '--run', 'latest', '--series', 'beta', '--out', out, '--state-dir', state]);
    expect(one.code, one.stderr).toBe(0);
    expect(one.stdout).toContain(`→ ${out}`);
    expect(csvRows(readFileSync(out, 'utf8')).map((r) => r.slice(0, 4))).toEqual([
      ['series', 'step', 'row', 'date'], ['beta', '1', '10', '2021-03-11'], ['beta', '2', '11', '2021-03-12'],
    ]);
  });

  it('an unknown id is E_UNKNOWN_SERIES with a did-you-mean, exit 2; --series with --input is a usage error', () => {
    const r = cli(['predict', '--run', 'latest', '--series', 'bta', '--state-dir', state]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^E_UNKNOWN_SERIES .*did you mean "beta"/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const both = cli(['predict', '--run', 'latest', '--series', 'beta', '--input', pipeline, '--state-dir', state]);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/^E_USAGE /);
  });
});
