/**
 * Prediction intervals as shaded bands under a chart's lines: one area per level, the widest drawn
 * first and lightest, so the narrower levels show darker inside it (a fan chart).
 */
import type { JsonValue } from '@seqpipe/core';
import type { ChartSpec } from './render-svg.js';

/** One level's bounds at each x (original units). */
export interface Band {
  readonly level: number;
  readonly x: readonly number[];
  readonly lower: readonly number[];
  readonly upper: readonly number[];
}

/** What colours a band: a fixed colour, or the colour the chart's scale gives a line's series name. */
export type BandColor = { readonly value: string } | { readonly series: string };

/** Bands from parallel per-level arrays (the evaluator's `intervals`, a table's lower_L/upper_L columns) at the points `drawn`. */
export function bandsAt(levels: readonly number[], lower: readonly (readonly number[])[], upper: readonly (readonly number[])[], x: (i: number) => number, drawn: readonly number[]): Band[] {
  return levels.map((level, l) => {
    const keep = drawn.filter((i) => Number.isFinite(lower[l]?.[i]) && Number.isFinite(upper[l]?.[i]));
    return { level, x: keep.map(x), lower: keep.map((i) => lower[l]![i]!), upper: keep.map((i) => upper[l]![i]!) };
  }).filter((b) => b.x.length > 0);
}

/** Area layers for `bands`, widest first; `x` is the chart's x encoding (field `x`). */
export function bandLayers(bands: readonly Band[], color: BandColor, x: object): object[] {
  const widestFirst = [...bands].sort((a, b) => b.level - a.level);
  return widestFirst.map((b, k) => ({
    data: { values: b.x.map((v, i): Record<string, JsonValue> => ({ x: v, lower: b.lower[i]!, upper: b.upper[i]! })) },
    // Lighter for the wider levels: each narrower one adds to the shade beneath it. fillOpacity,
    // not opacity, which the legend's symbols would take too.
    // A band of one point (a one-step forecast) has no width as an area: a thick vertical rule instead.
    mark: {
      ...(b.x.length > 1 ? { type: 'area', fillOpacity: 0.12 + 0.1 * k } : { type: 'rule', strokeWidth: 8, strokeOpacity: 0.12 + 0.1 * k }),
      ...('value' in color ? { color: color.value } : {}),
    },
    encoding: {
      x,
      y: { field: 'lower', type: 'quantitative', title: 'value', scale: { zero: false } },
      y2: { field: 'upper' },
      ...('series' in color ? { color: { datum: color.series } } : {}),
    },
  }));
}

/**
 * The chart with `layers` drawn beneath its own mark: unchanged (same spec, same cached SVG) when
 * there are none. Its data stays at the top level, which the band layers override with their own.
 */
export function withBands(spec: ChartSpec, layers: readonly object[]): ChartSpec {
  if (!layers.length) return spec;
  const { mark, encoding, ...rest } = spec as ChartSpec & { mark: unknown; encoding: unknown };
  return { ...rest, layer: [...layers, { mark, encoding }] } as unknown as ChartSpec;
}

/** `(shaded: 80% and 95% intervals)` for a title, or nothing. */
export function bandsNote(levels: readonly number[]): string {
  const sorted = [...new Set(levels)].sort((a, b) => a - b).map((l) => `${l}%`);
  if (!sorted.length) return '';
  return `; shaded: ${sorted.length > 1 ? `${sorted.slice(0, -1).join(', ')} and ${sorted.at(-1)}` : sorted[0]} interval${sorted.length > 1 ? 's' : ''}`;
}
