/**
 * `model/nbeats`: N-BEATS (Oreshkin et al. 2020). Stacks of blocks; each block is a stack of
 * fully connected relu layers, then θ projections (linear, no bias) for a backcast and a
 * forecast. Generic blocks map θ to both with a learned Dense layer; interpretable ones through a
 * fixed basis: polynomial of degree p (trend) or Fourier (seasonality). Doubly residual: block
 * l + 1 reads x_l − backcast_l, the forecast is the sum of every block's.
 *
 * Input: the whole flattened window (lookback × features), so covariates are backcast too;
 * forecasts cover only the outputs (horizon × targets). Interpretable bases assume the step is
 * the outermost output dimension: outputs / horizon channels per step, each with its own θ.
 */
import { defineStage, messages } from '@seqpipe/core';
import type { NbeatsModelSpec, NbeatsStackSpec, NbeatsStackType, StageIssue } from '@seqpipe/core';

export interface NbeatsStackParams {
  readonly type?: NbeatsStackType;
  readonly blocks?: number;
  readonly layers?: number;
  readonly units?: number;
  readonly thetas?: number;
  readonly degree?: number;
  readonly harmonics?: number;
  readonly period?: number;
}
export interface NbeatsModelParams {
  readonly stacks?: readonly NbeatsStackParams[];
  readonly sharedWeights?: boolean;
}

/** Smaller than the paper's (512 units; 30 generic stacks) so it trains on a CPU in seconds. */
export const NBEATS_STACK_DEFAULTS = { blocks: 3, layers: 4, units: 64, thetas: 8, degree: 2, harmonics: 3 } as const;
const DEFAULT_STACKS: readonly NbeatsStackParams[] = [{ type: 'generic' }];

const stackSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    type: {
      type: 'string', enum: ['generic', 'trend', 'seasonality'], default: 'generic',
      description: 'generic: learned linear backcast/forecast; trend: polynomial basis; seasonality: Fourier basis.',
    },
    blocks: { type: 'integer', minimum: 1, default: NBEATS_STACK_DEFAULTS.blocks, description: 'Blocks in this stack.' },
    layers: { type: 'integer', minimum: 1, default: NBEATS_STACK_DEFAULTS.layers, description: 'Fully connected relu layers per block.' },
    units: { type: 'integer', minimum: 1, default: NBEATS_STACK_DEFAULTS.units, description: 'Units of each fully connected layer.' },
    thetas: { type: 'integer', minimum: 1, description: `generic: width of θ for the backcast and for the forecast (default ${NBEATS_STACK_DEFAULTS.thetas}).` },
    degree: { type: 'integer', minimum: 0, maximum: 10, description: `trend: polynomial degree p (default ${NBEATS_STACK_DEFAULTS.degree}).` },
    harmonics: { type: 'integer', minimum: 1, description: `seasonality: Fourier harmonics K (default ${NBEATS_STACK_DEFAULTS.harmonics}), at most period / 2.` },
    period: { type: 'integer', minimum: 2, description: 'seasonality: the basis period in steps (default: the lookback).' },
  },
};

export const nbeatsModelStage = defineStage({
  uses: 'model/nbeats',
  version: '1',
  description: 'N-BEATS: doubly residual stacks of fully connected blocks, generic or interpretable (trend, seasonality). Trained by trainer/tfjs (fused kernels or tfjs-layers).',
  params: {
    type: 'object',
    additionalProperties: false,
    properties: {
      stacks: {
        type: 'array', minItems: 1, items: stackSchema, default: [{ type: 'generic' }],
        description: 'Stacks, input first. The interpretable N-BEATS is [{ type: trend }, { type: seasonality }].',
      },
      sharedWeights: { type: 'boolean', default: false, description: 'All blocks of a stack share one set of weights (the paper does for interpretable stacks).' },
    },
  },
  inputs: {},
  output: 'model-spec',
  check(params: NbeatsModelParams) {
    const issues: StageIssue[] = [];
    (params.stacks ?? []).forEach((s, i) => {
      if (s.type !== 'seasonality' && (s.harmonics !== undefined || s.period !== undefined)) {
        issues.push({ code: 'E_NBEATS_PARAM', severity: 'error', path: ['stacks', i, s.harmonics !== undefined ? 'harmonics' : 'period'], message: messages.E_NBEATS_PARAM(i, s.type ?? 'generic', s.harmonics !== undefined ? 'harmonics' : 'period', 'seasonality') });
      } else if (s.type !== 'trend' && s.degree !== undefined) {
        issues.push({ code: 'E_NBEATS_PARAM', severity: 'error', path: ['stacks', i, 'degree'], message: messages.E_NBEATS_PARAM(i, s.type ?? 'generic', 'degree', 'trend') });
      } else if (s.type !== 'generic' && s.type !== undefined && s.thetas !== undefined) {
        issues.push({ code: 'E_NBEATS_PARAM', severity: 'error', path: ['stacks', i, 'thetas'], message: messages.E_NBEATS_PARAM(i, s.type, 'thetas', 'generic') });
      } else if (s.harmonics !== undefined && s.period !== undefined && 2 * s.harmonics > s.period) {
        issues.push({ code: 'E_NBEATS_HARMONICS', severity: 'error', path: ['stacks', i, 'harmonics'], message: messages.E_NBEATS_HARMONICS(s.harmonics, s.period) });
      }
    });
    return { issues };
  },
  async run(_ctx, _inputs, params: NbeatsModelParams): Promise<NbeatsModelSpec> {
    return { kind: 'model-spec', family: 'nbeats', stacks: (params.stacks ?? DEFAULT_STACKS).map(normalizeStack), sharedWeights: params.sharedWeights ?? false };
  },
});

/** Only the fields the stack's type reads, so an unused default never enters the spec. */
function normalizeStack(s: NbeatsStackParams): NbeatsStackSpec {
  const type = s.type ?? 'generic';
  const d = NBEATS_STACK_DEFAULTS;
  const base = { type, blocks: s.blocks ?? d.blocks, layers: s.layers ?? d.layers, units: s.units ?? d.units };
  switch (type) {
    case 'generic': return { ...base, thetas: s.thetas ?? d.thetas };
    case 'trend': return { ...base, degree: s.degree ?? d.degree };
    case 'seasonality': return { ...base, harmonics: s.harmonics ?? d.harmonics, ...(s.period === undefined ? {} : { period: s.period }) };
  }
}
