import { Ajv2020 } from 'ajv/dist/2020.js';
import { checkArtifact, testContext, type MlpModelSpec, type NbeatsModelSpec } from '@seqpipe/core';
import { sineSplit } from '../testing/sine-split.js';
import { tfjsTrainerStage } from './tfjs.trainer.js';
import { describe, expect, it } from 'vitest';
import { chooseEngine } from '../training/engine.js';
import { linearModelStage, type LinearModelParams } from './linear.model.js';
import { mlpModelStage, type MlpModelParams } from './mlp.model.js';
import { nbeatsModelStage, type NbeatsModelParams } from './nbeats.model.js';

// As the pipeline validator does: defaults filled by ajv.
const resolver = (schema: object) => {
  const validate = new Ajv2020({ useDefaults: true, strict: false }).compile(schema);
  return <P>(params: object): P => {
    const copy = structuredClone(params);
    if (!validate(copy)) throw new Error(JSON.stringify(validate.errors));
    return copy as P;
  };
};
const mlp = resolver(mlpModelStage.params);
const linear = resolver(linearModelStage.params);
const nbeats = resolver(nbeatsModelStage.params);

describe('model/mlp, model/linear, model/nbeats specs', () => {
  it('model/mlp defaults to the M4 MLP benchmark (one hidden layer of 6 identity units)', async () => {
    const spec = await mlpModelStage.run(testContext(), {}, mlp<MlpModelParams>({}));
    expect(spec).toEqual({ kind: 'model-spec', family: 'mlp', layers: [{ units: 6, activation: 'linear' }], dropout: 0, head: { activation: 'linear' } });
    expect(checkArtifact('model-spec', spec)).toBeUndefined();
    expect(((await mlpModelStage.run(testContext(), {}, mlp<MlpModelParams>({ layers: [{ units: 32 }], dropout: 0.1 }))) as MlpModelSpec).layers)
      .toEqual([{ units: 32, activation: 'relu' }]);
  });

  it('model/linear: plain, or DLinear with kernel 25 by default', async () => {
    expect(await linearModelStage.run(testContext(), {}, linear<LinearModelParams>({}))).toEqual({ kind: 'model-spec', family: 'linear' });
    const d = await linearModelStage.run(testContext(), {}, linear<LinearModelParams>({ decomposition: {} }));
    expect(d).toEqual({ kind: 'model-spec', family: 'linear', decomposition: { kernel: 25 } });
    expect(checkArtifact('model-spec', d)).toBeUndefined();
  });

  it('model/nbeats keeps only the fields each stack type reads', async () => {
    const spec = await nbeatsModelStage.run(testContext(), {}, nbeats<NbeatsModelParams>({
      stacks: [{ type: 'trend' }, { type: 'seasonality', period: 12 }, {}], sharedWeights: true,
    }));
    expect(spec).toEqual({
      kind: 'model-spec', family: 'nbeats', sharedWeights: true,
      stacks: [
        { type: 'trend', blocks: 3, layers: 4, units: 64, degree: 2 },
        { type: 'seasonality', blocks: 3, layers: 4, units: 64, harmonics: 3, period: 12 },
        { type: 'generic', blocks: 3, layers: 4, units: 64, thetas: 8 },
      ],
    });
    expect(checkArtifact('model-spec', spec)).toBeUndefined();
    expect(((await nbeatsModelStage.run(testContext(), {}, nbeats<NbeatsModelParams>({}))) as NbeatsModelSpec).stacks).toEqual([{ type: 'generic', blocks: 3, layers: 4, units: 64, thetas: 8 }]);
  });

  it.each([
    [mlpModelStage.params, { layers: [{ units: 0 }] }],
    [mlpModelStage.params, { dropout: 1 }],
    [linearModelStage.params, { decomposition: { kernel: 1 } }],
    [nbeatsModelStage.params, { stacks: [] }],
    [nbeatsModelStage.params, { stacks: [{ type: 'fourier' }] }],
    [nbeatsModelStage.params, { stacks: [{ blocks: 0 }] }],
  ])('rejects %j', (schema, params) => {
    expect(new Ajv2020({ useDefaults: true, strict: false }).compile(schema)(structuredClone(params))).toBe(false);
  });

  it('model/nbeats check: a parameter of another stack type, harmonics above period / 2', () => {
    expect(nbeatsModelStage.check!({ stacks: [{ type: 'trend', harmonics: 2 }] }, {}).issues).toMatchObject([{ code: 'E_NBEATS_PARAM', path: ['stacks', 0, 'harmonics'] }]);
    expect(nbeatsModelStage.check!({ stacks: [{}, { degree: 2 }] }, {}).issues).toMatchObject([{ code: 'E_NBEATS_PARAM', path: ['stacks', 1, 'degree'] }]);
    expect(nbeatsModelStage.check!({ stacks: [{ type: 'seasonality', harmonics: 4, period: 7 }] }, {}).issues).toMatchObject([{ code: 'E_NBEATS_HARMONICS', path: ['stacks', 0, 'harmonics'] }]);
    expect(nbeatsModelStage.check!({ stacks: [{ type: 'seasonality', harmonics: 3, period: 6 }] }, {}).issues).toEqual([]);
  });

  it('engine auto: fused for model/linear, model/nbeats and model/mlp (fused activations), layers with a reason otherwise', () => {
    expect(chooseEngine('auto', { kind: 'model-spec', family: 'linear', decomposition: { kernel: 5 } })).toEqual({ engine: 'fused' });
    const mlp = (activation: string) => ({ kind: 'model-spec', family: 'mlp', layers: [{ units: 3, activation }], dropout: 0.1, head: { activation: 'linear' } }) as const;
    expect(chooseEngine('auto', mlp('relu'))).toEqual({ engine: 'fused' });
    expect(chooseEngine('auto', mlp('gelu'))).toEqual({ engine: 'layers', unsupported: 'model/mlp activation "gelu"' });
    expect(chooseEngine('auto', { kind: 'model-spec', family: 'nbeats', sharedWeights: false, stacks: [{ type: 'generic', blocks: 1, layers: 1, units: 2 }] }))
      .toEqual({ engine: 'fused' });
  });

  it('the trainer compares a decomposition kernel with the lookback: a check issue from facts, E_MODEL_LOOKBACK while running', async () => {
    expect(linearModelStage.check!({ decomposition: { kernel: 9 } }, {}).facts).toEqual({ minLookback: 9 });
    const params = { optimizer: 'adam', learningRate: 0.01, loss: 'mse', epochs: 1, batchSize: 8, shuffle: true } as const;
    expect(tfjsTrainerStage.check!(params, { model: { minLookback: 9 }, data: { lookback: 8 } }).issues).toMatchObject([{ code: 'E_MODEL_LOOKBACK' }]);
    expect(tfjsTrainerStage.check!(params, { model: { minLookback: 8 }, data: { lookback: 8 } }).issues).toEqual([]);
    const spec = { kind: 'model-spec', family: 'linear', decomposition: { kernel: 7 } } as const;
    await expect(tfjsTrainerStage.run(testContext('train'), { model: spec, data: sineSplit({ lookback: 6 }) }, params)).rejects.toMatchObject({ code: 'E_MODEL_LOOKBACK' });
  });
});
