/** `seqpipe status`: would each stage be a cache hit, and if not, what changed since its last run. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Seqpipe } from '@seqpipe/cli';
import { defineStage, STAGE } from '@seqpipe/core';
import { ContainerModule } from 'inversify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, TINY, tempDir } from '../helpers.js';

const state = tempDir();
afterAll(() => state.remove());
const sp = (...args: string[]) => cli([...args, '--state-dir', state.path]);
const status = (...sets: string[]) => {
  const r = sp('status', TINY, ...sets.flatMap((s) => ['--set', s]), '--json');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as { hits: number; tensorflowLoaded: boolean; stages: { id: string; hit: boolean; changes: Record<string, unknown>[] }[] };
};
const stage = (s: ReturnType<typeof status>, id: string) => s.stages.find((x) => x.id === id)!;

describe('seqpipe status', () => {
  beforeAll(() => expect(sp('run', TINY, '--json').code).toBe(0));

  it('after a run, every stage is a hit, without loading TensorFlow', () => {
    const s = status();
    expect(s.stages.every((x) => x.hit)).toBe(true);
    expect(s.tensorflowLoaded).toBe(false);
  });

  it('explains a changed param, and that what reads it will re-run', () => {
    const s = status('train.epochs=3');
    expect(stage(s, 'split').hit).toBe(true);
    expect(stage(s, 'train')).toMatchObject({ hit: false, changes: [{ kind: 'param', path: 'epochs', from: 2, to: 3 }] });
    expect(stage(s, 'test')).toMatchObject({ hit: false, changes: [{ kind: 'upstream-rerun', stage: 'train' }] });
    expect(stage(s, 'naive_test').hit).toBe(true);
    expect(sp('status', TINY, '--set', 'train.epochs=3').stdout).toContain('param epochs 2 → 3');
  });

  it('explains a changed upstream: data stages cached from another run, training input differs', () => {
    expect(sp('run', TINY, '--set', 'scaled.fitFraction=0.1', '--set', 'train.epochs=1', '--json').code).toBe(0);
    expect(sp('run', TINY, '--json').code).toBe(0); // the newest run of train: the default data
    const s = status('scaled.fitFraction=0.1');
    expect(['scaled', 'windows', 'split'].every((id) => stage(s, id).hit)).toBe(true);
    expect(stage(s, 'train')).toMatchObject({ hit: false, changes: [{ kind: 'upstream-changed', stage: 'split', port: 'data' }] });
  });

  it('explains a changed input file (a CSV source), and that what reads it will re-run', () => {
    const csv = join(state.path, 'data.csv');
    const file = join(state.path, 'csv.yaml');
    writeFileSync(csv, 'v\n1\n2\n3\n4\n');
    writeFileSync(file, 'name: csv-status\nstages:\n  data: { uses: source/csv, with: { path: data.csv } }\n  scaled: { uses: scaler/minmax, from: data }\n');
    expect(sp('run', file, '--json').code).toBe(0);
    writeFileSync(csv, 'v\n1\n2\n3\n5\n');
    const s = JSON.parse(sp('status', file, '--json').stdout);
    expect(s.stages).toMatchObject([
      { id: 'data', hit: false, changes: [{ kind: 'input-file' }] },
      { id: 'scaled', hit: false, changes: [{ kind: 'upstream-rerun', stage: 'data' }] },
    ]);
  });

  it('explains a changed plugin version (a plugin registered through the programmatic API)', async () => {
    const file = join(state.path, 'fixture.yaml');
    writeFileSync(file, 'name: fixture\nstages:\n  data: { uses: source/fixture }\n');
    const plugin = (version: string) => new ContainerModule(({ bind }) => {
      bind(STAGE).toConstantValue(defineStage({
        uses: 'source/fixture', version, description: 'three numbers', params: { type: 'object', properties: {} }, inputs: {}, output: 'series',
        run: async () => ({ kind: 'series', columns: ['v'], length: 3, values: Float64Array.from([1, 2, 3]), transforms: [] }),
      }));
    });
    const v1 = new Seqpipe({ stateDir: state.path, modules: [plugin('1')] });
    expect((await v1.run(file, { report: false })).record.status).toBe('success');
    const v2 = new Seqpipe({ stateDir: state.path, modules: [plugin('2')] });
    const { pipeline } = await v2.load(file);
    expect(await v2.status(pipeline!)).toMatchObject([{ id: 'data', hit: false, changes: [{ kind: 'plugin-version', from: '1', to: '2' }] }]);
    expect(await v1.status((await v1.load(file)).pipeline!)).toMatchObject([{ id: "data", hit: true }]);
  });
});
