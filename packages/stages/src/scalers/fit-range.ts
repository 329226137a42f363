/**
 * Which rows a scaler fits on. By default the rows that end up in training windows, counted from
 * `fitTo` (the chain down to the splitter, filled by the validator) once the series' length is
 * known; `fitFraction` instead fits on leading rows, an explicit choice that may leak.
 */
import { messages } from '@seqpipe/core';
import type { ChainLink, JsonObject, StageIssue } from '@seqpipe/core';
import { foldRange, type BacktestParams } from '../splitters/backtest.splitter.js';
import { partSizes, type RatioParams } from '../splitters/ratio.splitter.js';
import { windowCount, type SlidingParams } from '../windowers/sliding.windower.js';

export interface FitParams {
  readonly fitFraction?: number;
  readonly fitTo?: readonly ChainLink[];
}

/** Rows [from, to) of the scaler's output that training windows read. */
export interface RowRange {
  readonly from: number;
  readonly to: number;
}

const PASS_THROUGH = /^(transform\/log|scaler\/)/;

/**
 * Undefined when the chain holds a stage whose effect on rows is unknown. A chain without a
 * splitter (nothing downstream is tested) trains on every row.
 */
export function trainRows(length: number, chain: readonly ChainLink[]): RowRange | undefined {
  let shift = 0;
  let rows = length;
  let windowing: SlidingParams | undefined;
  for (const { uses, params } of chain) {
    if (PASS_THROUGH.test(uses)) continue;
    if (uses === 'transform/diff') {
      const d = (params.order as number) * (params.lag as number);
      shift += d;
      rows -= d;
    } else if (uses === 'windower/sliding') windowing = params as unknown as SlidingParams;
    else if (uses === 'splitter/holdout') {
      // Counted from the end, so rows a difference dropped at the front do not move them. A
      // series too short to keep its validation rows out keeps at least its test rows out; one
      // with no row before them is never forecast, so fitting on it all leaks nothing.
      const test = params.test as number;
      const before = length - test - ((params.validation as number | undefined) ?? 0);
      return { from: 0, to: before >= 1 ? before : length - test >= 1 ? length - test : length };
    } else if (windowing && (uses === 'splitter/ratio' || uses === 'splitter/backtest')) {
      const count = windowCount(rows, windowing);
      // Too short for one window: the windower says so (E_SERIES_TOO_SHORT, rows needed vs
      // present). Fit on every row to let it: with no window nothing trains, so nothing leaks.
      if (count < 1) return { from: 0, to: length };
      const range = uses === 'splitter/ratio'
        ? { trainStart: 0, trainEnd: partSizes(count, params as unknown as RatioParams).train }
        : foldRange(count, params as unknown as BacktestParams, (params.fromEnd as number | undefined) ?? 0);
      if (range.trainEnd - range.trainStart < 1) return { from: 0, to: 0 };
      // Window k reads rows k·stride … k·stride + lookback + horizon − 1 of the windowed series,
      // which are these rows plus the rows the differences before it consumed.
      return {
        from: range.trainStart * windowing.stride,
        to: (range.trainEnd - 1) * windowing.stride + windowing.lookback + windowing.horizon + shift,
      };
    } else return undefined;
  }
  return { from: 0, to: length };
}

/** Leading rows for an explicit fraction: floored, at least one. */
export function fitRows(length: number, fitFraction: number): number {
  return Math.min(length, Math.max(1, Math.floor(length * fitFraction)));
}

export function fitRange(uses: string, length: number, p: FitParams): RowRange {
  if (p.fitFraction !== undefined) return { from: 0, to: fitRows(length, p.fitFraction) };
  const r = p.fitTo && trainRows(length, p.fitTo);
  if (!r) throw new Error(messages.E_FIT_EXTENT(uses));
  if (r.to - r.from < 1) throw new Error(`${uses}: no training rows to fit on (series of ${length} rows)`);
  return { from: r.from, to: Math.min(r.to, length) };
}

/** E_FIT_EXTENT when the training rows cannot be found; W_SCALER_LEAK when a fraction reaches past them. */
export function fitIssues(uses: string, p: FitParams, length: number | undefined): StageIssue[] {
  if (p.fitFraction === undefined) {
    const known = p.fitTo && trainRows(1e9, p.fitTo) !== undefined;
    return known ? [] : [{ code: 'E_FIT_EXTENT', path: [], message: messages.E_FIT_EXTENT(uses) }];
  }
  const leak = (detail: string): StageIssue[] => [{ code: 'W_SCALER_LEAK', severity: 'warning', path: ['fitFraction'], message: messages.W_SCALER_LEAK(detail) }];
  const train = length !== undefined && p.fitTo ? trainRows(length, p.fitTo) : undefined;
  if (length !== undefined && train) {
    const rows = fitRows(length, p.fitFraction);
    return rows > train.to ? leak(p.fitFraction === 1 ? `the whole series (${length} rows; training windows end at row ${train.to})` : `${rows} rows while training windows end at row ${train.to}`) : [];
  }
  return p.fitFraction === 1 ? leak('the whole series') : [];
}

export const fitParamsSchema = {
  fitFraction: {
    type: 'number', exclusiveMinimum: 0, maximum: 1,
    description: 'Fit on this fraction of leading rows (floored, at least one) instead of the training rows. 1 fits the whole series, as the tutorial does, which leaks the test range.',
  },
  fitTo: {
    type: 'array',
    items: {
      type: 'object', additionalProperties: false, required: ['uses', 'params'],
      properties: { uses: { type: 'string' }, params: { type: 'object' } },
    },
    description: 'Filled by seqpipe: the stages down to the splitter, from which the training rows are counted. Leave it out.',
  },
} as unknown as Record<string, JsonObject>;
