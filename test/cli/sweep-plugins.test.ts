/**
 * Sweeping a pipeline with `plugins:`: the sweep loads the plugin like `run` does, and with
 * --jobs 2 the worker processes import it themselves from the entry each job names (never code):
 * same metrics as --jobs 1 and as a plain run.
 */
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, ROOT, tempDir } from '../helpers.js';

const PIPELINE = join(ROOT, 'examples/custom-stage/random-walk.yaml');
const dirs: ReturnType<typeof tempDir>[] = [];
afterAll(() => dirs.forEach((d) => d.remove()));
const state = (): string => {
  const d = tempDir();
  dirs.push(d);
  return d.path;
};
const args = ['--grid', 'walk.drift=0.05,0.1', '--set', 'train.epochs=2', '--set', 'model.layers.0.units=4', '--json'];
type Sweep = { status: string; variants: { metrics: Record<string, Record<string, number>>; stages: { id: string; cached: boolean }[] }[] };

describe('sweep with plugins:', () => {
  it('runs the plugin stage in worker processes (--jobs 2) with the same results as --jobs 1 and as run', () => {
    const results = ['1', '2'].map((jobs) => {
      const r = cli(['sweep', PIPELINE, ...args, '--jobs', jobs, '--state-dir', state()]);
      expect(r.code, r.stderr).toBe(0);
      return JSON.parse(r.stdout) as Sweep;
    });
    for (const out of results) {
      expect(out.status).toBe('success');
      // Each drift is its own walk: the plugin stage ran once per variant.
      expect(out.variants.map((v) => v.stages.find((s) => s.id === 'walk')!.cached)).toEqual([false, false]);
    }
    expect(results[1]!.variants.map((v) => v.metrics)).toEqual(results[0]!.variants.map((v) => v.metrics));
    const run = cli(['run', PIPELINE, '--set', 'walk.drift=0.1', '--set', 'train.epochs=2', '--set', 'model.layers.0.units=4', '--state-dir', state(), '--json']);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout).metrics).toEqual(results[1]!.variants[1]!.metrics);
  });

  it('a plugin that does not load is E_PLUGIN_LOAD at its entry, exit 2', () => {
    const dir = state();
    mkdirSync(join(dir, 'stages'));
    copyFileSync(join(ROOT, 'examples/custom-stage/stages/random-walk.source.js'), join(dir, 'stages/random-walk.source.js'));
    const file = join(dir, 'p.yaml');
    writeFileSync(file, [
      'name: p',
      'plugins:',
      '  - ./stages/missing.js',
      'stages:',
      '  walk: { uses: source/random-walk }',
      '',
    ].join('\n'));
    const r = cli(['sweep', file, '--seeds', '1,2', '--json', '--state-dir', dir]);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout).errors[0]).toMatchObject({ code: 'E_PLUGIN_LOAD', line: 3, col: 5 });
  });
});
