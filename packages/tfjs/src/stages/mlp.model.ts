/**
 * `model/mlp`: Dense layers on the flattened window (lookback × features), then a Dense head sized
 * to the trainer's outputs. The default is the M4 competition's MLP benchmark: one hidden layer
 * of 6 units with the identity activation.
 */
import { defineStage } from '@seqpipe/core';
import type { DenseLayerSpec, MlpModelSpec } from '@seqpipe/core';
import { ACTIVATIONS } from './activations.js';

export interface MlpModelParams {
  readonly layers?: readonly { readonly units?: number; readonly activation?: string }[];
  readonly dropout?: number;
  readonly head?: { readonly activation?: string };
}

export const MLP_DEFAULT_LAYERS: readonly DenseLayerSpec[] = [{ units: 6, activation: 'linear' }];

export const mlpModelStage = defineStage({
  uses: 'model/mlp',
  version: '1',
  description: 'Multilayer perceptron: Dense layers on the flattened window (lookback × features) and a Dense head; trained by trainer/tfjs (fused kernels or tfjs-layers).',
  params: {
    type: 'object',
    additionalProperties: false,
    properties: {
      layers: {
        type: 'array',
        items: {
          type: 'object', additionalProperties: false,
          properties: {
            units: { type: 'integer', minimum: 1, default: 64, description: 'Units of this hidden layer.' },
            activation: { type: 'string', enum: [...ACTIVATIONS], default: 'relu', description: 'Activation of this hidden layer.' },
          },
        },
        default: [{ units: 6, activation: 'linear' }],
        description: 'Hidden Dense layers, input first (empty: a linear model). Default: the M4 MLP benchmark, one hidden layer of 6 identity units.',
      },
      dropout: { type: 'number', minimum: 0, exclusiveMaximum: 1, default: 0, description: 'Fraction of each hidden layer\'s outputs dropped during training (seeded masks).' },
      head: {
        type: 'object', additionalProperties: false, default: {},
        properties: { activation: { type: 'string', enum: [...ACTIVATIONS], default: 'linear', description: 'Activation of the Dense output layer.' } },
        description: 'The Dense output layer (horizon × targets wide).',
      },
    },
  },
  inputs: {},
  output: 'model-spec',
  async run(_ctx, _inputs, params: MlpModelParams): Promise<MlpModelSpec> {
    return {
      kind: 'model-spec',
      family: 'mlp',
      layers: (params.layers ?? MLP_DEFAULT_LAYERS).map((l) => ({ units: l.units ?? 64, activation: l.activation ?? 'relu' })),
      dropout: params.dropout ?? 0,
      head: { activation: params.head?.activation ?? 'linear' },
    };
  },
});
