/**
 * transform/diff on a panel through the CLI: each series is differenced on its own, and the
 * evaluator's and predictor's values come back in each series' own units. Two straight lines with
 * different slopes and levels: a naive forecast of their differences is exact once integrated.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, tempDir } from '../helpers.js';

const work = tempDir('seqpipe-panel-diff-');
afterAll(() => work.remove());

const PIPELINE = `name: panel-diff
stages:
  series: { uses: source/csv, with: { path: lines.csv, series: id, columns: [y] } }
  scaled: { uses: scaler/minmax, from: series }
  diffed: { uses: transform/diff, from: scaled, with: { lag: 1 } }
  windows: { uses: windower/sliding, from: diffed, with: { lookback: 3, horizon: 2 } }
  split: { uses: splitter/holdout, from: windows, with: { test: 2 } }
  naive: { uses: baseline/naive, from: split }
  theta: { uses: baseline/theta, from: split }
  test: { uses: evaluator/regression, from: { model: naive, data: split, baseline: theta }, with: { metrics: [mae, smape, mase] } }
  next: { uses: predictor/next, from: { model: naive, data: split }, with: { from: end, steps: 3 } }
`;

describe('transform/diff on a panel', () => {
  it('differences each series on its own and maps scores and forecasts back to each series\' units', () => {
    // up: 100, 103, 106, … (20 rows); down: 50, 48, 46, … (12 rows).
    const rows = ['id,y'];
    for (let t = 0; t < 20; t++) rows.push(`up,${100 + 3 * t}`);
    for (let t = 0; t < 12; t++) rows.push(`down,${50 - 2 * t}`);
    writeFileSync(join(work.path, 'lines.csv'), `${rows.join('\n')}\n`);
    writeFileSync(join(work.path, 'p.yaml'), PIPELINE);
    const r = cli(['run', join(work.path, 'p.yaml'), '--json', '--state-dir', join(work.path, 'state')]);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    // Naive on the differences repeats each line's own step: exact in original units.
    expect(out.metrics.test.mae_original).toBeCloseTo(0, 9);
    expect(out.metrics.test.smape).toBeCloseTo(0, 9);
    expect(out.evaluations.test.series).toBe(2);
    const forecasts = readFileSync(join(out.runDir, 'forecasts', 'next.csv'), 'utf8').trim().split('\n');
    const header = forecasts[0]!.split(',');
    const value = header.indexOf('value');
    const of = (id: string): number[] => forecasts.slice(1).filter((l) => l.startsWith(`${id},`)).map((l) => Number(l.split(',')[value]));
    of('up').forEach((v, i) => expect(v).toBeCloseTo(100 + 3 * (20 + i), 6));
    of('down').forEach((v, i) => expect(v).toBeCloseTo(50 - 2 * (12 + i), 6));
  });
});
