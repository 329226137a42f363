/**
 * A forecaster's prediction intervals through `seqpipe run`: on each forecast point in --json and
 * run.json, printed beside the value, as lower_L/upper_L columns of a panel's forecast CSV, and as
 * shaded bands in the report. The producer is a test plugin (test/fixtures/plugins/plus-minus.js:
 * naive with ±1 at 80 %, ±2 at 95 %); it keeps the naive codec, so its intervals reach the
 * predictor of the same in-process run only, while the stored forecast keeps them (a cached re-run
 * decodes them from the store).
 */
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, ROOT, tempDir } from '../helpers.js';

const dir = tempDir('seqpipe-intervals-');
afterAll(() => dir.remove());

const stages = (source: string[], windows: string, next: string): string[] => [
  'plugins: [./plus-minus.js, ./two-series.js]', 'stages:', ...source,
  `  windows: { uses: windower/sliding, from: series, with: ${windows} }`,
  '  split: { uses: splitter/holdout, from: windows, with: { test: 2 } }',
  '  naive: { uses: baseline/naive, from: { data: split } }',
  '  banded: { uses: interval/plus-minus, from: { model: naive } }',
  `  next: { uses: predictor/next, from: { model: banded, data: split }, with: ${next} }`, '',
];

beforeAll(() => {
  for (const f of ['plus-minus.js', 'two-series.js']) copyFileSync(join(ROOT, 'test/fixtures/plugins', f), join(dir.path, f));
  writeFileSync(join(dir.path, 'single.yaml'), ['name: single', ...stages(['  series: { uses: source/sine, with: { points: 40, stop: 4 } }'], '{ lookback: 4, horizon: 2 }', '{ steps: 3 }')].join('\n'));
  writeFileSync(join(dir.path, 'panel.yaml'), ['name: panel', ...stages(['  series: { uses: source/two-series }'], '{ lookback: 3, horizon: 2 }', '{ from: end, steps: 2 }')].join('\n'));
});

const run = (file: string, state: string, json = true) => cli(['run', join(dir.path, file), '--state-dir', join(dir.path, state), ...(json ? ['--json'] : [])], { cwd: dir.path });

describe('intervals of one series\' forecast', () => {
  it('--json carries level, lower, upper on each step within the horizon; the summary prints them; the report shades them', () => {
    const r = run('single.yaml', 'single');
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    const points = out.predictions.next.points as { value: number; intervals?: { level: number; lower: number; upper: number }[] }[];
    expect(points).toHaveLength(3);
    for (const p of points.slice(0, 2)) {
      // The value went through float32 (predict); the bounds did not.
      expect(p.intervals!.map((b) => b.level)).toEqual([80, 95]);
      p.intervals!.forEach((b, l) => {
        expect(b.lower).toBeCloseTo(p.value - (l + 1), 6);
        expect(b.upper).toBeCloseTo(p.value + (l + 1), 6);
      });
    }
    expect(points[2]).not.toHaveProperty('intervals'); // fed back past the horizon of 2
    expect(out.warnings.join('\n')).toMatch(/intervals cover the first 2 steps \(the horizon\); step 3, fed back, has none/);
    expect(JSON.parse(readFileSync(join(out.runDir, 'run.json'), 'utf8')).predictions).toEqual(out.predictions);
    const svg = readFileSync(join(out.runDir, 'forecast-next.svg'), 'utf8');
    expect(svg.match(/<g class="mark-area role-mark[^>]*><path [^>]*d="M/g)).toHaveLength(2);
    expect(readFileSync(join(out.runDir, 'report.html'), 'utf8')).toMatch(/<th>intervals<\/th>/);

    // The same run cached: the forecast's intervals come back from the store.
    const text = run('single.yaml', 'single', false);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stderr).toMatch(/predict next: step 1 \(row \d+\) → -?[\d.]+ {2}80% \[-?[\d.]+, -?[\d.]+\] {2}95% \[-?[\d.]+, -?[\d.]+\] {2}\(actual/);
    expect(text.stderr).toMatch(/predict next: step 3 \(row 40\) → -?[\d.]+\n/); // past the data: no truth, no interval
  });
});

describe('intervals of a panel\'s forecast', () => {
  it('the CSV gains lower_80, upper_80, lower_95, upper_95 after value; --json names the levels', () => {
    const r = run('panel.yaml', 'panel');
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.predictions.next.panel).toMatchObject({ series: 2, steps: 2, levels: [80, 95] });
    const rows = readFileSync(join(out.runDir, out.predictions.next.panel.file), 'utf8').trim().split('\n');
    expect(rows[0]).toBe('series,step,row,date,value,lower_80,upper_80,lower_95,upper_95');
    // up ends at 23 (10 + 11 + 11 % 3): naive repeats it, ±1 and ±2.
    expect(rows[1]).toBe('up,1,12,2020-01-13,23,22,24,21,25');
    expect(rows).toHaveLength(5);
    const text = run('panel.yaml', 'panel', false);
    expect(text.stderr).toMatch(/predict next: 2 series × 2 steps · intervals 80%, 95% \(columns lower_80, upper_80, …\) → /);
  });
});
