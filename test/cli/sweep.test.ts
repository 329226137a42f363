/**
 * `seqpipe sweep` end to end: one combined plan (a shared stage runs once, in exactly one variant),
 * resuming after SIGKILL from the cache, located errors, and results identical to separate runs.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, ROOT, startCli, tempDir, verifyObjects } from '../helpers.js';

const SWEEP = join(ROOT, 'test/fixtures/tiny-sweep.yaml');
const DATA = ['series', 'scaled', 'windows', 'split', 'naive', 'naive_test'];
type Stage = { id: string; cached: boolean; status: string };
type Variant = { runId: string; params: Record<string, string>; seed: number; status: string; metrics: Record<string, Record<string, number>>; stages: Stage[]; runDir: string };

const dirs: ReturnType<typeof tempDir>[] = [];
const state = (): string => {
  const d = tempDir();
  dirs.push(d);
  return d.path;
};
afterAll(() => dirs.forEach((d) => d.remove()));

describe('seqpipe sweep', () => {
  const dir = state();
  let out: { sweepId: string; status: string; variants: Variant[]; summary: { params: Record<string, string>; metrics: Record<string, { n: number }> }[] };

  it('runs 3 cells × 3 seeds as one plan: each data stage executes in exactly one variant', () => {
    const r = cli(['sweep', SWEEP, '--jobs', '2', '--state-dir', dir, '--json']);
    expect(r.code).toBe(0);
    out = JSON.parse(r.stdout);
    expect(out.status).toBe('success');
    expect(out.variants).toHaveLength(9);
    const executed = (id: string) => out.variants.filter((v) => v.stages.find((s) => s.id === id)!.cached === false);
    for (const id of DATA) expect(executed(id), id).toHaveLength(1);
    // model/rnn is not seeded: one per cell; the trainer is seeded: one per variant.
    expect(executed('model').map((v) => v.params['model.layers.0.cell']).sort()).toEqual(['gru', 'lstm', 'simpleRNN']);
    expect(executed('train')).toHaveLength(9);
    expect(out.summary).toHaveLength(3);
    expect(out.summary[0]!.metrics['test.mse']).toMatchObject({ n: 3 });
  });

  it('writes an ordinary run record per variant (overrides, seed, sweepId) and a sweep record', () => {
    for (const v of out.variants) {
      const record = JSON.parse(readFileSync(join(v.runDir, 'run.json'), 'utf8'));
      expect(record).toMatchObject({ sweepId: out.sweepId, pipeline: { seed: v.seed }, overrides: [`model.layers.0.cell=${v.params['model.layers.0.cell']}`] });
      expect(record.stages.map((s: Stage) => s.cached)).toEqual(v.stages.map((s) => s.cached));
    }
    const sweep = JSON.parse(readFileSync(join(dir, 'sweeps', `${out.sweepId}.json`), 'utf8'));
    expect(sweep).toMatchObject({ sweepId: out.sweepId, status: 'success', seeds: [1, 2, 3], grid: { 'model.layers.0.cell': ['simpleRNN', 'gru', 'lstm'] } });
    expect(sweep.variants.map((v: { runId: string }) => v.runId)).toEqual(out.variants.map((v) => v.runId));
  });

  it('gives the same metrics as a separate `seqpipe run --set … --seed …` (in-process)', () => {
    const variant = out.variants.find((v) => v.params['model.layers.0.cell'] === 'gru' && v.seed === 2)!;
    const r = cli(['run', SWEEP, '--set', 'model.layers.0.cell=gru', '--seed', '2', '--state-dir', state(), '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).metrics).toEqual(variant.metrics);
  });

  it('a second sweep is all cache hits', () => {
    const again = JSON.parse(cli(['sweep', SWEEP, '--jobs', '1', '--state-dir', dir, '--json']).stdout) as typeof out;
    expect(again.variants.flatMap((v) => v.stages).every((s) => s.cached)).toBe(true);
    expect(again.variants.map((v) => v.metrics)).toEqual(out.variants.map((v) => v.metrics));
  });
});

describe('seqpipe sweep, killed and started again', () => {
  it('resumes: the trainers that had finished are cache hits, nothing is corrupt', async () => {
    const dir = state();
    const args = ['sweep', SWEEP, '--set', 'train.epochs=4', '--jobs', '2', '--state-dir', dir];
    const first = startCli(args);
    const finished = /✓ train +trainer\/tfjs +ran .*\[v(\d+) /g;
    await first.whenStderr(/✓ train [^\n]*\n[^]*✓ train /); // two trainers done
    first.child.kill('SIGKILL');
    const killed = await first.exited;
    const done = [...killed.stderr.matchAll(finished)].map((m) => Number(m[1]) - 1);
    expect(done.length).toBeGreaterThanOrEqual(2);
    expect(done.length).toBeLessThan(9);
    verifyObjects(dir);
    const r = cli([...args, '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { variants: Variant[] };
    const train = (v: Variant) => v.stages.find((s) => s.id === 'train')!;
    for (const i of done) expect(train(out.variants[i]!).cached, `v${i + 1}`).toBe(true);
    expect(out.variants.every((v) => v.status === 'success')).toBe(true);
    // The data stages all ran before any trainer could start.
    for (const id of ['series', 'scaled', 'windows', 'split']) expect(out.variants.every((v) => v.stages.find((s) => s.id === id)!.cached)).toBe(true);
  }, 240_000);
});

describe('seqpipe sweep errors', () => {
  const write = (body: string): string => {
    const file = join(state(), 'pipeline.yaml');
    writeFileSync(file, body);
    return file;
  };
  const STAGES = `stages:
  series:  { uses: source/sine, with: { points: 200, stop: 20 } }
  windows: { uses: windower/sliding, from: series, with: { lookback: 5 } }
  split:   { uses: splitter/ratio, from: windows, with: { train: 0.7 } }
  model:   { uses: model/rnn, with: { layers: [{ cell: simpleRNN, units: 4 }] } }
  train:   { uses: trainer/tfjs, from: { model: model, data: split }, with: { epochs: 1 } }
`;
  const errors = (r: { stdout: string }) => JSON.parse(r.stdout).errors;

  it('a malformed sweep: block is reported where it is written (validate and sweep alike)', () => {
    const file = write(`name: bad
sweep:
  grid:
    model.layers.0.cell: gru
  seeds: [1, -1]
  bogus: 1
${STAGES}`);
    for (const command of ['sweep', 'validate']) {
      const r = cli([command, file, '--json']);
      expect(r.code).toBe(2);
      expect(errors(r)).toMatchObject([
        { code: 'E_INVALID_VALUE', line: 4, col: 26 },
        { code: 'E_INVALID_VALUE', line: 5, col: 14 },
        { code: 'E_UNKNOWN_KEY', line: 6, col: 3 },
      ]);
    }
  });

  it('grid axes are validated like --set: unknown stage, unknown param, bad value, each located', () => {
    const file = write(`name: bad
sweep:
  grid:
    nosuch.x: [1]
    train.epochz: [1, 2]
    model.layers.0.units: [4, -2]
${STAGES}`);
    const r = cli(['sweep', file, '--json']);
    expect(r.code).toBe(2);
    expect(errors(r)).toMatchObject([
      { code: 'E_BAD_GRID', line: 4, col: 5 },
      { code: 'E_UNKNOWN_KEY', line: 5, col: 5, stage: 'train' },
      { code: 'E_INVALID_VALUE', line: 6, col: 31, stage: 'model' },
    ]);
  });

  it('--grid over an unknown param is located at the stage, like --set', () => {
    const r = cli(['sweep', write(`name: ok\n${STAGES}`), '--grid', 'train.epochz=1,2', '--json']);
    expect(r.code).toBe(2);
    expect(errors(r)).toMatchObject([{ code: 'E_UNKNOWN_KEY', line: 7, col: 77, stage: 'train' }]);
  });

  it.each([
    [['--grid', 'nosuch.a=1'], 'E_BAD_GRID'],
    [['--grid', 'model'], 'E_BAD_GRID'],
    [['--seeds', '5..1'], 'E_BAD_SEEDS'],
    [['--seeds', '1,x'], 'E_BAD_SEEDS'],
    [['--jobs', '0', '--seeds', '1,2'], 'E_USAGE'],
    [[], 'E_BAD_GRID'],
  ])('sweep %j exits 2 with %s', (extra, code) => {
    const r = cli(['sweep', write(`name: ok\n${STAGES}`), ...extra]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(code);
  });
});
