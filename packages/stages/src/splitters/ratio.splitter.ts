import { defineStage, messages } from '@seqpipe/core';
import type { Split, StageIssue } from '@seqpipe/core';
import { pickPerSeries, seriesBlocks } from './slice-windows.js';

export interface RatioParams {
  readonly train: number;
  readonly validation: number;
  readonly gap: number;
}

export interface PartSizes {
  readonly train: number;
  readonly validation: number;
  readonly test: number;
}

/**
 * Chronological: floor(count·train) windows (Python's int(len*0.8)), gap, floor(count·validation)
 * when validation > 0, gap again, the rest is test. A test size below 1 means the gaps ate it.
 */
export function partSizes(count: number, p: RatioParams): PartSizes {
  const train = Math.floor(count * p.train);
  const validation = p.validation > 0 ? Math.floor(count * p.validation) : 0;
  const used = train + p.gap + (p.validation > 0 ? validation + p.gap : 0);
  return { train, validation, test: count - used };
}

/** The first problem with these fractions, if any; path is relative to `with`. */
function problem(p: RatioParams, count?: number): StageIssue | undefined {
  // The tolerance catches 0.7 + 0.3 = 0.9999999999999999, which would leave no test window.
  if (p.train + p.validation > 1 - 1e-9) {
    const detail = `train (${p.train}) + validation (${p.validation}) must be below 1 to leave a test part`;
    return { code: 'E_SPLIT_RANGE', severity: 'error', path: ['validation'], message: messages.E_SPLIT_RANGE(detail) };
  }
  if (count === undefined) return undefined;
  const sizes = partSizes(count, p);
  const empty = (part: string, key: string): StageIssue =>
    ({ code: 'E_EMPTY_PART', severity: 'error', path: [key], message: messages.E_EMPTY_PART(part, count) });
  if (sizes.train < 1) return empty('train', 'train');
  if (p.validation > 0 && sizes.validation < 1) return empty('validation', 'validation');
  // floor(a) + floor(b) < count when a + b < 1, so it is the gaps that leave no test window.
  if (sizes.test < 1) return empty('test', p.gap > 0 ? 'gap' : 'train');
  return undefined;
}

export const ratioSplitter = defineStage({
  uses: 'splitter/ratio',
  version: '2',
  description: 'Splits windows in time order: the first fraction trains, then validation, the rest tests.',
  params: {
    type: 'object',
    additionalProperties: false,
    properties: {
      train: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1, default: 0.8, description: 'Fraction of windows (floored) for training, taken first.' },
      validation: { type: 'number', minimum: 0, exclusiveMaximum: 1, default: 0, description: 'Fraction of windows (floored) for validation, after train; 0 for none.' },
      gap: {
        type: 'integer', minimum: 0, default: 0,
        description: 'Windows dropped between parts so their rows do not overlap (lookback + horizon − 1 removes all overlap).',
      },
    },
  },
  inputs: { windows: 'windows' },
  output: 'split',
  check(params: RatioParams, { windows }) {
    const issue = problem(params, windows?.windows);
    const parts = ['train', ...(params.validation > 0 ? ['validation'] : []), 'test'];
    return { facts: { ...windows, parts }, issues: issue ? [issue] : [] };
  },
  async run(_ctx, { windows }, params: RatioParams): Promise<Split> {
    // Each series of a panel is split by the fractions on its own; a series too short for a
    // part gives it nothing, and only a part empty in every series is an error.
    const blocks = seriesBlocks(windows);
    if (blocks.length === 1) {
      const issue = problem(params, windows.count);
      if (issue) throw new Error(issue.message);
    }
    const train = pickPerSeries(windows, blocks, (n) => ({ from: 0, n: partSizes(n, params).train }));
    const validation = params.validation > 0
      ? pickPerSeries(windows, blocks, (n) => { const s = partSizes(n, params); return { from: s.train + params.gap, n: s.validation }; })
      : undefined;
    const test = pickPerSeries(windows, blocks, (n) => { const s = partSizes(n, params); return { from: n - Math.max(0, s.test), n: Math.max(0, s.test) }; });
    for (const [name, part] of [['train', train], ['validation', validation], ['test', test]] as const) {
      if (part && part.count < 1) throw new Error(messages.E_EMPTY_PART(name, windows.count));
    }
    return { kind: 'split', train, ...(validation ? { validation } : {}), test };
  },
});
