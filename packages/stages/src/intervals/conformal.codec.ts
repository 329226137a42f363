/**
 * Stores a conformal forecaster as its table (levels, ids, and the pooled quantiles, scales and
 * own widths as float64 buffers) plus the wrapped model encoded by its own codec through the
 * registry: header `inner` is the model's header, `innerBuffers` how many buffers (first) are its.
 * A run record exports the wrapped model's native files (model.json + weights) and conformal.json.
 */
import { bytesOf, float64, int32 } from '@seqpipe/core';
import type { ArtifactCodec, CodecLookup, EncodedArtifact, Forecaster, JsonObject } from '@seqpipe/core';
import type { ConformalScope, ConformalTable } from './calibrate.js';
import { CONFORMAL_IMPL, createConformalForecaster, isConformalForecaster } from './conformal-forecaster.js';

function lookup(codecs: CodecLookup | undefined): CodecLookup {
  if (!codecs) throw new Error(`the ${CONFORMAL_IMPL} codec needs the codec registry to store the model it wraps`);
  return codecs;
}

function tableJson(t: ConformalTable): JsonObject {
  return { levels: [...t.levels], horizon: t.horizon, targets: t.targets, scope: t.scope, ids: [...t.ids] };
}

/** The inner model's part of the stored bytes. */
function innerOf({ header, buffers }: EncodedArtifact): EncodedArtifact {
  return { header: header.inner as JsonObject, buffers: buffers.slice(0, header.innerBuffers as number) };
}

export const conformalForecasterCodec: ArtifactCodec<'forecaster'> = {
  kind: 'forecaster',
  impl: CONFORMAL_IMPL,
  async encode(f: Forecaster, codecs?: CodecLookup): Promise<EncodedArtifact> {
    if (!isConformalForecaster(f)) throw new Error(`the ${CONFORMAL_IMPL} codec cannot encode a "${f.impl}" forecaster`);
    const inner = await lookup(codecs).encode(f.inner);
    const { lookback, features, horizon, targets, summary, table } = f;
    return {
      header: { impl: CONFORMAL_IMPL, lookback, features, horizon, targets, summary, table: tableJson(table), inner: inner.header, innerBuffers: inner.buffers.length },
      buffers: [...inner.buffers, bytesOf(table.pooled), bytesOf(table.scales), bytesOf(table.ownSeries), bytesOf(table.own)],
    };
  },
  async decode(encoded: EncodedArtifact, codecs?: CodecLookup): Promise<Forecaster> {
    const { header, buffers } = encoded;
    const inner = (await lookup(codecs).decode(innerOf(encoded))) as Forecaster;
    const at = header.innerBuffers as number;
    const t = header.table as JsonObject;
    const table: ConformalTable = {
      levels: t.levels as number[], horizon: t.horizon as number, targets: t.targets as number,
      scope: t.scope as ConformalScope, ids: t.ids as string[],
      pooled: float64(buffers[at]!), scales: float64(buffers[at + 1]!), ownSeries: int32(buffers[at + 2]!), own: float64(buffers[at + 3]!),
    };
    return createConformalForecaster(inner, table, header.summary as JsonObject);
  },
  files(encoded: EncodedArtifact, codecs?: CodecLookup): Record<string, Uint8Array> {
    const conformal = { ...(encoded.header.table as JsonObject), summary: encoded.header.summary ?? null };
    return {
      ...(codecs ? codecs.files(innerOf(encoded)) : {}),
      'conformal.json': new TextEncoder().encode(`${JSON.stringify(conformal, null, 2)}\n`),
    };
  },
};
