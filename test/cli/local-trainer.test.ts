/**
 * trainer/tfjs `local: true` through the CLI: a panel from source/csv (series:) → holdout → one
 * network per series → evaluator (per-series metrics) and predictor; a second run is all cached;
 * each series' network is exported; a series with test windows but no training window is
 * E_LOCAL_NO_TRAIN (exit 1).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, tempDir } from '../helpers.js';

const work = tempDir('seqpipe-local-cli-');
afterAll(() => work.remove());
const state = join(work.path, 'state');

const value = (s: number, d: number): string => (10 * (s + 1) + 3 * Math.sin(d / (2 + s) + s)).toFixed(4);
const date = (d: number): string => new Date(Date.UTC(2000, 0, 1 + d)).toISOString().slice(0, 10);

/** Series A and B (30 days each), and C with `cDays` days. */
function panelCsv(file: string, cDays = 30): void {
  const rows = ['unique_id,ds,y'];
  for (const [s, id] of ['A', 'B', 'C'].entries()) for (let d = 0; d < (id === 'C' ? cDays : 30); d++) rows.push(`${id},${date(d)},${value(s, d)}`);
  writeFileSync(join(work.path, file), `${rows.join('\n')}\n`);
}

const pipeline = (csv: string) => `name: local
seed: 3
stages:
  series: { uses: source/csv, with: { path: ${csv}, time: ds, series: unique_id } }
  scaled: { uses: scaler/minmax, from: series }
  windows: { uses: windower/sliding, from: scaled, with: { lookback: 4, horizon: 2 } }
  split: { uses: splitter/holdout, from: windows, with: { test: 2, validation: 2 } }
  model: { uses: model/rnn, with: { layers: [{ cell: gru, units: 3 }] } }
  train: { uses: trainer/tfjs, from: { model: model, data: split }, with: { epochs: 2, batchSize: 8, local: true } }
  test: { uses: evaluator/regression, from: { model: train, data: split } }
  next: { uses: predictor/next, from: { model: train, data: split }, with: { from: end, steps: 2 } }
`;

function run(name: string, csv: string, extra: string[] = [], stateDir = state) {
  const file = join(work.path, `${name}.yaml`);
  writeFileSync(file, pipeline(csv));
  const r = cli(['run', file, '--json', '--state-dir', stateDir, ...extra]);
  return { ...JSON.parse(r.stdout), code: r.code, stderr: r.stderr };
}

describe('trainer/tfjs local: true through the CLI', () => {
  panelCsv('panel.csv');
  const first = run('local', 'panel.csv');

  it('trains one model per series and scores every series', () => {
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toContain('3 parts (A, B, C), each a job of its own, then one combining them');
    const series = parse(readFileSync(first.evaluations.test.seriesCsv, 'utf8'), { columns: true }) as Record<string, string>[];
    expect(series.map((s) => s.id)).toEqual(['A', 'B', 'C']);
    for (const s of series) for (const k of ['smape', 'mase', 'mape']) expect(Number.isFinite(Number(s[k])), `${s.id} ${k}`).toBe(true);
    expect(Number.isFinite(first.metrics.test.mae_original)).toBe(true);
    // Each series' network is exported as tfjs files, indexed by series.json.
    const models = join(first.runDir, 'models/train');
    expect(JSON.parse(readFileSync(join(models, 'series.json'), 'utf8'))).toEqual(['A', 'B', 'C'].map((id, i) => ({ dir: `series-${i + 1}`, id })));
    expect(JSON.parse(readFileSync(join(models, 'series-2/model.json'), 'utf8')).format).toBe('layers-model');
  });

  it('runs fully cached the second time', () => {
    const again = run('local', 'panel.csv');
    expect(again.code, again.stderr).toBe(0);
    expect(again.stages.every((s: { cached: boolean }) => s.cached)).toBe(true);
    expect(again.metrics).toEqual(first.metrics);
  });

  it('trains each series as a job of its own: in worker processes with --jobs 2, with the same metrics', () => {
    const pooled = run('local', 'panel.csv', ['--jobs', '2'], join(work.path, 'pooled'));
    expect(pooled.code, pooled.stderr).toBe(0);
    expect(pooled.metrics).toEqual(first.metrics);
  });

  it('refuses a series with test windows but no training window (E_LOCAL_NO_TRAIN, exit 1)', () => {
    // C: 7 rows; holdout keeps its last 4 for validation and test, so no window trains on it.
    panelCsv('short.csv', 7);
    const r = run('short', 'short.csv');
    expect(r.code, r.stderr).toBe(1);
    expect(r.error).toMatchObject({ code: 'E_LOCAL_NO_TRAIN', stage: 'train' });
    expect(r.stderr).toContain('"C"');
  });
});
