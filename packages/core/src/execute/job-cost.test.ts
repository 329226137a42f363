/** The dispatch estimate ranks trainers by cell, size and epochs, above every data stage. */
import { describe, expect, it } from 'vitest';
import type { ResolvedPipeline, ResolvedStage } from '../spec/resolved-pipeline.js';
import { stageRanks } from './job-cost.js';

const stage = (id: string, uses: string, params: object, inputs: Record<string, string> = {}, facts = {}): ResolvedStage =>
  ({ id, uses, params, inputs, facts, definition: {} }) as unknown as ResolvedStage;
const pipeline = (cell: string, units: number, epochs: number): ResolvedPipeline => ({
  name: 'p', file: 'p.yaml', dir: '.', seed: 1, document: {}, waves: [],
  stages: [
    stage('series', 'source/sine', {}),
    stage('split', 'splitter/ratio', {}, { series: 'series' }, { windows: 100, columns: 1 }),
    stage('model', 'model/rnn', { layers: [{ cell, units }] }),
    stage('train', 'trainer/tfjs', { epochs }, { model: 'model', data: 'split' }),
    stage('test', 'evaluator/regression', {}, { model: 'train', data: 'split' }),
  ],
});
const rank = (p: ResolvedPipeline, id: string): number => stageRanks(p).get(id)!;

describe('stageRanks', () => {
  it('orders trainers: LSTM > GRU > SimpleRNN, more units and more epochs first', () => {
    const [rnn, gru, lstm] = ['simpleRNN', 'gru', 'lstm'].map((c) => rank(pipeline(c, 50, 30), 'train'));
    expect(lstm).toBeGreaterThan(gru!);
    expect(gru).toBeGreaterThan(rnn!);
    expect(rank(pipeline('gru', 64, 30), 'train')).toBeGreaterThan(gru!);
    expect(rank(pipeline('gru', 50, 60), 'train')).toBeGreaterThan(gru!);
  });

  it('ranks a stage above everything it leads to: the data chain and model before their trainer, evaluators last', () => {
    const p = pipeline('lstm', 50, 30);
    expect(rank(p, 'series')).toBeGreaterThan(rank(p, 'split'));
    expect(rank(p, 'split')).toBeGreaterThan(rank(p, 'train'));
    expect(rank(p, 'model')).toBeGreaterThan(rank(p, 'train'));
    expect(rank(p, 'test')).toBe(1);
    expect(rank(p, 'model')).toBeGreaterThan(rank(pipeline('simpleRNN', 50, 30), 'model'));
  });
});
