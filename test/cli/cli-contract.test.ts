/** The CLI contract scripts depend on: --json output, exit codes, located errors, cache reuse. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, ROOT, TINY, tempDir } from '../helpers.js';

const state = tempDir();
afterAll(() => state.remove());

const run = (...extra: string[]) => cli(['run', TINY, '--state-dir', state.path, '--json', ...extra]);

describe('seqpipe run --json', () => {
  let first: Record<string, any>;

  it('prints exactly one JSON object with the documented fields and exits 0', () => {
    const r = run();
    expect(r.code).toBe(0);
    first = JSON.parse(r.stdout);
    expect(Object.keys(first)).toEqual(expect.arrayContaining(['runId', 'pipeline', 'status', 'engines', 'stages', 'metrics', 'predictions']));
    expect(first).toMatchObject({ pipeline: 'tiny-rnn', status: 'success' });
    // What computed: the fused engine trained, and no TensorFlow backend ran, so none is named.
    expect(first.engines).toEqual(['fused']);
    expect(first).not.toHaveProperty('backend');
    expect(first.stages).toHaveLength(10);
    for (const s of first.stages) expect(s).toMatchObject({ id: expect.any(String), uses: expect.any(String), cached: false, seconds: expect.any(Number) });
    expect(Object.keys(first.metrics.test)).toEqual(expect.arrayContaining(['mse', 'rmse', 'mae', 'mse_original']));
    expect(first.predictions.next.points).toHaveLength(3);
    // Human progress goes to stderr, never stdout.
    expect(r.stderr).toMatch(/engine fused/);
  });

  it('re-runs entirely from the cache with identical metrics', () => {
    const r = run();
    expect(r.code).toBe(0);
    const second = JSON.parse(r.stdout);
    expect(second.stages.every((s: { cached: boolean }) => s.cached)).toBe(true);
    expect(second.metrics).toEqual(first.metrics);
    expect(second.predictions).toEqual(first.predictions);
    expect(second.runId).not.toBe(first.runId);
    // Nothing needed a model, so TensorFlow was never loaded.
    const record = JSON.parse(readFileSync(join(second.runDir, 'run.json'), 'utf8'));
    expect(record.environment.tensorflowLoaded).toBe(false);
  });

  it('--no-cache in a new process reproduces the metrics bit for bit', () => {
    const r = run('--no-cache');
    const again = JSON.parse(r.stdout);
    expect(again.stages.every((s: { cached: boolean }) => !s.cached)).toBe(true);
    expect(again.metrics).toEqual(first.metrics);
  });

  it('a different --seed changes the trained model, not the data stages', () => {
    const r = run('--seed', '8');
    const other = JSON.parse(r.stdout);
    const cached = Object.fromEntries(other.stages.map((s: { id: string; cached: boolean }) => [s.id, s.cached]));
    expect(cached).toMatchObject({ series: true, scaled: true, windows: true, split: true, model: true, train: false, test: false });
    expect(other.metrics.test.mse).not.toBe(first.metrics.test.mse);
    expect(other.metrics.naive_test).toEqual(first.metrics.naive_test);
  });

  it('writes a run record with the resolved pipeline, stages, environment and the model files', () => {
    const record = JSON.parse(readFileSync(join(first.runDir, 'run.json'), 'utf8'));
    expect(record).toMatchObject({ runId: first.runId, status: 'success', environment: { engines: ['fused'], tensorflowLoaded: false } });
    expect(record.environment).not.toHaveProperty('backend');
    expect(record.stages.map((s: { key: string }) => s.key)).toEqual(expect.arrayContaining([expect.stringMatching(/^[0-9a-f]{64}$/)]));
    const pipeline = JSON.parse(readFileSync(join(first.runDir, 'pipeline.json'), 'utf8'));
    expect(pipeline.stages.train.with).toMatchObject({ epochs: 2, optimizer: 'adam' }); // defaults filled
    const model = JSON.parse(readFileSync(join(first.runDir, 'models/train/model.json'), 'utf8'));
    expect(model.weightsManifest[0].paths).toEqual(['weights.bin']);
    // The default engine (auto) trained this SimpleRNN with the fused kernels, and says so.
    expect(model.userDefinedMetadata.seqpipe.engine).toBe('fused');
  });
});

describe('exit codes and located errors', () => {
  it('exits 2 with FILE:LINE:COL: CODE for an invalid pipeline', () => {
    const file = join(ROOT, 'test/bad-pipelines/04-unknown-plugin.yaml');
    const r = cli(['validate', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${file}:9:11: E_UNKNOWN_PLUGIN`);
    expect(r.stderr).not.toMatch(/\n\s+at /); // never a stack trace
  });

  it('reports every error at once', () => {
    const r = cli(['validate', join(ROOT, 'test/fixtures/many-errors.yaml')]);
    expect(r.code).toBe(2);
    const codes = r.stderr.trim().split('\n').map((l) => / (E_[A-Z_]+)/.exec(l)?.[1]);
    expect(codes).toEqual(['E_UNKNOWN_KEY', 'E_INVALID_VALUE', 'E_UNKNOWN_PLUGIN']);
  });

  it('run --json on an invalid pipeline prints one JSON object and exits 2', () => {
    const r = cli(['run', join(ROOT, 'test/bad-pipelines/08-dangling-ref.yaml'), '--json']);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout)).toMatchObject({ status: 'invalid', errors: [{ code: 'E_UNKNOWN_STAGE_REF', line: 14, col: 11 }] });
  });

  it.each([
    [['frobnicate'], 'E_USAGE'],
    [['run'], 'E_USAGE'],
    [['run', 'no/such/file.yaml'], 'E_FILE_NOT_FOUND'],
    [['run', TINY, '--seed', 'abc'], 'E_USAGE'],
    [['run', TINY, '--set', 'train.epochs'], 'E_BAD_SET'],
    [['run', TINY, '--set', 'nosuch.epochs=1'], 'E_BAD_SET'],
    [['run', TINY, '--bogus'], 'E_USAGE'],
  ])('seqpipe %j exits 2 with %s', (args, code) => {
    const r = cli(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(code);
  });

  it('--set values are validated like the file (located at the stage)', () => {
    const r = cli(['validate', TINY, '--set', 'train.epochs=0']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/tiny-rnn\.yaml:\d+:\d+: E_INVALID_VALUE/);
  });

  it('exits 1 when a stage fails while running, and records the failure', () => {
    const s = tempDir();
    try {
      const r = cli(['run', TINY, '--set', 'windows.target=nosuch', '--state-dir', s.path, '--json']);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('tiny-rnn.yaml:12:3: E_STAGE_FAILED'); // located at the stage
      const out = JSON.parse(r.stdout);
      expect(out).toMatchObject({ status: 'failed', error: { stage: 'windows' } });
      expect(out.stages.find((x: { id: string }) => x.id === 'windows')).toMatchObject({ status: 'failed' });
      expect(out.stages.find((x: { id: string }) => x.id === 'split')).toMatchObject({ status: 'skipped' });
    } finally {
      s.remove();
    }
  });
});

describe('graph, plugins, schema', () => {
  it('graph prints text and Mermaid', () => {
    const text = cli(['graph', TINY]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/train\s+trainer\/tfjs/);
    const mermaid = cli(['graph', TINY, '--format', 'mermaid']);
    expect(mermaid.stdout).toMatch(/^flowchart LR/);
    expect(mermaid.stdout).toContain('split -->|data| train');
  });

  it('plugins lists every built-in with kinds and defaults', () => {
    const r = cli(['plugins', '--json']);
    const uses = JSON.parse(r.stdout).stages.map((p: { uses: string }) => p.uses);
    expect(uses).toEqual(expect.arrayContaining(['source/sine', 'scaler/minmax', 'windower/sliding', 'splitter/ratio', 'model/rnn', 'trainer/tfjs', 'evaluator/regression', 'predictor/next']));
    const text = cli(['plugins']).stdout;
    expect(text).toContain('epochs: integer = 50');
    expect(text).toContain('inputs: model: forecaster, data: split, baseline: forecaster (optional) → output: metrics');
    expect(text).not.toContain('[object Object]');
  });

  it('schemas/pipeline.schema.json is current (run `npm run schema` after changing a plugin)', () => {
    const r = cli(['schema', '--check', join(ROOT, 'schemas/pipeline.schema.json')]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });
});
