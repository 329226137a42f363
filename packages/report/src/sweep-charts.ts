/** A sweep report's charts (Vega-Lite): one metric across the grid's combinations, and loss curves. */
import type { ChartSpec } from './render-svg.js';

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

export interface SeedValue {
  readonly metric: string;
  /** The grid combination, e.g. `cell=gru` (`all` when only seeds vary). */
  readonly combo: string;
  readonly seed: number;
  readonly value: number;
}

/**
 * Every metric in one faceted chart, a panel per metric (each with its own x scale) and a row per
 * combination: each seed's value as a dot, the mean as a red tick and, with several seeds, mean ±
 * one sample standard deviation as an error bar. One spec rather than one per metric: compiling
 * and rendering it costs about a quarter of the separate charts' CPU time.
 */
export function sweepMetricsChart(values: readonly SeedValue[], metrics: readonly string[], combos: readonly string[]): ChartSpec | undefined {
  if (!values.length) return undefined;
  const y = { field: 'combo', type: 'nominal', title: null, sort: [...combos], axis: { labelLimit: 300 } } as const;
  const x = { field: 'value', type: 'quantitative', title: null, scale: { zero: false } } as const;
  const several = values.some((v, i) => values.some((w, j) => j !== i && w.metric === v.metric && w.combo === v.combo));
  return {
    $schema: SCHEMA,
    data: { values: values.map((v) => ({ metric: v.metric, combo: v.combo, seed: `seed ${v.seed}`, value: v.value })) },
    facet: { row: { field: 'metric', type: 'nominal', title: null, sort: [...metrics], header: { labelAngle: 0, labelAlign: 'left', labelAnchor: 'start', labelOrient: 'top', labelFontWeight: 'bold', labelFontSize: 12 } } },
    spec: {
      width: 600, height: Math.max(40, 24 * combos.length),
      layer: [
        ...(several ? [{ mark: { type: 'errorbar', extent: 'stdev', ticks: true, color: '#888' }, encoding: { y, x } } as const] : []),
        { mark: { type: 'point', filled: true, opacity: 0.6, size: 50, color: '#4c78a8' }, encoding: { y, x } },
        { mark: { type: 'tick', color: '#e45756', thickness: 2, size: 16 }, encoding: { y, x: { ...x, aggregate: 'mean' } } },
      ],
    },
    resolve: { scale: { x: 'independent' } },
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
