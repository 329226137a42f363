/**
 * Panels read by source/csv through the CLI: a long-format file with interleaved series runs a
 * whole pipeline (scaler, windower, holdout, an RNN, the evaluator); a panel of one gives the same
 * metrics as the single series; layout: wide and rows run; 100,000 series run in seconds.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, tempDir } from '../helpers.js';

const work = tempDir('seqpipe-panel-cli-');
afterAll(() => work.remove());
const state = join(work.path, 'state');

interface Summary {
  status: string;
  metrics: Record<string, Record<string, number>>;
  error?: { code: string };
}
function run(name: string, pipeline: string): Summary & { code: number; stderr: string } {
  const file = join(work.path, `${name}.yaml`);
  writeFileSync(file, pipeline);
  const r = cli(['run', file, '--json', '--state-dir', state]);
  return { ...(JSON.parse(r.stdout) as Summary), code: r.code, stderr: r.stderr };
}

/** A panel pipeline over `source` (the with: of source/csv, flow style). */
const RNN = (source: string) => `name: panel
seed: 5
stages:
  series: { uses: source/csv, with: ${source} }
  scaled: { uses: scaler/minmax, from: series }
  windows: { uses: windower/sliding, from: scaled, with: { lookback: 4, horizon: 2 } }
  split: { uses: splitter/holdout, from: windows, with: { test: 2 } }
  model: { uses: model/rnn, with: { layers: [{ cell: gru, units: 3 }] } }
  train: { uses: trainer/tfjs, from: { model: model, data: split }, with: { epochs: 2, batchSize: 16 } }
  test: { uses: evaluator/regression, from: { model: train, data: split } }
`;
const NAIVE = (source: string) => `name: panel-naive
stages:
  series: { uses: source/csv, with: ${source} }
  windows: { uses: windower/sliding, from: series, with: { lookback: 2 } }
  split: { uses: splitter/holdout, from: windows, with: { test: 1 } }
  naive: { uses: baseline/naive, from: split }
  test: { uses: evaluator/regression, from: { model: naive, data: split } }
`;

const value = (s: number, d: number): string => (10 * (s + 1) + 3 * Math.sin(d / 3 + s)).toFixed(4);
const date = (d: number): string => new Date(Date.UTC(2000, 0, 1 + d)).toISOString().slice(0, 10);

describe('panels from source/csv through the CLI', () => {
  it('interleaved long-format series run scaler → windower → holdout → RNN → evaluator', () => {
    const rows = ['unique_id,ds,y'];
    for (let d = 0; d < 30; d++) for (const [s, id] of ['A', 'B', 'C'].entries()) rows.push(`${id},${date(d)},${value(s, d)}`);
    writeFileSync(join(work.path, 'interleaved.csv'), `${rows.join('\n')}\n`);
    const r = run('interleaved', RNN('{ path: interleaved.csv, time: ds, series: unique_id }'));
    expect(r.code, r.stderr).toBe(0);
    expect(Number.isFinite(r.metrics.test!.mae_original)).toBe(true);
  });

  it('a panel of one (series: with one id) gives the metrics of the same rows read as one series', () => {
    const rows = Array.from({ length: 30 }, (_, d) => `${date(d)},${value(0, d)}`);
    writeFileSync(join(work.path, 'one.csv'), `ds,y\n${rows.join('\n')}\n`);
    writeFileSync(join(work.path, 'one-panel.csv'), `unique_id,ds,y\n${rows.map((r) => `only,${r}`).join('\n')}\n`);
    const single = run('one', RNN('{ path: one.csv, time: ds }'));
    const panel = run('one-panel', RNN('{ path: one-panel.csv, time: ds, series: unique_id }'));
    expect(single.code, single.stderr).toBe(0);
    expect(panel.code, panel.stderr).toBe(0);
    expect(panel.metrics).toEqual(single.metrics);
  });

  it('layout: wide (a column per series) and layout: rows (M4-style, ragged) run', () => {
    const wide = Array.from({ length: 12 }, (_, d) => `${date(d)},${value(0, d)},${value(1, d)}`);
    writeFileSync(join(work.path, 'wide.csv'), `date,MT_001,MT_002\n${wide.join('\n')}\n`);
    const w = run('wide', NAIVE('{ path: wide.csv, time: date, layout: wide }'));
    expect(w.code, w.stderr).toBe(0);
    const m4 = ['"V1","V2","V3","V4","V5","V6","V7"', '"D1","1","2","3","4","5",""', '"D2","5","6","7","8","9","10"'];
    writeFileSync(join(work.path, 'm4.csv'), `${m4.join('\n')}\n`);
    const m = run('m4', NAIVE('{ path: m4.csv, layout: rows, header: true }'));
    expect(m.code, m.stderr).toBe(0);
    expect(m.metrics.test!.mae_original).toBe(1);
  });

  it('100,000 series of six rows run in seconds', () => {
    const rows = ['unique_id,ds,y'];
    for (let i = 0; i < 100_000; i++) for (let d = 0; d < 6; d++) rows.push(`s${i},${date(d)},${(i % 97) + d}`);
    writeFileSync(join(work.path, 'many.csv'), `${rows.join('\n')}\n`);
    const started = performance.now();
    const r = run('many', NAIVE('{ path: many.csv, time: ds, series: unique_id }'));
    expect(r.code, r.stderr).toBe(0);
    // Every series rises by 1 a day: the naive forecast is off by exactly 1 everywhere.
    expect(r.metrics.test!.mae_original).toBe(1);
    expect(performance.now() - started).toBeLessThan(30_000);
  });
});
