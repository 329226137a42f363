/**
 * A summarised sweep report's charts (Vega-Lite), for more combinations than one chart can draw
 * apart: the spread over all variants, computed here (a few rows per epoch or metric, whatever
 * the sweep's size), plus the best few combinations drawn in full. Colours follow the ranking
 * through an explicit domain, so a combination has the same colour in both charts.
 */
import type { ChartSpec } from './render-svg.js';
import type { LossPoint, SeedValue } from './sweep-charts.js';

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** Per epoch over every curve that reached it: median and the 10–90% band. */
export interface LossBand {
  readonly epoch: number;
  readonly p10: number;
  readonly median: number;
  readonly p90: number;
}

export function sweepLossSummaryChart(band: readonly LossBand[], best: readonly LossPoint[], bestCombos: readonly string[]): ChartSpec | undefined {
  if (!band.length) return undefined;
  const x = { field: 'epoch', type: 'quantitative', title: 'epoch', axis: { tickMinStep: 1 } } as const;
  const y = (field: string) => ({ field, type: 'quantitative', title: 'loss (scaled units, log scale)', scale: { type: 'log' }, axis: { tickCount: 6, format: '.1e' } }) as const;
  const rows = best.filter((p) => p.loss > 0);
  return {
    $schema: SCHEMA, width: 640, height: 260, title: 'Training loss per epoch: all variants summarised, the best combinations drawn',
    layer: [
      { data: { values: band.map((b) => ({ ...b })) }, mark: { type: 'area', color: '#9aa5b1', opacity: 0.35 }, encoding: { x, y: y('p10'), y2: { field: 'p90' } } },
      { data: { values: band.map((b) => ({ ...b })) }, mark: { type: 'line', color: '#1d2330', strokeWidth: 1.5, strokeDash: [5, 3] }, encoding: { x, y: y('median') } },
      ...(rows.length ? [{
        data: { values: rows.map((p) => ({ ...p })) },
        mark: { type: 'line', strokeWidth: 1.3, opacity: 0.9 },
        encoding: {
          x, y: y('loss'),
          color: { field: 'combo', type: 'nominal', title: null, scale: { domain: [...bestCombos] }, legend: { orient: 'top', labelLimit: 400 } },
          detail: { field: 'curve', type: 'nominal' },
        },
      }] : []),
    ],
  } as ChartSpec;
}

/** One metric's values over all variants. */
export interface MetricSpread {
  readonly metric: string;
  readonly min: number;
  readonly p10: number;
  readonly median: number;
  readonly p90: number;
  readonly max: number;
}

/**
 * A panel per metric (own x scale): a top row `allLabel` with the spread over every variant (bar
 * 10–90%, rule min–max, tick median), then a row per best combination with each seed's value
 * (dots in the combination's colour), the mean (red tick) and, with several seeds, mean ± std.
 */
export function sweepMetricsSummaryChart(spreads: readonly MetricSpread[], best: readonly SeedValue[], metrics: readonly string[], allLabel: string, bestCombos: readonly string[]): ChartSpec | undefined {
  if (!spreads.length) return undefined;
  const y = { field: 'combo', type: 'nominal', title: null, sort: [allLabel, ...bestCombos], axis: { labelLimit: 300 } } as const;
  const x = (field: string) => ({ field, type: 'quantitative', title: null, scale: { zero: false } }) as const;
  const only = (kind: string) => [{ filter: `datum.kind === '${kind}'` }];
  const several = best.some((v, i) => best.some((w, j) => j !== i && w.metric === v.metric && w.combo === v.combo));
  return {
    $schema: SCHEMA,
    data: {
      values: [
        ...spreads.map((s) => ({ kind: 'spread', combo: allLabel, ...s })),
        ...best.map((v) => ({ kind: 'seed', metric: v.metric, combo: v.combo, seed: `seed ${v.seed}`, value: v.value })),
      ],
    },
    facet: { row: { field: 'metric', type: 'nominal', title: null, sort: [...metrics], header: { labelAngle: 0, labelAlign: 'left', labelAnchor: 'start', labelOrient: 'top', labelFontWeight: 'bold', labelFontSize: 12 } } },
    spec: {
      width: 600, height: 24 * (1 + bestCombos.length),
      layer: [
        { transform: only('spread'), mark: { type: 'rule', color: '#5b6472' }, encoding: { y, x: x('min'), x2: { field: 'max' } } },
        { transform: only('spread'), mark: { type: 'bar', color: '#9ecae9', size: 12 }, encoding: { y, x: x('p10'), x2: { field: 'p90' } } },
        { transform: only('spread'), mark: { type: 'tick', color: '#1d2330', thickness: 2, size: 16 }, encoding: { y, x: x('median') } },
        ...(several ? [{ transform: only('seed'), mark: { type: 'errorbar', extent: 'stdev', ticks: true, color: '#888' }, encoding: { y, x: x('value') } }] : []),
        {
          transform: only('seed'), mark: { type: 'point', filled: true, opacity: 0.8, size: 50 },
          encoding: { y, x: x('value'), color: { field: 'combo', type: 'nominal', scale: { domain: [...bestCombos] }, legend: null } },
        },
        { transform: only('seed'), mark: { type: 'tick', color: '#e45756', thickness: 2, size: 16 }, encoding: { y, x: { ...x('value'), aggregate: 'mean' } } },
      ],
    },
    resolve: { scale: { x: 'independent' } },
  } as ChartSpec;
}
