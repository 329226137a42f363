/**
 * `model/linear`: one linear map from the flattened window (lookback × features) to the outputs;
 * with `decomposition`, DLinear (Zeng et al. 2023): a moving-average trend (edges padded by
 * repeating the first and last rows) and the remainder, one linear map each, summed.
 *
 * The moving average runs along time separately for each feature, as in DLinear; the two maps
 * then read the whole flattened window, not one channel each. That lets covariates inform the
 * targets and sizes the maps from the trainer's outputs alone (several targets, quantiles); with
 * one feature and one target it is exactly DLinear.
 */
import { defineStage } from '@seqpipe/core';
import type { LinearModelSpec } from '@seqpipe/core';

export interface LinearModelParams {
  readonly decomposition?: { readonly kernel?: number };
}

export const linearModelStage = defineStage({
  uses: 'model/linear',
  version: '1',
  description: 'Linear map from the flattened window to the outputs; with decomposition, DLinear (trend + remainder, one map each). Trained by trainer/tfjs (fused kernels or tfjs-layers).',
  params: {
    type: 'object',
    additionalProperties: false,
    properties: {
      decomposition: {
        type: 'object', additionalProperties: false,
        properties: {
          kernel: {
            type: 'integer', minimum: 2, default: 25,
            description: 'Moving-average window in steps (DLinear uses 25); at most the lookback. Even kernels take one more row after than before.',
          },
        },
        description: 'DLinear: split the window into a moving-average trend and the remainder, each with its own linear map. Absent: one linear map.',
      },
    },
  },
  inputs: {},
  output: 'model-spec',
  // The trainer checks it against the windows' lookback (E_MODEL_LOOKBACK).
  check(params: LinearModelParams) {
    return { facts: params.decomposition ? { minLookback: params.decomposition.kernel ?? 25 } : {} };
  },
  async run(_ctx, _inputs, params: LinearModelParams): Promise<LinearModelSpec> {
    return {
      kind: 'model-spec',
      family: 'linear',
      ...(params.decomposition ? { decomposition: { kernel: params.decomposition.kernel ?? 25 } } : {}),
    };
  },
});
