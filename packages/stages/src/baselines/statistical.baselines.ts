/**
 * The M4 competition's statistical benchmarks as baselines: each stage returns a forecaster that
 * fits its method on every window's whole series history before the forecast origin, in original
 * units (see statistical-forecaster.ts), with the M4 reference code's seasonality test and
 * multiplicative adjustment for `period`.
 */
import { defineStage, messages, SeqpipeError } from '@seqpipe/core';
import type { Forecaster, StageDefinition } from '@seqpipe/core';
import { createStatisticalForecaster } from './statistical-forecaster.js';
import type { StatisticalMethod } from './statistical-forecaster.js';

export interface StatisticalParams {
  readonly period: number;
}

const DESCRIPTIONS: Record<StatisticalMethod, string> = {
  naive2: "M4 Naive2: the last value of the seasonally adjusted history (the M4's reference for OWA), fitted on each window's whole series history.",
  ses: "M4 SES: simple exponential smoothing (ETS(A,N,N)) on the seasonally adjusted history, fitted on each window's whole series history.",
  holt: "M4 Holt: Holt's linear trend (ETS(A,A,N)) on the seasonally adjusted history, fitted on each window's whole series history.",
  damped: "M4 Damped: damped trend (ETS(A,Ad,N)) on the seasonally adjusted history, fitted on each window's whole series history.",
  theta: "M4 Theta: SES with half the linear trend's slope as drift, on the seasonally adjusted history, fitted on each window's whole series history.",
  comb: "M4 Comb: the mean of SES, Holt and Damped, fitted on each window's whole series history.",
};

function statisticalBaseline(method: StatisticalMethod) {
  const uses = `baseline/${method}` as const;
  return defineStage({
    uses,
    version: '1',
    description: DESCRIPTIONS[method],
    params: {
      type: 'object', additionalProperties: false, examples: [{ period: 24 }],
      properties: {
        period: {
          type: 'integer', minimum: 1, default: 1,
          description: 'Season length in rows for the M4 seasonality test and multiplicative seasonal adjustment (e.g. 24 hourly, 12 monthly, 4 quarterly); 1: no adjustment.',
        },
      },
    },
    inputs: { data: 'split' },
    output: 'forecaster',
    async run(_ctx, { data }, params: StatisticalParams): Promise<Forecaster> {
      const w = data.train;
      if (w.targetColumns.length !== 1) throw new SeqpipeError('E_ONE_TARGET', messages.E_ONE_TARGET(uses, w.targetColumns.length), { exitCode: 1 });
      return createStatisticalForecaster(method, params.period ?? 1, { lookback: w.lookback, features: w.columns.length, horizon: w.horizon, targetFeatures: w.targetColumns });
    },
  });
}

export const naive2Baseline = statisticalBaseline('naive2');
export const sesBaseline = statisticalBaseline('ses');
export const holtBaseline = statisticalBaseline('holt');
export const dampedBaseline = statisticalBaseline('damped');
export const thetaBaseline = statisticalBaseline('theta');
export const combBaseline = statisticalBaseline('comb');
export const statisticalBaselines: readonly StageDefinition[] = [naive2Baseline, sesBaseline, holtBaseline, dampedBaseline, thetaBaseline, combBaseline];
