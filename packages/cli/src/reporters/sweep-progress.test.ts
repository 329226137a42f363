import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { ResolvedPipeline, ResolvedStage, StageRecord, SweepVariant } from '@seqpipe/core';
import { sweepProgress } from './sweep-progress.js';

/** A writable stream that says it is (or is not) a terminal, and keeps what was written. */
function stream(tty: boolean) {
  const s = new PassThrough() as PassThrough & { isTTY?: boolean; columns?: number; text(): string };
  let out = '';
  s.on('data', (d) => (out += d));
  s.isTTY = tty;
  s.columns = 200;
  s.text = () => out;
  return s as unknown as NodeJS.WriteStream & { text(): string };
}

const stage = (id: string, uses: string, inputs: Record<string, string> = {}, params = {}): ResolvedStage =>
  ({ id, uses, inputs, params, facts: {} }) as unknown as ResolvedStage;
const pipeline: ResolvedPipeline = {
  name: 'p', file: 'p.yaml', dir: '.', seed: 1, document: {}, waves: [],
  stages: [stage('series', 'source/sine'), stage('train', 'trainer/tfjs', { data: 'series' }, { epochs: 4 })],
};
const variants: SweepVariant[] = [1, 2].map((seed, index) => ({ index, seed, params: { 'model.layers.0.cell': 'gru' }, overrides: [], pipeline }));
const rec = (id: string, status: StageRecord['status']): StageRecord => ({ id, uses: id === 'train' ? 'trainer/tfjs' : 'source/sine', key: 'k', cached: status === 'hit', seconds: 1, status });
const frame = () => new Promise((r) => setTimeout(r, 450)); // cli-progress redraws 5 times a second

describe('sweep progress', () => {
  it('on a terminal: a sweep bar (variants, stages ran/cached, ETA) and a live bar per training job', async () => {
    const out = stream(true);
    const progress = sweepProgress(variants, out);
    const [a, b] = variants.map((v) => progress.hooksFor(v));
    a!.stageStart!(pipeline.stages[0]!, false);
    a!.stageEnd!(rec('series', 'ran'));
    b!.stageEnd!(rec('series', 'hit'));
    a!.progress!('train', { type: 'batch', epoch: 1, epochs: 4, batch: 5, batches: 10 });
    await frame();
    a!.stageEnd!(rec('train', 'ran'));
    b!.stageEnd!(rec('train', 'ran'));
    await frame();
    progress.stop();
    const text = out.text();
    expect(text).toMatch(/train \[v1 cell=gru seed 1\] \|[^|]+\| epoch 1\/4 · batch 5\/10 · loss … · ETA/);
    expect(text).toMatch(/sweep \|[^|]+\| 0\/2 variants · 1 stages ran · 1 cached · ETA/);
    expect(text).toMatch(/sweep \|[^|]+\| 2\/2 variants · 3 stages ran · 1 cached/);
    expect(text).toMatch(/✓ series +source\/sine +ran/); // job lines scroll above the bars
    expect(text).not.toMatch(/train epoch 1\/4 +loss/); // no plain epoch lines under live bars
  });

  it('plain lines when not a terminal: one per finished variant, with an ETA until the end', () => {
    const out = stream(false);
    const progress = sweepProgress(variants, out);
    const [a, b] = variants.map((v) => progress.hooksFor(v));
    a!.stageEnd!(rec('series', 'ran'));
    a!.progress!('train', { type: 'batch', epoch: 1, epochs: 4, batch: 5, batches: 10 });
    a!.stageEnd!(rec('train', 'ran'));
    b!.stageEnd!(rec('series', 'hit'));
    b!.stageEnd!(rec('train', 'ran'));
    progress.stop();
    const lines = out.text().split('\n').filter((l) => l.includes('sweep '));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^ {2}sweep 1\/2 variants done · 2 stages ran · 0 cached · ETA \d+s$/);
    expect(lines[1]).toBe('  sweep 2/2 variants done · 3 stages ran · 1 cached');
    expect(out.text()).not.toMatch(/batch 5\/10/);
  });
});
