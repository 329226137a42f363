/** What both layouts of a sweep report (every combination, or a summary of many) work from. */
import type { SummaryRow, SweepRecord } from '@seqpipe/core';
import type { RunReportData } from './report-data.js';
import { comboLabel } from './sweep-labels.js';
import type { LossPoint, SeedValue } from './sweep-charts.js';
import type { SvgRenderer } from './svg-cache.js';

/** A sweep report reads only a variant's record and loss histories. */
export type VariantData = Pick<RunReportData, 'record' | 'histories'>;
export type SweepVariant = SweepRecord['variants'][number];

export interface SweepContext {
  readonly sweep: SweepRecord;
  readonly runs: readonly VariantData[];
  readonly byRun: ReadonlyMap<string, VariantData>;
  readonly variantOf: ReadonlyMap<string, SweepVariant>;
  readonly svgs: SvgRenderer;
}

/** The report's metrics section and charts, in the order they appear. */
export interface SweepSections {
  readonly summary: readonly string[];
  readonly figures: readonly string[];
  readonly charts: Readonly<Record<string, string>>;
}

/** Every summary metric, in the order the rows first name them. */
export const metricNames = (rows: readonly SummaryRow[]): string[] => [...new Set(rows.flatMap((r) => Object.keys(r.metrics)))];

/** Each variant's (finite) value of `evaluator.metric`, in sweep order. */
export function variantValues(ctx: SweepContext, metric: string): SeedValue[] {
  const dot = metric.indexOf('.');
  const out: SeedValue[] = [];
  for (const v of ctx.sweep.variants) {
    const x = ctx.byRun.get(v.runId)?.record.metrics[metric.slice(0, dot)]?.[metric.slice(dot + 1)];
    if (typeof x === 'number' && Number.isFinite(x)) out.push({ metric, combo: comboLabel(v.params), seed: v.seed, value: x });
  }
  return out;
}

/** A baseline's metric is the same in every variant: nothing to compare or plot. */
export const differs = (values: readonly SeedValue[]): boolean => new Set(values.map((x) => x.value)).size >= 2;

export interface LossCurve {
  readonly variant: SweepVariant;
  /** `seed 2` (and the trainer, when there are several). */
  readonly curve: string;
  readonly points: readonly { readonly epoch: number; readonly loss: number }[];
}

/** Every recorded loss history: a curve per variant (and trainer, for backtest folds), in run order. */
export function lossCurves(ctx: SweepContext): LossCurve[] {
  const curves: LossCurve[] = [];
  for (const d of ctx.runs) {
    const variant = ctx.variantOf.get(d.record.runId);
    if (!variant) continue;
    const trainers = Object.entries(d.histories);
    for (const [trainer, history] of trainers) {
      const points = history.flatMap((h) => (h.loss === null ? [] : [{ epoch: h.epoch, loss: h.loss }]));
      curves.push({ variant, curve: `seed ${variant.seed}${trainers.length > 1 ? ` ${trainer}` : ''}`, points });
    }
  }
  return curves;
}

/** Curves as chart rows, each labelled by its combination (`label`). */
export const lossPoints = (curves: readonly LossCurve[], label: (v: SweepVariant) => string = (v) => comboLabel(v.params)): LossPoint[] =>
  curves.flatMap((c) => c.points.map((p) => ({ combo: label(c.variant), curve: c.curve, epoch: p.epoch, loss: p.loss })));
