import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { testContext } from '@seqpipe/core';
import { rnnModelStage, type RnnModelParams } from './rnn.model.js';

// As the pipeline validator does: defaults filled by ajv.
const validate = new Ajv2020({ useDefaults: true, strict: false }).compile(rnnModelStage.params);
const resolve = (params: object): RnnModelParams => {
  const copy = structuredClone(params);
  if (!validate(copy)) throw new Error(JSON.stringify(validate.errors));
  return copy as RnnModelParams;
};

describe('model/rnn', () => {
  it('defaults to the tutorial network', async () => {
    expect(await rnnModelStage.run(testContext(), {}, resolve({}))).toEqual({
      kind: 'model-spec',
      layers: [{ cell: 'simpleRNN', units: 50, activation: 'tanh', recurrentActivation: 'sigmoid', dropout: 0, recurrentDropout: 0 }],
      head: { activation: 'linear' },
    });
  });

  it('fills each layer\'s defaults', () => {
    expect(resolve({ layers: [{ cell: 'gru', units: 32 }, { cell: 'lstm' }] }).layers).toEqual([
      { cell: 'gru', units: 32, activation: 'tanh', recurrentActivation: 'sigmoid', dropout: 0, recurrentDropout: 0 },
      { cell: 'lstm', units: 50, activation: 'tanh', recurrentActivation: 'sigmoid', dropout: 0, recurrentDropout: 0 },
    ]);
  });

  it.each([
    { layers: [] },
    { layers: [{ units: 5 }] },
    { layers: [{ cell: 'rnn' }] },
    { layers: [{ cell: 'gru', units: 0 }] },
    { layers: [{ cell: 'gru', dropout: 1 }] },
    { layers: [{ cell: 'gru', size: 3 }] },
    { head: { activation: 'hard_sigmoid' } },
  ])('rejects %j', (params) => {
    expect(validate(structuredClone(params))).toBe(false);
  });
});
