/**
 * source/csv through the CLI: the file's content is in the cache key (an edited cell re-runs the
 * source and exactly what depends on it), relative paths resolve against the pipeline file,
 * forecasts past the end carry the next dates, and a bad cell is located in the CSV.
 */
import { utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, tempDir } from '../helpers.js';

const PIPELINE = `name: csv-cache
seed: 1
stages:
  series: { uses: source/csv, with: { path: data.csv, time: date } }
  scaled: { uses: scaler/minmax, from: series, with: { fitFraction: 0.8 } }
  windows: { uses: windower/sliding, from: scaled, with: { lookback: 3 } }
  split: { uses: splitter/ratio, from: windows, with: { train: 0.8 } }
  model: { uses: model/rnn, with: { layers: [{ cell: gru, units: 2 }] } }
  naive: { uses: baseline/naive, from: split }
  test: { uses: evaluator/regression, from: { model: naive, data: split } }
  next: { uses: predictor/next, from: { model: naive, data: split }, with: { from: end, steps: 2 } }
  other: { uses: source/sine, with: { points: 50 } }
  other_scaled: { uses: scaler/minmax, from: other }
`;
const DEPENDENTS = ['series', 'scaled', 'windows', 'split', 'naive', 'test', 'next'];

/** 24 monthly rows, Jan 2000 – Dec 2001, as "Jan 1 2000" like vega-datasets' files. */
function csv(edit?: { row: number; value: string }): string {
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const rows = Array.from({ length: 24 }, (_, i) => `${months[i % 12]} 1 ${2000 + Math.floor(i / 12)},${edit?.row === i ? edit.value : (100 + 3 * i + (i % 5)).toFixed(1)}`);
  return `date,value\n${rows.join('\n')}\n`;
}

interface Summary {
  status: string;
  stages: { id: string; status: string }[];
  predictions: Record<string, { points: { date?: string; index: number }[] }>;
  error?: { code: string; file: string; line: number; col: number; stage: string };
}

describe('source/csv through the CLI', () => {
  const work = tempDir('seqpipe-csv-cli-');
  const state = join(work.path, 'state');
  const pipeline = join(work.path, 'pipeline.yaml');
  const data = join(work.path, 'data.csv');
  // Run from the repository root: the CSV path must resolve against the pipeline's folder.
  const run = (): Summary & { code: number; stderr: string } => {
    const r = cli(['run', pipeline, '--json', '--state-dir', state]);
    return { ...(JSON.parse(r.stdout) as Summary), code: r.code, stderr: r.stderr };
  };
  const ran = (s: Summary): string[] => s.stages.filter((x) => x.status === 'ran').map((x) => x.id).sort();

  beforeAll(() => {
    writeFileSync(pipeline, PIPELINE);
    writeFileSync(data, csv());
  });
  afterAll(() => work.remove());

  it('runs, and forecasts past the end of the file with the next dates', () => {
    const first = run();
    expect(first.code, first.stderr).toBe(0);
    expect(ran(first)).toHaveLength(first.stages.length);
    expect(first.predictions.next!.points.map((p) => p.date)).toEqual(['2002-01-01', '2002-02-01']);
    // Printed at the series' monthly step; the JSON keeps the ISO date.
    expect(first.stderr).toMatch(/predict next: step 1 \(2002-01\) →/);
  });

  it('keys on the bytes, not the mtime: an untouched or merely touched file is all cache hits', () => {
    expect(ran(run())).toEqual([]);
    utimesSync(data, new Date(), new Date(Date.now() + 60_000));
    expect(ran(run())).toEqual([]);
  });

  it('editing one cell re-runs exactly the source and its dependents', () => {
    writeFileSync(data, csv({ row: 20, value: '999.5' }));
    const edited = run();
    expect(edited.code, edited.stderr).toBe(0);
    expect(ran(edited)).toEqual([...DEPENDENTS].sort());
    expect(edited.stages.filter((s) => s.status === 'hit').map((s) => s.id).sort()).toEqual(['model', 'other', 'other_scaled']);
  });

  it('a bad cell fails the run (exit 1) at the CSV\'s own line and column, naming the stage', () => {
    writeFileSync(data, csv({ row: 6, value: 'twelve' }));
    const bad = run();
    expect(bad.code).toBe(1);
    expect(bad.error).toMatchObject({ code: 'E_CSV_VALUE', line: 8, col: 12, stage: 'series' });
    expect(bad.error!.file.endsWith('data.csv')).toBe(true);
    expect(bad.stderr).toMatch(/data\.csv:8:12: E_CSV_VALUE \[stage series\]/);
  });
});
