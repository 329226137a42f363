/**
 * The cache rules, through the package API: what re-runs after each kind of edit, corruption
 * recovery, and that nothing leaks tensors.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseOverride } from '@seqpipe/core';
import { Seqpipe } from '@seqpipe/cli';
import { afterAll, describe, expect, it } from 'vitest';
import { TINY, tempDir } from '../helpers.js';

const state = tempDir();
afterAll(() => state.remove());
const app = new Seqpipe({ stateDir: state.path });

async function run(sets: string[] = [], extra: { noCache?: boolean; seed?: number } = {}) {
  const result = await app.run(TINY, { overrides: sets.map(parseOverride), ...extra });
  expect(result.error).toBeUndefined();
  const ran = result.record.stages.filter((s) => s.status === 'ran').map((s) => s.id);
  return { ran, record: result.record };
}

describe('partial re-runs', () => {
  it('first run executes every stage', async () => {
    const { ran } = await run();
    expect(ran).toEqual(['series', 'model', 'scaled', 'windows', 'split', 'train', 'naive', 'test', 'next', 'naive_test']);
  });

  it('nothing changed: no stage executes', async () => {
    expect((await run()).ran).toEqual([]);
  });

  it('only an evaluator changed: only that evaluator runs', async () => {
    expect((await run(['test.metrics=[mse]'])).ran).toEqual(['test']);
  });

  it('cell type changed: model, trainer and what reads them run; data stages are hits', async () => {
    const { ran } = await run(['model.layers.0.cell=gru']);
    expect(ran).toEqual(['model', 'train', 'test', 'next']);
  });

  it('a predictor setting changed: only the predictor runs', async () => {
    expect((await run(['next.steps=2'])).ran).toEqual(['next']);
  });

  it('a source change ripples through everything downstream of it only', async () => {
    const { ran } = await run(['series.points=180']);
    expect(ran).not.toContain('model');
    expect(ran).toEqual(expect.arrayContaining(['series', 'scaled', 'windows', 'split', 'train', 'test', 'next', 'naive', 'naive_test']));
  });
});

describe('reproducibility', () => {
  it('same seed twice with noCache: bit-identical metrics; another seed changes them', async () => {
    const a = (await run([], { noCache: true })).record;
    const b = (await run([], { noCache: true })).record;
    expect(b.metrics).toEqual(a.metrics);
    // Not just the metrics: every artifact, the trained weights included, is byte-identical.
    expect(b.stages.map((s) => s.digest)).toEqual(a.stages.map((s) => s.digest));
    const c = (await run([], { noCache: true, seed: 99 })).record;
    expect(c.metrics.test!.mse).not.toBe(a.metrics.test!.mse);
  });
});

describe('corruption', () => {
  it('a corrupted cached object is detected, moved aside and recomputed', async () => {
    const before = await run();
    const split = before.record.stages.find((s) => s.id === 'split')!;
    const object = join(state.path, 'objects', split.digest!.slice(0, 2), split.digest!);
    const bytes = readFileSync(object);
    bytes[bytes.length - 1] ^= 0xff;
    writeFileSync(object, bytes);
    // The evaluator must run, so it needs the split: the corrupt object is found on read.
    const after = await app.run(TINY, { overrides: [parseOverride('test.metrics=[mae]')] });
    expect(after.error).toBeUndefined();
    expect(after.record.warnings.join('\n')).toContain('failed its digest check');
    expect(after.record.metrics.test!.mae).toBe(before.record.metrics.test!.mae);
    expect(readdirSync(join(state.path, 'corrupt'))).toHaveLength(1);
    expect(readFileSync(object).equals(bytes)).toBe(false); // rewritten with the right bytes
  });
});

describe('memory', () => {
  it('leaves no tensors behind after a run', async () => {
    // The layers engine trains on TensorFlow (the fused engine never loads it).
    await run(['train.engine=layers'], { noCache: true }); // TensorFlow loaded and warm
    const before = app.env.tensorCount();
    expect(before).toBeTypeOf('number');
    await run(['train.engine=layers'], { noCache: true });
    expect(app.env.tensorCount()).toBe(before);
  });
});
