/** Charts of an evaluation on a panel: the spread of per-series metrics, and the worst series' test rows. */
import type { JsonValue } from '@seqpipe/core';
import { histogram, type PanelEvaluation, type WorstSeries } from './panel-data.js';
import { bandLayers, bandsAt, bandsNote, withBands } from './bands.js';
import type { ChartSpec } from './render-svg.js';

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
const NAMES: Readonly<Record<string, string>> = { smape: 'sMAPE (%)', mase: 'MASE' };

/** A histogram of one per-series metric, binned here (a panel may hold 100,000 series). */
export function seriesHistogram(stage: string, metric: string, p: PanelEvaluation): ChartSpec | undefined {
  const bins = histogram(p.perSeries[metric] ?? []);
  if (!bins.length) return undefined;
  return {
    $schema: SCHEMA, width: 300, height: 200,
    title: `${stage}: ${NAMES[metric] ?? metric} per series (${p.perSeries[metric]!.length.toLocaleString('en-US')} series)`,
    data: { values: bins.map((b): Record<string, JsonValue> => ({ ...b })) },
    mark: { type: 'bar', color: '#4c78a8' },
    encoding: {
      x: { field: 'from', type: 'quantitative', bin: { binned: true }, title: NAMES[metric] ?? metric },
      x2: { field: 'to' },
      y: { field: 'count', type: 'quantitative', title: 'series' },
    },
  };
}

/** One series' test rows: actual against predicted (and the baseline), in original units. */
export function worstSeriesChart(stage: string, w: WorstSeries, p: PanelEvaluation): ChartSpec {
  const rows: Record<string, JsonValue>[] = [];
  w.x.forEach((x, i) => {
    rows.push({ x, value: w.actual[i]!, series: 'actual' });
    rows.push({ x, value: w.predicted[i]!, series: 'predicted' });
    if (w.baseline) rows.push({ x, value: w.baseline[i]!, series: 'baseline' });
  });
  const metrics = Object.entries(w.values).map(([m, v]) => `${NAMES[m] ?? m} ${v.toPrecision(4)}`).join(', ');
  const x = p.dated
    ? { field: 'x', type: 'temporal', title: 'date', scale: { type: 'utc' } } as const
    : { field: 'x', type: 'quantitative', title: p.time ? 'time' : 'row in the series', scale: { zero: false } } as const;
  const b = w.intervals;
  const bands = b ? bandLayers(bandsAt(b.levels, b.lower, b.upper, (i) => w.x[i]!, w.x.map((_, i) => i)), { value: '#e45756' }, x) : [];
  return withBands({
    $schema: SCHEMA, width: 640, height: 200, title: `${stage}: series ${w.id} (${metrics}${bandsNote(b?.levels ?? [])})`,
    data: { values: rows }, mark: { type: 'line', point: true },
    encoding: {
      x, y: { field: 'value', type: 'quantitative', title: 'value', scale: { zero: false } },
      color: {
        field: 'series', type: 'nominal', title: null, legend: { orient: 'top' },
        scale: { domain: ['actual', 'predicted', ...(w.baseline ? ['baseline'] : [])], range: ['#4c78a8', '#e45756', '#9d9d9d'] },
      },
    },
  }, bands);
}
