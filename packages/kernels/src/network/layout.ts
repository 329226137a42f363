/**
 * The shape of a stacked recurrent network with a Dense head, and where each weight tensor lives in
 * one flat parameter array. Tensors are in tfjs `model.weights` order (per layer kernel,
 * recurrent_kernel, bias; then the head's kernel and bias) with the Keras/tfjs shapes:
 * kernel [in, k·units], recurrent_kernel [units, k·units], bias [k·units], gate blocks in Keras
 * order (GRU z, r, h; LSTM i, f, c, o). Exported weights are these slices, row-major, as float32.
 */
import { isRecurrentSpec, type CellType, type ModelSpec, type RecurrentModelSpec } from '@seqpipe/core';
import { activationCode, type ActivationCode } from './activations.js';

export interface TensorSlot {
  readonly name: string;
  readonly shape: readonly number[];
  readonly offset: number;
  readonly size: number;
}

export interface LayerLayout {
  readonly cell: CellType;
  readonly units: number;
  readonly inputDim: number;
  /** Gate blocks: 1 SimpleRNN, 3 GRU, 4 LSTM. */
  readonly gates: number;
  readonly activation: ActivationCode;
  readonly recurrentActivation: ActivationCode;
  readonly dropout: number;
  readonly recurrentDropout: number;
  readonly kernel: TensorSlot;
  readonly recurrentKernel: TensorSlot;
  readonly bias: TensorSlot;
}

export interface NetworkShape {
  readonly lookback: number;
  readonly features: number;
  /** The Dense head's width: horizon · targets (× quantiles). */
  readonly outputs: number;
  /** Forecast steps; needed by model/nbeats's interpretable bases (outputs / horizon channels per step). */
  readonly horizon?: number;
}

export interface NetworkLayout extends NetworkShape {
  readonly layers: readonly LayerLayout[];
  readonly head: { readonly inputDim: number; readonly activation: ActivationCode; readonly kernel: TensorSlot; readonly bias: TensorSlot };
  readonly tensors: readonly TensorSlot[];
  /** Total parameter count. */
  readonly size: number;
}

export const GATES: Readonly<Record<CellType, number>> = { simpleRNN: 1, gru: 3, lstm: 4 };

/** Layer names match build-model.ts in the tfjs package, so weight names match too. */
export const recurrentLayerName = (i: number): string => `rnn_${i}`;
export const HEAD_LAYER_NAME = 'head';

export interface WeightTensors {
  readonly layers: readonly { readonly kernel: TensorSlot; readonly recurrentKernel: TensorSlot; readonly bias: TensorSlot }[];
  readonly head: { readonly kernel: TensorSlot; readonly bias: TensorSlot };
  readonly tensors: readonly TensorSlot[];
  readonly size: number;
}

/** Names, shapes and offsets of every weight, for any activations (the layers engine uses it too). */
export function weightTensors(model: ModelSpec, shape: NetworkShape): WeightTensors {
  const spec = recurrentOnly(model);
  const tensors: TensorSlot[] = [];
  let offset = 0;
  const slot = (name: string, dims: number[]): TensorSlot => {
    const size = dims.reduce((a, b) => a * b, 1);
    const s = { name, shape: dims, offset, size };
    offset += size;
    tensors.push(s);
    return s;
  };
  let inputDim = shape.features;
  const layers = spec.layers.map((l, i) => {
    const k = GATES[l.cell] * l.units;
    const name = recurrentLayerName(i);
    const slots = {
      kernel: slot(`${name}/kernel`, [inputDim, k]),
      recurrentKernel: slot(`${name}/recurrent_kernel`, [l.units, k]),
      bias: slot(`${name}/bias`, [k]),
    };
    inputDim = l.units;
    return slots;
  });
  const head = { kernel: slot(`${HEAD_LAYER_NAME}/kernel`, [inputDim, shape.outputs]), bias: slot(`${HEAD_LAYER_NAME}/bias`, [shape.outputs]) };
  return { layers, head, tensors, size: offset };
}

/** Throws UnsupportedActivationError when an activation is outside the fused set. */
export function networkLayout(model: ModelSpec, shape: NetworkShape): NetworkLayout {
  const spec = recurrentOnly(model);
  const w = weightTensors(spec, shape);
  const layers = spec.layers.map((l, i): LayerLayout => ({
    cell: l.cell,
    units: l.units,
    inputDim: i === 0 ? shape.features : spec.layers[i - 1]!.units,
    gates: GATES[l.cell],
    activation: activationCode(l.activation),
    // SimpleRNN has no gates; its recurrentActivation is ignored, as in tfjs.
    recurrentActivation: l.cell === 'simpleRNN' ? activationCode('linear') : activationCode(l.recurrentActivation),
    dropout: l.dropout,
    recurrentDropout: l.recurrentDropout,
    ...w.layers[i]!,
  }));
  const head = { inputDim: spec.layers[spec.layers.length - 1]!.units, activation: activationCode(spec.head.activation), ...w.head };
  return { ...shape, layers, head, tensors: w.tensors, size: w.size };
}

/** The recurrent network code's guard: the dense families have their own layout (family-layout.ts). */
export function recurrentOnly(spec: ModelSpec): RecurrentModelSpec {
  if (!isRecurrentSpec(spec)) throw new Error(`the recurrent network layout does not apply to a model/${spec.family} spec`);
  return spec;
}
