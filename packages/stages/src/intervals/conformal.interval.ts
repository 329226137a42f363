import { defineStage, messages, seriesRanges, windowSeries } from '@seqpipe/core';
import type { Forecaster, JsonObject, StageIssue } from '@seqpipe/core';
import { insampleScales } from '../evaluators/insample.js';
import { partOf } from '../evaluators/regression.evaluator.js';
import { score } from '../evaluators/score.js';
import { assertCompatible } from '../forecasting/compatible.js';
import { calibrate, type ConformalScope, type ConformalTable } from './calibrate.js';
import { minCalibration } from './conformal-quantile.js';
import { createConformalForecaster } from './conformal-forecaster.js';

export interface ConformalParams {
  readonly levels: readonly number[];
  readonly part: 'validation' | 'train';
  readonly scope: ConformalScope;
  readonly period: number;
}

const uses = 'interval/conformal';

/**
 * Split-conformal prediction intervals around any forecaster: the residuals |y − ŷ| of the
 * calibration part (original units, per horizon step and target) give, at each level, the
 * half-width ⌈(n + 1)·level/100⌉-th smallest residual, which covers at least `level` percent of
 * new points exchangeable with the calibration ones. On a panel, residuals are scaled per series
 * (normalized conformal, see calibrate.ts).
 */
export const conformalInterval = defineStage({
  uses,
  version: '1',
  description: 'Wraps a forecaster with split-conformal prediction intervals, calibrated on the residuals of a part of the split (per horizon step; per series scale on a panel).',
  params: {
    type: 'object',
    additionalProperties: false,
    properties: {
      levels: {
        type: 'array', items: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 100 }, minItems: 1, uniqueItems: true, default: [80, 95],
        description: 'Central coverage levels in percent, each in (0, 100): the interval at 95 should hold 95% of actual values.',
      },
      part: {
        type: 'string', enum: ['validation', 'train'], default: 'validation',
        description: 'The part whose residuals calibrate the intervals: validation (honest), or train (optimistic: the model fitted those points; warns).',
      },
      scope: {
        type: 'string', enum: ['pooled', 'series'], default: 'pooled',
        description: "pooled: each series' residuals divided by its in-sample scale, pooled over series, the quantile multiplied back by each series' scale (normalized conformal; works with one calibration window per series). series: a series with enough calibration windows for every level uses its own residuals; the others use the pooled quantile. The same on a single series.",
      },
      period: {
        type: 'integer', minimum: 1, default: 1,
        description: "The per-series scale's season: the in-sample MAE of y[t] − y[t − period] in original units, as MASE's (1: naive; the season length: seasonal naive).",
      },
    },
  },
  inputs: { model: 'forecaster', data: 'split' },
  output: 'forecaster',
  numeric: true,
  check(params: ConformalParams, { data }) {
    const issues: StageIssue[] = [];
    const parts = data?.parts;
    if (parts && !parts.includes(params.part)) {
      issues.push({ code: 'E_MISSING_PART', message: messages.E_MISSING_PART(params.part, parts), path: ['part'] });
    }
    if (params.part === 'train') issues.push({ code: 'W_CONFORMAL_TRAIN', severity: 'warning', message: messages.W_CONFORMAL_TRAIN(), path: ['part'] });
    return { issues };
  },
  async run(ctx, { model, data }, params: ConformalParams): Promise<Forecaster> {
    const w = partOf(uses, data, params.part);
    assertCompatible(uses, model, w);
    const levels = [...params.levels].sort((a, b) => a - b);
    const scored = await score(uses, model, w);
    ctx.signal.throwIfAborted();
    const scales = insampleScales(data.train, w, params.period);
    const { ids } = seriesRanges(w, w.rows);
    const c = calibrate({
      predicted: scored.predictedOriginal, actual: scored.actualOriginal, series: windowSeries(w), ids,
      horizon: w.horizon, targets: w.targetColumns.length, scales,
    }, levels, params.scope, params.part);
    if (c.unscaledShort > 0) {
      ctx.log.warn(`${c.unscaledShort} of ${ids.length} series have no in-sample scale (constant, or too short for period ${params.period}) and fewer than ${minCalibration(levels.at(-1)!)} calibration windows: their intervals are their largest calibration residual, which promises no level`);
    }
    const { table } = c;
    const summary: JsonObject = {
      model: model.summary,
      conformal: {
        levels, part: params.part, scope: params.scope, period: params.period, windows: w.count, series: ids.length,
        pooledResiduals: c.pooledCount, ownSeries: table.ownSeries.length,
        // A single series' half-widths per level and step (first target), in original units: small enough to show.
        ...(ids.length === 1 ? { halfWidths: Object.fromEntries(levels.map((l, i) => [String(l), Array.from({ length: w.horizon }, (_, h) => widthAt(table, i, h))])) } : {}),
      },
    };
    return createConformalForecaster(model, table, summary);
  },
});

/** A single series' half-width at level index l, step h, first target. */
function widthAt(table: ConformalTable, l: number, h: number): number {
  const { horizon: H, targets: T } = table;
  if (table.ownSeries.length > 0) return table.own[(l * H + h) * T]!;
  return table.pooled[(l * H + h) * T]! * table.scales[0]!;
}
