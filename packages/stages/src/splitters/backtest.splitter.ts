import { defineStage, messages } from '@seqpipe/core';
import type { FoldSpec, Split, StageIssue } from '@seqpipe/core';
import { pickPerSeries, seriesBlocks } from './slice-windows.js';

export interface BacktestParams {
  readonly folds: number;
  readonly test: number;
  readonly mode: 'expanding' | 'sliding';
  readonly gap: number;
  /** Sliding mode: training windows per fold. */
  readonly train?: number;
  /** Filled per fold by the fan-out: test blocks counted from the end (0: the last). */
  readonly fromEnd?: number;
  /** Filled per fold by the fan-out: 1 for the earliest fold (display only, not keyed). */
  readonly fold?: number;
}

export interface FoldRange {
  readonly trainStart: number;
  readonly trainEnd: number;
  readonly testStart: number;
}

/**
 * Rolling origin: the test blocks tile the end of the windows, `test` each, the last fold's block
 * last. A fold trains on the windows before its block, minus `gap`: all of them (expanding) or the
 * latest `train` (sliding). A fold depends only on its position from the end, not on `folds`, so
 * adding a fold leaves the others' keys (and caches) alone.
 */
export function foldRange(count: number, p: Pick<BacktestParams, 'test' | 'mode' | 'gap' | 'train'>, fromEnd: number): FoldRange {
  const testStart = count - (fromEnd + 1) * p.test;
  const trainEnd = testStart - p.gap;
  const trainStart = p.mode === 'sliding' ? trainEnd - (p.train ?? 0) : 0;
  return { trainStart, trainEnd, testStart };
}

function problem(p: BacktestParams, count: number | undefined): StageIssue | undefined {
  if (p.mode === 'sliding' && p.train === undefined) {
    return { code: 'E_BACKTEST_RANGE', path: ['train'], message: messages.E_BACKTEST_RANGE('sliding mode needs train (windows per fold)') };
  }
  if (count === undefined) return undefined;
  // The earliest fold is the tightest.
  const r = foldRange(count, p, p.fromEnd ?? p.folds - 1);
  if (r.trainStart < 0 || r.trainEnd - r.trainStart < 1) {
    const detail = `${p.folds} folds of ${p.test} test windows${p.gap ? ` and a gap of ${p.gap}` : ''} leave the earliest fold ${Math.max(0, r.trainEnd - Math.max(r.trainStart, 0))} training windows of ${count}${p.mode === 'sliding' ? ` (it needs ${p.train})` : ''}; use fewer or smaller folds`;
    return { code: 'E_BACKTEST_RANGE', path: ['folds'], message: messages.E_BACKTEST_RANGE(detail) };
  }
  return undefined;
}

export const backtestSplitter = defineStage({
  uses: 'splitter/backtest',
  version: '2',
  description: 'Rolling-origin backtest: fans the pipeline out into folds, each training on the windows before its own test block.',
  params: {
    type: 'object',
    additionalProperties: false,
    properties: {
      folds: { type: 'integer', minimum: 1, default: 4, description: 'Number of folds; each re-fits scalers and retrains the model on its own training windows.' },
      test: { type: 'integer', minimum: 1, default: 20, description: 'Test windows per fold; the folds\' test blocks tile the end of the series.' },
      mode: { type: 'string', enum: ['expanding', 'sliding'], default: 'expanding', description: 'expanding: train on every window before the test block; sliding: on the latest `train` windows.' },
      gap: { type: 'integer', minimum: 0, default: 0, description: 'Windows dropped between training and test (lookback + horizon − 1 removes all overlap).' },
      train: { type: 'integer', minimum: 1, description: 'Sliding mode: training windows per fold.' },
      fromEnd: { type: 'integer', minimum: 0, description: 'Set per fold by seqpipe (0: the last test block); leave it out.' },
      fold: { type: 'integer', minimum: 1, description: 'Set per fold by seqpipe (1: the earliest); leave it out.' },
    },
  },
  inputs: { windows: 'windows' },
  output: 'split',
  volatileParams: ['folds', 'fold'],
  fanOut(params: BacktestParams): FoldSpec[] {
    return Array.from({ length: params.folds }, (_, i) => ({ suffix: `fold${i + 1}`, params: { fold: i + 1, fromEnd: params.folds - 1 - i } }));
  },
  check(params: BacktestParams, { windows }) {
    const issue = problem(params, windows?.windows);
    return { facts: { ...windows, parts: ['train', 'test'] }, issues: issue ? [issue] : [] };
  },
  async run(ctx, { windows }, params: BacktestParams): Promise<Split> {
    if (params.fromEnd === undefined) throw new Error(`${ctx.uses} runs once per fold; seqpipe sets fromEnd when it fans the pipeline out`);
    // Per series of a panel: each series' test blocks tile its own end, so folds align at the
    // series' ends; a series too short for this fold gives it nothing.
    const blocks = seriesBlocks(windows);
    if (blocks.length === 1) {
      const issue = problem(params, windows.count);
      if (issue) throw new Error(issue.message);
    }
    const fromEnd = params.fromEnd;
    const train = pickPerSeries(windows, blocks, (n) => {
      const r = foldRange(n, params, fromEnd);
      if (r.testStart < 0) return { from: 0, n: 0 };
      const from = Math.max(0, r.trainStart);
      return { from, n: r.trainEnd - from };
    });
    const test = pickPerSeries(windows, blocks, (n) => {
      const r = foldRange(n, params, fromEnd);
      return r.testStart < 0 ? { from: 0, n: 0 } : { from: r.testStart, n: params.test };
    });
    if (train.count < 1 || test.count < 1) {
      throw new Error(messages.E_BACKTEST_RANGE(`fold ${params.fold ?? ''} has no ${train.count < 1 ? 'training' : 'test'} windows in any series; use fewer or smaller folds`));
    }
    return { kind: 'split', train, test };
  },
});
