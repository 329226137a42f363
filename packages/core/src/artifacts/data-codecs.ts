/** Codecs for the plain-data artifact kinds. Forecaster codecs live with their implementations. */
import type { ArtifactCodec, EncodedArtifact } from '../contract.js';
import { toJsonValue, type JsonObject } from '../json.js';
import type { Forecast, ForecastPanel, Metrics, MetricsTables, Panel, Series, Split, TimeUnit, Windows } from './kinds.js';
import { bytesOf, float64, int32 } from './envelope.js';

/** Only present when set, so undated artifacts encode to the same bytes (and digests) as before. */
const timeUnitOf = (o: { timeUnit?: unknown }): { timeUnit?: TimeUnit } =>
  o.timeUnit === 'ms-epoch' ? { timeUnit: 'ms-epoch' } : {};

/** Panel fields: ids in the header, offsets as the last buffer; nothing for a single series. */
const panelHeader = (p: Panel): JsonObject => (p.ids && p.offsets ? { ids: [...p.ids] } : {});
const panelBuffers = (p: Panel): Uint8Array[] => (p.ids && p.offsets ? [bytesOf(p.offsets)] : []);
const decodePanel = (h: JsonObject, offsets: Uint8Array | undefined): Panel =>
  (h.ids ? { ids: h.ids as string[], offsets: int32(offsets!) } : {});

export const seriesCodec: ArtifactCodec<'series'> = {
  kind: 'series',
  encode: (s) => ({
    header: { kind: 'series', columns: [...s.columns], length: s.length, hasTime: !!s.time, ...timeUnitOf(s), transforms: toJsonValue(s.transforms), ...panelHeader(s) },
    buffers: [bytesOf(s.values), ...(s.time ? [bytesOf(s.time)] : []), ...panelBuffers(s)],
  }),
  decode: ({ header, buffers }) => ({
    kind: 'series',
    columns: header.columns as string[],
    length: header.length as number,
    values: float64(buffers[0]!),
    ...(header.hasTime ? { time: float64(buffers[1]!) } : {}),
    ...timeUnitOf(header),
    transforms: header.transforms as unknown as Series['transforms'],
    ...decodePanel(header, buffers[header.hasTime ? 2 : 1]),
  }),
};

/**
 * What windows share with the series they are cut from: columns, shapes, the rows (`data`, time,
 * panel). A split's parts share it, so the split stores it once and each part's positions.
 */
function rowsHeader(w: Windows): JsonObject {
  return {
    columns: [...w.columns], targetColumns: [...w.targetColumns], lookback: w.lookback, horizon: w.horizon,
    rows: w.rows, hasTime: !!w.time, ...timeUnitOf(w), transforms: toJsonValue(w.transforms), ...panelHeader(w),
  };
}
const rowsBuffers = (w: Windows): Uint8Array[] => [bytesOf(w.data), ...(w.time ? [bytesOf(w.time)] : []), ...panelBuffers(w)];
type Rows = Omit<Windows, 'count' | 'index'>;
function decodeRows(h: JsonObject, b: readonly Uint8Array[]): Rows {
  return {
    kind: 'windows',
    columns: h.columns as string[], targetColumns: h.targetColumns as number[],
    lookback: h.lookback as number, horizon: h.horizon as number, rows: h.rows as number,
    transforms: h.transforms as unknown as Windows['transforms'],
    data: float64(b[0]!),
    ...(h.hasTime ? { time: float64(b[1]!) } : {}),
    ...timeUnitOf(h),
    ...decodePanel(h, b[h.hasTime ? 2 : 1]),
  };
}

export const windowsCodec: ArtifactCodec<'windows'> = {
  kind: 'windows',
  encode: (w) => ({ header: { kind: 'windows', ...rowsHeader(w), count: w.count }, buffers: [bytesOf(w.index), ...rowsBuffers(w)] }),
  decode: ({ header, buffers }) => ({ ...decodeRows(header, buffers.slice(1)), count: header.count as number, index: int32(buffers[0]!) }),
};

/**
 * A split stores each distinct rows block once (parts cut from one series share it: the usual
 * case) and each part's positions: buffers are [rows blocks…, then one index per part].
 */
export const splitCodec: ArtifactCodec<'split'> = {
  kind: 'split',
  encode(s: Split): EncodedArtifact {
    const parts: [string, Windows][] = [['train', s.train], ...(s.validation ? [['validation', s.validation] as [string, Windows]] : []), ['test', s.test]];
    const blocks: { data: Float64Array; header: JsonObject; first: number; buffers: number }[] = [];
    const buffers: Uint8Array[] = [];
    for (const [, w] of parts) {
      if (blocks.some((b) => b.data === w.data)) continue;
      const b = rowsBuffers(w);
      blocks.push({ data: w.data, header: rowsHeader(w), first: buffers.length, buffers: b.length });
      buffers.push(...b);
    }
    const headers: JsonObject = {};
    for (const [name, w] of parts) {
      headers[name] = { count: w.count, rows: blocks.findIndex((b) => b.data === w.data), index: buffers.length };
      buffers.push(bytesOf(w.index));
    }
    return { header: { kind: 'split', rows: blocks.map((b) => ({ ...b.header, first: b.first, buffers: b.buffers })), parts: headers }, buffers };
  },
  decode({ header, buffers }) {
    const blocks = (header.rows as (JsonObject & { first: number; buffers: number })[])
      .map((h) => decodeRows(h, buffers.slice(h.first, h.first + h.buffers)));
    const parts = header.parts as Record<string, { count: number; rows: number; index: number }>;
    const part = (name: string): Windows | undefined => {
      const h = parts[name];
      return h ? { ...blocks[h.rows]!, count: h.count, index: int32(buffers[h.index]!) } : undefined;
    };
    const validation = part('validation');
    return { kind: 'split', train: part('train')!, test: part('test')!, ...(validation ? { validation } : {}) };
  },
};

/** Kinds that are plain JSON: the header is the artifact. */
function jsonCodec<K extends 'model-spec'>(kind: K): ArtifactCodec<K> {
  return {
    kind,
    encode: (a) => ({ header: toJsonValue(a) as JsonObject, buffers: [] }),
    decode: ({ header }) => header as never,
  };
}

/**
 * A single series' forecast is plain JSON (the bytes it always had; points carry their intervals);
 * a panel's keeps its arrays as buffers: [index, value, scaled, actual?, time?, lower per level…,
 * upper per level…], the levels in the header (absent, as in forecasts stored before intervals, when none).
 */
export const forecastCodec: ArtifactCodec<'forecast'> = {
  kind: 'forecast',
  encode(f: Forecast): EncodedArtifact {
    const p = f.panel;
    if (!p) return { header: toJsonValue(f) as JsonObject, buffers: [] };
    const b = p.intervals;
    const panel = { ids: [...p.ids], steps: p.steps, padded: p.padded, hasActual: !!p.actual, hasTime: !!p.time, ...timeUnitOf(p), ...(b ? { levels: [...b.levels] } : {}) };
    return {
      header: toJsonValue({ ...f, panel }) as JsonObject,
      buffers: [
        bytesOf(p.index), bytesOf(p.value), bytesOf(p.scaled), ...(p.actual ? [bytesOf(p.actual)] : []), ...(p.time ? [bytesOf(p.time)] : []),
        ...(b ? [...b.lower, ...b.upper].map(bytesOf) : []),
      ],
    };
  },
  decode({ header, buffers }) {
    const h = header.panel as (JsonObject & { ids: string[]; steps: number; padded: number; hasActual: boolean; hasTime: boolean }) | undefined;
    if (!h) return header as unknown as Forecast;
    const b = [...buffers];
    const [index, value, scaled] = [int32(b.shift()!), float64(b.shift()!), float64(b.shift()!)];
    const actual = h.hasActual ? float64(b.shift()!) : undefined;
    const time = h.hasTime ? float64(b.shift()!) : undefined;
    // Forecasts stored before intervals existed have no `levels`: no interval buffers follow.
    const levels = (h.levels as number[] | undefined) ?? [];
    const bounds = b.splice(0, 2 * levels.length).map(float64);
    const panel: ForecastPanel = {
      ids: h.ids, steps: h.steps, index, value, scaled, ...(actual ? { actual } : {}), ...(time ? { time } : {}), ...timeUnitOf(h as { timeUnit?: unknown }), padded: h.padded,
      ...(levels.length ? { intervals: { levels, lower: bounds.slice(0, levels.length), upper: bounds.slice(levels.length) } } : {}),
    };
    return { ...(header as unknown as Forecast), panel };
  },
};

/**
 * Metrics are JSON, plus their tables (when present) as float64 buffers: the header names each
 * table's columns in buffer order. Metrics without tables encode to the same bytes as before.
 */
export const metricsCodec: ArtifactCodec<'metrics'> = {
  kind: 'metrics',
  encode(m) {
    const { tables, ...rest } = m;
    const header = toJsonValue(rest) as JsonObject;
    if (!tables) return { header, buffers: [] };
    const { series, forecasts, ...meta } = tables;
    return {
      header: { ...header, tables: { ...(toJsonValue(meta) as JsonObject), series: Object.keys(series), forecasts: Object.keys(forecasts) } },
      buffers: [...Object.values(series), ...Object.values(forecasts)].map(bytesOf),
    };
  },
  decode({ header, buffers }) {
    const { tables, ...rest } = header as JsonObject & { tables?: JsonObject & { series: string[]; forecasts: string[] } };
    if (!tables) return rest as unknown as Metrics;
    const { series, forecasts, ...meta } = tables;
    let b = 0;
    const columns = (names: string[]): Record<string, Float64Array> => Object.fromEntries(names.map((n) => [n, float64(buffers[b++]!)]));
    return { ...(rest as unknown as Metrics), tables: { ...(meta as unknown as Omit<MetricsTables, 'series' | 'forecasts'>), series: columns(series), forecasts: columns(forecasts) } };
  },
};

export const dataCodecs: readonly ArtifactCodec[] = [
  seriesCodec, windowsCodec, splitCodec, jsonCodec('model-spec'), metricsCodec, forecastCodec,
] as readonly ArtifactCodec[];
