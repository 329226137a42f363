/**
 * Third-party stages named under `plugins:`, through the CLI: located load errors, a package found
 * in the node_modules of a pipeline outside this repository, and cache keys that follow the
 * plugin's source and version.
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, ROOT, tempDir } from '../helpers.js';

describe('plugins: errors', () => {
  it('validate --json reports each failing entry at its line and column, exit 2', () => {
    const file = join(ROOT, 'test/bad-pipelines/24-plugins.yaml');
    const r = cli(['validate', file, '--json']);
    expect(r.code).toBe(2);
    const { status, errors } = JSON.parse(r.stdout);
    expect(status).toBe('invalid');
    expect(errors.map((e: { code: string }) => e.code)).not.toContain('E_UNKNOWN_PLUGIN');
    expect(errors[0]).toMatchObject({ code: 'E_PLUGIN_LOAD', line: 5, col: 5 });
    expect(errors[3]).toMatchObject({ code: 'E_PLUGIN_INVALID', line: 8, col: 5 });
    expect(errors[7]).toMatchObject({ code: 'E_PLUGIN_CONFLICT', line: 12, col: 5 });
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('plugins FILE with a broken plugin exits 2 with the located error', () => {
    const r = cli(['plugins', join(ROOT, 'test/bad-pipelines/24-plugins.yaml')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/24-plugins\.yaml:7:5: E_PLUGIN_LOAD/);
  });
});

describe('plugins: a pipeline outside the repository', () => {
  const dir = tempDir('seqpipe-plugins-');
  afterAll(() => dir.remove());
  const pkg = join(dir.path, 'node_modules', 'seqpipe-plugin-shift');
  const walk = join(dir.path, 'stages', 'random-walk.source.js');
  const pipeline = join(dir.path, 'pipeline.yaml');
  const state = join(dir.path, '.state');

  const writePackage = (version: string): void => {
    writeFileSync(join(pkg, 'package.json'), JSON.stringify({
      name: 'seqpipe-plugin-shift', version, type: 'module',
      // ESM-only exports: resolved with import semantics, as Node would for the pipeline.
      exports: { '.': { import: './index.js' } },
    }));
  };
  const run = (): { ran: string[]; json: Record<string, any> } => {
    const r = cli(['run', pipeline, '--state-dir', state, '--json'], { cwd: dir.path });
    expect(r.code, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout);
    return { json, ran: json.stages.filter((s: { status: string }) => s.status === 'ran').map((s: { id: string }) => s.id) };
  };

  it('loads a local file and a package from the pipeline folder\'s node_modules', () => {
    mkdirSync(pkg, { recursive: true });
    mkdirSync(join(dir.path, 'stages'));
    writePackage('1.0.0');
    writeFileSync(join(pkg, 'index.js'), `export default [{
      uses: 'scaler/shift', version: '1', description: 'Adds a constant.',
      params: { type: 'object', additionalProperties: false, properties: { by: { type: 'number', default: 10 } } },
      inputs: { series: 'series' }, output: 'series',
      check: (_p, { series }) => ({ facts: series ?? {} }),
      async run(_ctx, { series }, { by }) {
        const scale = series.columns.map(() => 1), offset = series.columns.map(() => by);
        return { ...series, values: series.values.map((v) => v + by), transforms: [...series.transforms, { type: 'affine', by: 'scaler/shift', scale, offset }] };
      },
    }];\n`);
    copyFileSync(join(ROOT, 'examples/custom-stage/stages/random-walk.source.js'), walk);
    writeFileSync(pipeline, [
      'name: outside',
      'plugins: [./stages/random-walk.source.js, seqpipe-plugin-shift]',
      'stages:',
      '  walk: { uses: source/random-walk, with: { points: 120 } }',
      '  shifted: { uses: scaler/shift, from: walk }',
      '  scaled: { uses: scaler/minmax, from: shifted, with: { fitFraction: 0.8 } }',
      '  windows: { uses: windower/sliding, from: scaled, with: { lookback: 4 } }',
      '  split: { uses: splitter/ratio, from: windows, with: { train: 0.8 } }',
      '  naive: { uses: baseline/naive, from: { data: split } }',
      '  naive_test: { uses: evaluator/regression, from: { model: naive, data: split } }',
      '  model: { uses: model/rnn }',
      '',
    ].join('\n'));

    const listed = cli(['plugins', pipeline, '--json'], { cwd: dir.path });
    expect(listed.code, listed.stderr).toBe(0);
    const { stages } = JSON.parse(listed.stdout) as { stages: { uses: string; plugin?: Record<string, any> }[] };
    expect(stages.find((s) => s.uses === 'scaler/shift')?.plugin).toMatchObject({ package: { name: 'seqpipe-plugin-shift', version: '1.0.0' } });
    expect(stages.find((s) => s.uses === 'source/random-walk')?.plugin).toMatchObject({ sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(stages.find((s) => s.uses === 'source/sine')?.plugin).toBeUndefined();
    expect(cli(['graph', pipeline], { cwd: dir.path }).stdout).toMatch(/shifted\s+scaler\/shift/);

    const first = run();
    expect(first.ran).toHaveLength(8);
    expect(Object.keys(first.json.metrics.naive_test)).toContain('mae_original');
    expect(run().ran).toEqual([]);
  });

  it('an edit of the plugin file that changes no output re-runs only its stage', () => {
    writeFileSync(walk, `${readFileSync(walk, 'utf8')}\n// an edit\n`);
    expect(run().ran).toEqual(['walk']);
  });

  it('an edit that changes the output re-runs the stage and what depends on it, nothing else', () => {
    writeFileSync(walk, readFileSync(walk, 'utf8').replace("drift: { type: 'number', default: 0.05", "drift: { type: 'number', default: 0.5"));
    expect(run().ran).toEqual(['walk', 'shifted', 'scaled', 'windows', 'split', 'naive', 'naive_test']);
  });

  it("a new version of the plugin package re-runs its stage", () => {
    writePackage('1.0.1');
    expect(run().ran).toEqual(['shifted']);
  });
});
