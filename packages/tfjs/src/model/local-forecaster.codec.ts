/**
 * Stores a 'local-models' forecaster as its shapes, series ids and summary, plus each series'
 * network encoded by that network's own codec (fused-rnn or tfjs-layers): `models[i]` is model i's
 * header with `buffers`, how many of the buffers (in order) are its own. A run record exports each
 * series' network as that codec does (model.json + weights.bin) under series-<n>/ (n zero-padded).
 */
import type { ArtifactCodec, EncodedArtifact, Forecaster, JsonObject } from '@seqpipe/core';
import { fusedForecasterCodec } from '@seqpipe/kernels';
import { createLocalForecaster, isLocalForecaster, LOCAL_IMPL } from './local-forecaster.js';
import { tfjsForecasterCodec } from './tfjs-forecaster.codec.js';

const inner: readonly ArtifactCodec<'forecaster'>[] = [fusedForecasterCodec, tfjsForecasterCodec];

function innerCodec(impl: unknown): ArtifactCodec<'forecaster'> {
  const codec = inner.find((c) => c.impl === impl);
  if (!codec) throw new Error(`a "${LOCAL_IMPL}" forecaster cannot hold a "${String(impl)}" model (only ${inner.map((c) => c.impl).join(', ')})`);
  return codec;
}

export const localForecasterCodec: ArtifactCodec<'forecaster'> = {
  kind: 'forecaster',
  impl: LOCAL_IMPL,
  async encode(f: Forecaster): Promise<EncodedArtifact> {
    if (!isLocalForecaster(f)) throw new Error(`the ${LOCAL_IMPL} codec cannot encode a "${f.impl}" forecaster`);
    const models: JsonObject[] = [];
    const buffers: Uint8Array[] = [];
    for (const m of f.models) {
      const e = await innerCodec(m.impl).encode(m);
      models.push({ ...e.header, impl: m.impl, buffers: e.buffers.length });
      buffers.push(...e.buffers);
    }
    const { lookback, features, horizon, targets, ids, summary } = f;
    return { header: { impl: LOCAL_IMPL, lookback, features, horizon, targets, ids: [...ids], summary, models }, buffers };
  },
  async decode({ header, buffers }): Promise<Forecaster> {
    const models: Forecaster[] = [];
    let at = 0;
    try {
      for (const h of header.models as JsonObject[]) {
        const { buffers: n, ...own } = h;
        models.push(await innerCodec(own.impl).decode({ header: own, buffers: buffers.slice(at, at + (n as number)) }));
        at += n as number;
      }
    } catch (error) {
      for (const m of models) m.dispose?.();
      throw error;
    }
    const shape = {
      lookback: header.lookback as number, features: header.features as number,
      horizon: header.horizon as number, targets: header.targets as number,
    };
    return createLocalForecaster(shape, header.ids as string[], models, header.summary as JsonObject);
  },
  /** Each series' network as its codec exports it, in series-<n>/ (n from 1 in panel order, zero-padded), and series.json naming them. */
  files({ header, buffers }): Record<string, Uint8Array> {
    const out: Record<string, Uint8Array> = {};
    const ids = header.ids as string[];
    const index: JsonObject[] = [];
    let at = 0;
    for (const [i, h] of (header.models as JsonObject[]).entries()) {
      const { buffers: n, ...own } = h;
      // Zero-padded, so the folders list in panel order.
      const dir = `series-${String(i + 1).padStart(String(ids.length).length, '0')}`;
      const files = innerCodec(own.impl).files?.({ header: own, buffers: buffers.slice(at, at + (n as number)) }) ?? {};
      for (const [name, bytes] of Object.entries(files)) out[`${dir}/${name}`] = bytes;
      index.push({ dir, id: ids[i]! });
      at += n as number;
    }
    out['series.json'] = new TextEncoder().encode(`${JSON.stringify(index, null, 2)}\n`);
    return out;
  },
};
