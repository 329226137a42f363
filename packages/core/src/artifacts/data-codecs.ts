/** Codecs for the plain-data artifact kinds. Forecaster codecs live with their implementations. */
import type { ArtifactCodec, EncodedArtifact } from '../contract.js';
import { toJsonValue, type JsonObject } from '../json.js';
import type { Series, Split, TimeUnit, Windows } from './kinds.js';
import { bytesOf, float32, float64, int32 } from './envelope.js';

/** Only present when set, so undated artifacts encode to the same bytes (and digests) as before. */
const timeUnitOf = (o: { timeUnit?: unknown }): { timeUnit?: TimeUnit } =>
  o.timeUnit === 'ms-epoch' ? { timeUnit: 'ms-epoch' } : {};

export const seriesCodec: ArtifactCodec<'series'> = {
  kind: 'series',
  encode: (s) => ({
    header: { kind: 'series', columns: [...s.columns], length: s.length, hasTime: !!s.time, ...timeUnitOf(s), transforms: toJsonValue(s.transforms) },
    buffers: s.time ? [bytesOf(s.values), bytesOf(s.time)] : [bytesOf(s.values)],
  }),
  decode: ({ header, buffers }) => ({
    kind: 'series',
    columns: header.columns as string[],
    length: header.length as number,
    values: float64(buffers[0]!),
    ...(header.hasTime ? { time: float64(buffers[1]!) } : {}),
    ...timeUnitOf(header),
    transforms: header.transforms as unknown as Series['transforms'],
  }),
};

function windowsHeader(w: Windows): JsonObject {
  return {
    columns: [...w.columns], targetColumns: [...w.targetColumns], lookback: w.lookback, horizon: w.horizon,
    count: w.count, seriesLength: w.seriesLength, hasTime: !!w.time, ...timeUnitOf(w), transforms: toJsonValue(w.transforms),
  };
}
function windowsBuffers(w: Windows): Uint8Array[] {
  const b = [bytesOf(w.x), bytesOf(w.y), bytesOf(w.index), bytesOf(w.tail)];
  return w.time ? [...b, bytesOf(w.time)] : b;
}
function decodeWindows(h: JsonObject, b: readonly Uint8Array[]): Windows {
  return {
    kind: 'windows',
    columns: h.columns as string[], targetColumns: h.targetColumns as number[],
    lookback: h.lookback as number, horizon: h.horizon as number, count: h.count as number,
    seriesLength: h.seriesLength as number, transforms: h.transforms as unknown as Windows['transforms'],
    x: float32(b[0]!), y: float32(b[1]!), index: int32(b[2]!), tail: float32(b[3]!),
    ...(h.hasTime ? { time: float64(b[4]!) } : {}),
    ...timeUnitOf(h),
  };
}

export const windowsCodec: ArtifactCodec<'windows'> = {
  kind: 'windows',
  encode: (w) => ({ header: { kind: 'windows', ...windowsHeader(w) }, buffers: windowsBuffers(w) }),
  decode: ({ header, buffers }) => decodeWindows(header, buffers),
};

/** A split stores each part's header and its buffers one after another. */
export const splitCodec: ArtifactCodec<'split'> = {
  kind: 'split',
  encode(s: Split): EncodedArtifact {
    const parts: [string, Windows][] = [['train', s.train], ...(s.validation ? [['validation', s.validation] as [string, Windows]] : []), ['test', s.test]];
    const buffers: Uint8Array[] = [];
    const headers: JsonObject = {};
    for (const [name, w] of parts) {
      const b = windowsBuffers(w);
      headers[name] = { ...windowsHeader(w), first: buffers.length, buffers: b.length };
      buffers.push(...b);
    }
    return { header: { kind: 'split', parts: headers }, buffers };
  },
  decode({ header, buffers }) {
    const parts = header.parts as Record<string, JsonObject & { first: number; buffers: number }>;
    const part = (name: string): Windows | undefined => {
      const h = parts[name];
      return h ? decodeWindows(h, buffers.slice(h.first, h.first + h.buffers)) : undefined;
    };
    const validation = part('validation');
    return { kind: 'split', train: part('train')!, test: part('test')!, ...(validation ? { validation } : {}) };
  },
};

/** Kinds that are plain JSON: the header is the artifact. */
function jsonCodec<K extends 'model-spec' | 'metrics' | 'forecast'>(kind: K): ArtifactCodec<K> {
  return {
    kind,
    encode: (a) => ({ header: toJsonValue(a) as JsonObject, buffers: [] }),
    decode: ({ header }) => header as never,
  };
}

export const dataCodecs: readonly ArtifactCodec[] = [
  seriesCodec, windowsCodec, splitCodec, jsonCodec('model-spec'), jsonCodec('metrics'), jsonCodec('forecast'),
] as readonly ArtifactCodec[];
