import { describe, expect, it } from 'vitest';
import { flattenParams, mlflowKey } from './run-payload.js';

describe('flattenParams: the resolved pipeline as MLflow params', () => {
  it('walks objects and lists of objects, keeps a list of plain values as one JSON param, and adds seed, uses and from', () => {
    const params = flattenParams({
      name: 'p', seed: 3, tracking: { uri: 'http://x' },
      stages: {
        model: { uses: 'model/rnn', with: { layers: [{ cell: 'gru', units: 4 }], head: { activation: 'linear' } } },
        test: { uses: 'evaluator/regression', from: { model: 'train', data: 'split' }, with: { metrics: ['mse', 'mase'], period: 1, note: null } },
      },
    });
    expect(Object.fromEntries(params.map((p) => [p.key, p.value]))).toEqual({
      seed: '3', 'model.uses': 'model/rnn', 'model.layers.0.cell': 'gru', 'model.layers.0.units': '4', 'model.head.activation': 'linear',
      'test.uses': 'evaluator/regression', 'test.from': '{"model":"train","data":"split"}', 'test.metrics': '["mse","mase"]', 'test.period': '1', 'test.note': 'null',
    });
  });
});

describe('mlflowKey', () => {
  it('keeps what MLflow allows, writes a fold clone as stage/foldN and replaces anything else', () => {
    expect(mlflowKey('train@fold2.training_loss')).toBe('train/fold2.training_loss');
    expect(mlflowKey('a b:c-d_e.f/g')).toBe('a b:c-d_e.f/g');
    expect(mlflowKey('x$y')).toBe('x_y');
    expect(mlflowKey('k'.repeat(300))).toHaveLength(250);
  });
});
