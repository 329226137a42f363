/**
 * Hostile panels that must RUN, through the CLI (the ones that must fail are in test/bad-csvs/25…30):
 * a one-row series and a series shorter than the lookback among ordinary ones. The short series
 * train nothing, are scored only when they have a row before their held-out rows, and are still
 * forecast past their end by the padding rule; the run says how many.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, tempDir } from '../helpers.js';

const work = tempDir('seqpipe-panel-hostile-');
afterAll(() => work.remove());

const PIPELINE = `name: panel-hostile
stages:
  series: { uses: source/csv, with: { path: panel.csv, series: id, columns: [y] } }
  scaled: { uses: scaler/minmax, from: series }
  windows: { uses: windower/sliding, from: scaled, with: { lookback: 6, horizon: 3 } }
  split: { uses: splitter/holdout, from: windows, with: { test: 3 } }
  naive: { uses: baseline/naive, from: split }
  snaive: { uses: baseline/seasonal, from: split, with: { period: 2 } }
  test: { uses: evaluator/regression, from: { model: snaive, data: split, baseline: naive }, with: { metrics: [smape, mase, mae] } }
  next: { uses: predictor/next, from: { model: naive, data: split }, with: { from: end, steps: 3 } }
`;

describe('hostile panels that run', () => {
  it('a one-row series and a short series beside ordinary ones: scored where possible, all forecast, counted', () => {
    // long: 30 rows; one: a single row; short: 5 rows (< lookback 6 + horizon 3); also: 20 rows.
    const rows = ['id,y'];
    const add = (id: string, n: number, level: number): void => { for (let t = 0; t < n; t++) rows.push(`${id},${level + (t % 2) * 3 + t * 0.1}`); };
    add('long', 30, 10);
    add('one', 1, 50);
    add('short', 5, 20);
    add('also', 20, 30);
    writeFileSync(join(work.path, 'panel.csv'), `${rows.join('\n')}\n`);
    writeFileSync(join(work.path, 'p.yaml'), PIPELINE);
    const r = cli(['run', join(work.path, 'p.yaml'), '--json', '--state-dir', join(work.path, 'state')]);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    // The windower counts the series without a training window; the holdout the one it cannot forecast.
    expect(r.stderr).toMatch(/2 of 4 series are shorter than 10 rows/);
    expect(r.stderr).toMatch(/1 of 4 series have no row before their last 3/);
    // Scored: long, short (padded inputs) and also; not "one".
    expect(out.evaluations.test.series).toBe(3);
    const scored = readFileSync(out.evaluations.test.seriesCsv, 'utf8').trim().split('\n').slice(1).map((l: string) => l.split(',')[0]);
    expect(scored).toEqual(['long', 'short', 'also']);
    // The seasonal naive repeats a period-2 zigzag: far better than naive on every scored series.
    expect(out.metrics.test.smape).toBeLessThan(5);
    expect(out.metrics.test.owa).toBeLessThan(0.5);
    // Every series forecast past its end, the one-row one from its single value (padded).
    const forecast = readFileSync(join(out.runDir, 'forecasts', 'next.csv'), 'utf8').trim().split('\n');
    const ids = new Set(forecast.slice(1).map((l) => l.split(',')[0]));
    expect([...ids]).toEqual(['long', 'one', 'short', 'also']);
    const one = forecast.filter((l) => l.startsWith('one,')).map((l) => Number(l.split(',').at(-1)));
    expect(one).toEqual([50, 50, 50]);
  });
});
