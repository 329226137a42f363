/**
 * The `model-spec` artifact: an untrained model's architecture, one per model family, told apart
 * by `family`. Shapes come from the data at training time.
 */
import type { RecurrentLayerSpec } from './kinds.js';

/**
 * `model/rnn`: stacked recurrent layers and a Dense head. `family` is absent in every recurrent spec
 * the stage writes (so their bytes, and every cache key downstream, stay as they were); 'rnn' is
 * accepted as the same.
 */
export interface RecurrentModelSpec {
  readonly kind: 'model-spec';
  readonly family?: 'rnn';
  readonly layers: readonly RecurrentLayerSpec[];
  readonly head: { readonly activation: string };
}
export interface DenseLayerSpec {
  readonly units: number;
  readonly activation: string;
}
/** `model/mlp`: Dense layers on the flattened window (lookback × features), then a Dense head. */
export interface MlpModelSpec {
  readonly kind: 'model-spec';
  readonly family: 'mlp';
  readonly layers: readonly DenseLayerSpec[];
  /** Fraction of each hidden layer's outputs dropped during training (0: none). */
  readonly dropout: number;
  readonly head: { readonly activation: string };
}
/** `model/linear`: one linear map from the flattened window; DLinear when `decomposition` is set. */
export interface LinearModelSpec {
  readonly kind: 'model-spec';
  readonly family: 'linear';
  /** Moving-average trend (window `kernel` steps, edges padded by repetition) + remainder, one map each. */
  readonly decomposition?: { readonly kernel: number };
}
export type NbeatsStackType = 'generic' | 'trend' | 'seasonality';
export interface NbeatsStackSpec {
  readonly type: NbeatsStackType;
  readonly blocks: number;
  /** Fully connected (relu) layers per block. */
  readonly layers: number;
  readonly units: number;
  /** generic: width of each θ (backcast and forecast). */
  readonly thetas?: number;
  /** trend: polynomial degree p (θ has p + 1 coefficients per channel). */
  readonly degree?: number;
  /** seasonality: Fourier harmonics K (θ has 2K + 1 coefficients per channel). */
  readonly harmonics?: number;
  /** seasonality: the basis period in steps; absent = the lookback. */
  readonly period?: number;
}
/** `model/nbeats`: N-BEATS (Oreshkin et al. 2020) on the flattened window, doubly residual. */
export interface NbeatsModelSpec {
  readonly kind: 'model-spec';
  readonly family: 'nbeats';
  readonly stacks: readonly NbeatsStackSpec[];
  /** All blocks of a stack share one set of weights. */
  readonly sharedWeights: boolean;
}
/** An untrained model's architecture; shapes come from the data at training time. */
export type ModelSpec = RecurrentModelSpec | MlpModelSpec | LinearModelSpec | NbeatsModelSpec;
export type ModelFamily = 'rnn' | 'mlp' | 'linear' | 'nbeats';

export const modelFamily = (spec: ModelSpec): ModelFamily => spec.family ?? 'rnn';
export function isRecurrentSpec(spec: ModelSpec): spec is RecurrentModelSpec {
  return spec.family === undefined || spec.family === 'rnn';
}
