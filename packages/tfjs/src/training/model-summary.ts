import { isRecurrentSpec, toJsonValue, type JsonObject, type JsonValue, type ModelSpec } from '@seqpipe/core';
import type { ModelShape } from '../model/build-model.js';
import type { EpochResult } from './fit-loop.js';
import type { TrainingParams } from './training-params.js';

// NaN/Infinity (a diverged run) are not JSON: record them as null.
const num = (v: number): JsonValue => (Number.isFinite(v) ? v : null);

export function architectureOf(spec: ModelSpec, shape: ModelShape): JsonObject {
  if (!isRecurrentSpec(spec)) return familyArchitecture(spec, shape);
  return {
    input: [shape.lookback, shape.features],
    layers: [
      ...spec.layers.map((l, i): JsonObject => ({
        layer: l.cell, units: l.units, activation: l.activation,
        ...(l.cell === 'simpleRNN' ? {} : { recurrentActivation: l.recurrentActivation }),
        dropout: l.dropout, recurrentDropout: l.recurrentDropout, returnSequences: i < spec.layers.length - 1,
      })),
      { layer: 'dense', units: shape.outputs, activation: spec.head.activation },
    ],
  };
}

/** The dense families: the spec's own fields (defaults filled) and the head's width. */
function familyArchitecture(spec: Exclude<ModelSpec, { family?: 'rnn' }>, shape: ModelShape): JsonObject {
  const { kind: _kind, ...fields } = spec;
  return { input: [shape.lookback, shape.features], ...(toJsonValue(fields) as JsonObject), outputs: shape.outputs };
}

export function trainingSummary(input: {
  spec: ModelSpec; shape: ModelShape; params: number; engine: 'fused' | 'layers';
  /** The tfjs backend (layers engine only: the fused engine does not use TensorFlow). */
  backend?: string;
  /** The fused engine's products when not the WASM ones (native-products.ts): absent keeps WASM artifacts' bytes. */
  kernels?: string;
  training: TrainingParams;
  history: readonly EpochResult[];
  /** What early stopping and the schedule did (control-summary.ts); absent without them. */
  control?: JsonObject;
}): JsonObject {
  // No wall time here: it is in the run record. The artifact must be a pure function of its
  // inputs, so retraining to identical weights yields identical bytes and keeps downstream cached.
  return {
    architecture: architectureOf(input.spec, input.shape),
    params: input.params,
    engine: input.engine,
    ...(input.backend === undefined ? {} : { backend: input.backend }),
    ...(input.kernels === undefined ? {} : { kernels: input.kernels }),
    // checkpointEvery and threads cannot change the weights, so they stay out of the bytes (as out of the key).
    training: Object.fromEntries(Object.entries(input.training).filter(([k]) => k !== 'checkpointEvery' && k !== 'threads')) as JsonObject,
    history: input.history.map((h): JsonObject => ({
      epoch: h.epoch, loss: num(h.loss), ...(h.valLoss === undefined ? {} : { valLoss: num(h.valLoss) }),
      ...(h.learningRate === undefined ? {} : { learningRate: h.learningRate }),
    })),
    ...(input.control ? { control: input.control } : {}),
  };
}

/** The quantiles a trained forecaster outputs: those of loss quantile, else none. */
export function quantilesOf(params: TrainingParams): readonly number[] | undefined {
  return params.loss === 'quantile' ? params.quantiles : undefined;
}
