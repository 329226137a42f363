/**
 * `model/rnn`: a stack of recurrent layers and a Dense head, as data. No TensorFlow here: the
 * trainer builds the network once the data's shape is known.
 */
import { defineStage } from '@seqpipe/core';
import type { CellType, ModelSpec, RecurrentLayerSpec } from '@seqpipe/core';
import { ACTIVATIONS } from './activations.js';

/** As written in a pipeline; the validator fills the defaults, and so does `run` for direct callers. */
export type RnnLayerParams = { readonly cell: CellType } & Partial<Omit<RecurrentLayerSpec, 'cell'>>;
export interface RnnModelParams {
  readonly layers: readonly RnnLayerParams[];
  readonly head?: { readonly activation?: string };
}

const CELLS: readonly CellType[] = ['simpleRNN', 'gru', 'lstm'];
const rate = (description: string) => ({ type: 'number', minimum: 0, exclusiveMaximum: 1, default: 0, description });

const layerSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['cell'],
  properties: {
    cell: {
      type: 'string', enum: [...CELLS],
      description: 'Recurrent cell. tfjs GRU is the reset-before variant (Keras reset_after=False); Keras defaults to reset_after=True.',
    },
    units: { type: 'integer', minimum: 1, default: 50, description: 'Hidden units.' },
    activation: { type: 'string', enum: [...ACTIVATIONS], default: 'tanh', description: 'Output activation of the cell.' },
    recurrentActivation: {
      type: 'string', enum: [...ACTIVATIONS], default: 'sigmoid',
      description: 'Gate activation (gru, lstm). Keras default sigmoid, passed explicitly because tfjs defaults to hardSigmoid.',
    },
    dropout: rate('Fraction of the inputs dropped during training.'),
    recurrentDropout: rate('Fraction of the recurrent state dropped during training.'),
  },
};

export const rnnModelStage = defineStage({
  uses: 'model/rnn',
  version: '1',
  description: 'Recurrent network architecture: stacked SimpleRNN/GRU/LSTM layers and a Dense head sized to horizon × targets.',
  params: {
    type: 'object',
    additionalProperties: false,
    properties: {
      layers: {
        type: 'array', minItems: 1, items: layerSchema,
        default: [{ cell: 'simpleRNN', units: 50 }],
        description: 'Recurrent layers, input first; all but the last return sequences.',
      },
      head: {
        type: 'object', additionalProperties: false, default: {},
        properties: { activation: { type: 'string', enum: [...ACTIVATIONS], default: 'linear', description: 'Activation of the Dense output layer.' } },
        description: 'The Dense output layer.',
      },
    },
  },
  inputs: {},
  output: 'model-spec',
  async run(_ctx, _inputs, params: RnnModelParams): Promise<ModelSpec> {
    return { kind: 'model-spec', layers: params.layers.map(normalizeLayer), head: { activation: params.head?.activation ?? 'linear' } };
  },
});

function normalizeLayer(layer: RnnLayerParams): RecurrentLayerSpec {
  return {
    cell: layer.cell,
    units: layer.units ?? 50,
    activation: layer.activation ?? 'tanh',
    recurrentActivation: layer.recurrentActivation ?? 'sigmoid',
    dropout: layer.dropout ?? 0,
    recurrentDropout: layer.recurrentDropout ?? 0,
  };
}
