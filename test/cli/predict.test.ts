/**
 * `seqpipe predict` on saved runs, the exported transforms.json, and docs/predict.md's snippet that
 * loads an exported model with plain @tensorflow/tfjs.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, ROOT, TINY, tempDir } from '../helpers.js';

const state = tempDir();
afterAll(() => state.remove());

describe('seqpipe predict --run', () => {
  let first: Record<string, any>;
  let second: Record<string, any>;

  it('reproduces the recorded forecast bit for bit, from a unique prefix of the run id', () => {
    first = JSON.parse(cli(['run', TINY, '--state-dir', state.path, '--json']).stdout);
    const r = cli(['predict', '--run', first.runId.slice(0, -2), '--state-dir', state.path, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ runId: first.runId, stage: 'next', uses: 'predictor/next' });
    // toEqual on parsed JSON compares every double exactly.
    expect({ column: out.column, points: out.points }).toEqual(first.predictions.next);
  });

  it('latest, --steps forecasts further with the same first steps; the text output lists every step', () => {
    const r = cli(['predict', '--run', 'latest', '--steps', '5', '--state-dir', state.path, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.runId).toBe(first.runId);
    expect(out.points).toHaveLength(5);
    expect(out.points.slice(0, 3)).toEqual(first.predictions.next.points);
    const text = cli(['predict', '--run', first.runId, '--state-dir', state.path]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/step 3\s+row \d+/);
  });

  it('unknown and ambiguous runs are usage errors (exit 2)', () => {
    second = JSON.parse(cli(['run', TINY, '--state-dir', state.path, '--json']).stdout);
    const unknown = cli(['predict', '--run', 'nope', '--state-dir', state.path]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^E_RUN_NOT_FOUND /);
    const ambiguous = cli(['predict', '--run', '2', '--state-dir', state.path]);
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.stderr).toMatch(/^E_RUN_AMBIGUOUS /);
    expect(cli(['predict', '--state-dir', state.path]).code).toBe(2);
    expect(cli(['predict', '--run', 'latest', '--steps', '0', '--state-dir', state.path]).code).toBe(2);
    // --input needs a run whose source read a CSV; this one generated a sine.
    const notCsv = cli(['predict', '--run', first.runId, '--input', join(ROOT, 'data/sp500.csv'), '--state-dir', state.path]);
    expect(notCsv.code).toBe(2);
    expect(notCsv.stderr).toMatch(/^E_PREDICT_INPUT /);
    // The cached re-run recorded the same forecast.
    expect(second.predictions).toEqual(first.predictions);
  });

  it('exports the fitted transforms beside the model', () => {
    const t = JSON.parse(readFileSync(join(first.runDir, 'models/train/transforms.json'), 'utf8'));
    expect(t).toMatchObject({ format: 'seqpipe-transforms/1', columns: ['value'], targets: ['value'], lookback: 5, horizon: 1 });
    expect(t.transforms).toEqual([expect.objectContaining({ type: 'affine', by: 'scaler/minmax', scale: [expect.any(Number)], offset: [expect.any(Number)] })]);
  });

  it("docs/predict.md's snippet loads the model with plain @tensorflow/tfjs and forecasts in original units", () => {
    const doc = readFileSync(join(ROOT, 'docs/predict.md'), 'utf8');
    const snippet = /```js\n(\/\/ load-model\.mjs[\s\S]*?)```/.exec(doc)?.[1];
    expect(snippet).toBeDefined();
    const dir = tempDir('seqpipe-snippet-');
    try {
      writeFileSync(join(dir.path, 'load-model.mjs'), snippet!);
      symlinkSync(join(ROOT, 'node_modules'), join(dir.path, 'node_modules'));
      // The window before the first forecast row, in original units: the fixture's sin(20 i / 199).
      const p = first.predictions.next.points[0];
      const rows = Array.from({ length: 5 }, (_, k) => [Math.sin((20 * (p.index - 5 + k)) / 199)]);
      const r = spawnSync(process.execPath, ['load-model.mjs', join(first.runDir, 'models/train'), JSON.stringify(rows)], { cwd: dir.path, encoding: 'utf8', timeout: 60_000 });
      expect(r.status, r.stderr).toBe(0);
      const out = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as number[];
      expect(out[0]).toBeCloseTo(p.value, 4);
    } finally {
      dir.remove();
    }
  });
});
