/** A sweep report's charts (Vega-Lite): one metric across the grid's combinations, and loss curves. */
import type { ChartSpec } from './render-svg.js';

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

export interface SeedValue {
  /** The grid combination, e.g. `cell=gru` (`all` when only seeds vary). */
  readonly combo: string;
  readonly seed: number;
  readonly value: number;
}

/**
 * One row per combination: each seed's value as a dot, the mean as a red tick and, with several
 * seeds, mean ± one sample standard deviation as an error bar.
 */
export function sweepMetricChart(metric: string, values: readonly SeedValue[], combos: readonly string[]): ChartSpec | undefined {
  if (!values.length) return undefined;
  const y = { field: 'combo', type: 'nominal', title: null, sort: [...combos], axis: { labelLimit: 300 } } as const;
  const x = { field: 'value', type: 'quantitative', title: metric, scale: { zero: false } } as const;
  const several = combos.some((c) => values.filter((v) => v.combo === c).length > 1);
  return {
    $schema: SCHEMA, width: 640, height: Math.max(60, 28 * combos.length), title: metric,
    data: { values: values.map((v) => ({ combo: v.combo, seed: `seed ${v.seed}`, value: v.value })) },
    layer: [
      ...(several ? [{ mark: { type: 'errorbar', extent: 'stdev', ticks: true, color: '#888' }, encoding: { y, x } } as const] : []),
      { mark: { type: 'point', filled: true, opacity: 0.6, size: 50, color: '#4c78a8' }, encoding: { y, x } },
      { mark: { type: 'tick', color: '#e45756', thickness: 2, size: 18 }, encoding: { y, x: { ...x, aggregate: 'mean' } } },
    ],
  } as ChartSpec;
}

export interface LossPoint {
  readonly combo: string;
  /** Which curve within the combination: `seed 2` (and the trainer, when there are several). */
  readonly curve: string;
  readonly epoch: number;
  readonly loss: number;
}

/** Training loss per epoch of every variant: a colour per combination, a line per seed; log scale. */
export function sweepLossChart(points: readonly LossPoint[], combos: readonly string[]): ChartSpec | undefined {
  const rows = points.filter((p) => p.loss > 0);
  if (!rows.length) return undefined;
  return {
    $schema: SCHEMA, width: 640, height: 260, title: 'Training loss per epoch, every variant',
    data: { values: rows.map((p) => ({ ...p })) },
    mark: { type: 'line', strokeWidth: 1.3, opacity: 0.85 },
    encoding: {
      x: { field: 'epoch', type: 'quantitative', title: 'epoch', axis: { tickMinStep: 1 } },
      y: { field: 'loss', type: 'quantitative', title: 'loss (scaled units, log scale)', scale: { type: 'log' }, axis: { tickCount: 6, format: '.1e' } },
      color: { field: 'combo', type: 'nominal', title: null, sort: [...combos], legend: { orient: 'top', labelLimit: 400 } },
      detail: { field: 'curve', type: 'nominal' },
    },
  } as ChartSpec;
}
