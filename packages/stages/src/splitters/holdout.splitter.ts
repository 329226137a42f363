import { defineStage, messages, seriesRanges, windowsAt } from '@seqpipe/core';
import type { Split, StageIssue, Windows } from '@seqpipe/core';

export interface HoldoutParams {
  /** Rows at the end of every series that are forecast and scored. */
  readonly test: number;
  /** Rows before the test rows, for choosing hyperparameters. */
  readonly validation: number;
}

/** Holdout parts of one series: (ending at row `end`): where its validation and test rows begin. */
export function holdoutRows(end: number, p: HoldoutParams): { validationStart: number; testStart: number } {
  const testStart = end - p.test;
  return { testStart, validationStart: testStart - p.validation };
}

function problem(p: HoldoutParams, horizon: number | undefined): StageIssue | undefined {
  if (horizon === undefined) return undefined;
  if (p.test < horizon) return { code: 'E_HOLDOUT_RANGE', path: ['test'], message: messages.E_HOLDOUT_RANGE(`${p.test} test rows cannot hold one forecast of horizon ${horizon}; set test to a multiple of the horizon (equal to it for the M4 protocol)`) };
  if (p.validation > 0 && p.validation < horizon) return { code: 'E_HOLDOUT_RANGE', path: ['validation'], message: messages.E_HOLDOUT_RANGE(`${p.validation} validation rows cannot hold one forecast of horizon ${horizon}`) };
  return undefined;
}

/**
 * The M-competition protocol: the last `test` rows of every series are forecast from the origin
 * just before them (and `validation` rows before those, from theirs), and no training window's
 * target reaches into them. Training windows are the windower's, cut short per series; validation
 * and test windows are placed by the holdout itself, one per row of its part that can start a full
 * horizon, so a series shorter than the lookback is still forecast (its inputs padded with its
 * first value). A series with no row before its test rows cannot be forecast and is left out.
 */
export const holdoutSplitter = defineStage({
  uses: 'splitter/holdout',
  version: '1',
  description: 'Holds out the last `test` rows of every series (and `validation` rows before them): the M-competition protocol.',
  params: {
    type: 'object',
    additionalProperties: false,
    required: ['test'],
    examples: [{ test: 48 }],
    properties: {
      test: { type: 'integer', minimum: 1, description: 'Rows at the end of every series to forecast and score; equal to the horizon forecasts them all from one origin (M4).' },
      validation: { type: 'integer', minimum: 0, default: 0, description: 'Rows before the test rows, forecast from their own origin, for choosing hyperparameters; 0 for none.' },
    },
  },
  inputs: { windows: 'windows' },
  output: 'split',
  check(params: HoldoutParams, { windows }) {
    const parts = ['train', ...(params.validation > 0 ? ['validation'] : []), 'test'];
    return { facts: { ...windows, parts } };
  },
  async run(ctx, { windows }, params: HoldoutParams): Promise<Split> {
    const issue = problem(params, windows.horizon);
    if (issue) throw new Error(issue.message);
    const { ids, offsets } = seriesRanges(windows, windows.rows);
    const H = windows.horizon;
    const train: number[] = [];
    const validation: number[] = [];
    const test: number[] = [];
    let k = 0;
    let unforecast = 0;
    for (let s = 0; s < ids.length; s++) {
      const start = offsets[s]!;
      const end = offsets[s + 1]!;
      const { validationStart, testStart } = holdoutRows(end, params);
      // The windower's windows of this series come next, in time order.
      for (; k < windows.count && windows.index[k]! <= end; k++) {
        if (windows.index[k]! + H <= validationStart) train.push(windows.index[k]!);
      }
      if (testStart <= start) {
        unforecast++;
        continue;
      }
      for (let i = Math.max(validationStart, start + 1); params.validation > 0 && i + H <= testStart; i++) validation.push(i);
      for (let i = testStart; i + H <= end; i++) test.push(i);
    }
    if (unforecast > 0) ctx.log.warn(`${unforecast} of ${ids.length} series have no row before their last ${params.test}: they are not forecast or scored`);
    const part = (index: number[], name: string): Windows => {
      if (index.length < 1) throw new Error(messages.E_EMPTY_PART(name, windows.count));
      return windowsAt(windows, Int32Array.from(index));
    };
    return {
      kind: 'split',
      train: part(train, 'train'),
      ...(params.validation > 0 ? { validation: part(validation, 'validation') } : {}),
      test: part(test, 'test'),
    };
  },
});
