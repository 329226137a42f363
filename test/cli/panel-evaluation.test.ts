/** evaluator/regression on a panel through the CLI: means over series, per-series and forecast CSVs, --json fields. */
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, ROOT, tempDir } from '../helpers.js';

const dir = tempDir();
afterAll(() => dir.remove());

describe('evaluator/regression on a panel', () => {
  copyFileSync(join(ROOT, 'test/fixtures/plugins/two-series.js'), join(dir.path, 'two-series.js'));
  const pipeline = join(dir.path, 'panel.yaml');
  writeFileSync(pipeline, [
    'name: panel',
    'plugins: [./two-series.js]',
    'stages:',
    '  panel: { uses: source/two-series }',
    '  scaled: { uses: scaler/minmax, from: panel }',
    '  windows: { uses: windower/sliding, from: scaled, with: { lookback: 3, horizon: 2 } }',
    '  split: { uses: splitter/holdout, from: windows, with: { test: 2 } }',
    '  drift: { uses: baseline/drift, from: { data: split } }',
    '  naive: { uses: baseline/naive, from: { data: split } }',
    '  test: { uses: evaluator/regression, from: { model: drift, data: split, baseline: naive } }',
    '',
  ].join('\n'));
  const r = cli(['run', pipeline, '--state-dir', join(dir.path, '.state'), '--json'], { cwd: dir.path });

  it('reports the means over series and writes per-series and forecast CSVs', () => {
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.evaluations.test).toEqual({
      series: 2, seriesCsv: join(out.runDir, 'series/test.csv'), forecastsCsv: join(out.runDir, 'forecasts/test.csv'),
    });
    const series = parse(readFileSync(out.evaluations.test.seriesCsv, 'utf8'), { columns: true }) as Record<string, string>[];
    expect(Object.keys(series[0]!)).toEqual(['id', 'smape', 'mase', 'mape', 'baseline_smape', 'baseline_mase', 'baseline_mape']);
    expect(series.map((s) => s.id)).toEqual(['up', 'down, fast']);
    const mean = (k: string): number => series.reduce((a, s) => a + Number(s[k]), 0) / series.length;
    const m = out.metrics.test;
    for (const k of ['smape', 'mase', 'mape']) expect(m[k]).toBe(mean(k));
    expect(r.stderr).toContain('test: smape, mase, mape are means over 2 series; per series → series/test.csv, forecasts → forecasts/test.csv');
    expect(m.owa).toBeCloseTo((m.smape / mean('baseline_smape') + m.mase / mean('baseline_mase')) / 2, 12);

    const points = parse(readFileSync(out.evaluations.test.forecastsCsv, 'utf8'), { columns: true }) as Record<string, string>[];
    expect(Object.keys(points[0]!)).toEqual(['id', 'row', 'time', 'step', 'actual', 'predicted', 'baseline']);
    expect(points.map((p) => [p.id, p.row, p.time, p.step])).toEqual([
      ['up', '10', '2020-01-11', '1'], ['up', '11', '2020-01-12', '2'],
      ['down, fast', '10', '2020-01-11', '1'], ['down, fast', '11', '2020-01-12', '2'],
    ]);
    // The last two rows of each series, in original units (min-max scaling undone; targets pass through float32).
    expect(points.map((p) => Number(p.actual))).toEqual([21, 23, 30, 29].map((v) => expect.closeTo(v, 5)));
    // Naive repeats each series' row 9: up 19 + 0 = 19, down 50 − 18 + 1 = 33.
    expect(points.map((p) => Number(p.baseline))).toEqual([19, 19, 33, 33].map((v) => expect.closeTo(v, 5)));
  });
});

describe('evaluator/regression on one series', () => {
  const pipeline = join(dir.path, 'one.yaml');
  writeFileSync(pipeline, [
    'name: one', 'stages:',
    '  series: { uses: source/sine, with: { points: 60 } }',
    '  windows: { uses: windower/sliding, from: series, with: { lookback: 4, horizon: 2 } }',
    '  split: { uses: splitter/ratio, from: windows, with: { train: 0.8 } }',
    '  naive: { uses: baseline/naive, from: { data: split } }',
    '  test: { uses: evaluator/regression, from: { model: naive, data: split } }', '',
  ].join('\n'));
  const r = cli(['run', pipeline, '--state-dir', join(dir.path, '.state'), '--json']);

  it('writes the same files, its one series named "series", and prints no panel note', () => {
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.evaluations.test.series).toBe(1);
    const series = parse(readFileSync(out.evaluations.test.seriesCsv, 'utf8'), { columns: true }) as Record<string, string>[];
    expect(series).toEqual([{ id: 'series', smape: String(out.metrics.test.smape), mase: String(out.metrics.test.mase), mape: String(out.metrics.test.mape) }]);
    const points = parse(readFileSync(out.evaluations.test.forecastsCsv, 'utf8'), { columns: true }) as Record<string, string>[];
    // 60 − 4 − 2 + 1 = 55 windows; the last 11 are tested, 2 steps each.
    expect(points).toHaveLength(22);
    expect(r.stderr).not.toMatch(/means over/);
  });
});
