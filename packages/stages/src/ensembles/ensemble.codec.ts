/**
 * Stores an ensemble as its rule and summary plus each member encoded by that member's own codec
 * (through the registry, so any forecaster can be a member, a plugin's included): `members[i]` is
 * member i's header with `buffers`, how many of the buffers (in order) are its own. A run record
 * exports each member as its codec does, under member-<n>/.
 */
import type { ArtifactCodec, CodecLookup, EncodedArtifact, Forecaster, JsonObject } from '@seqpipe/core';
import type { EnsembleRule } from './combine.js';
import { createEnsembleForecaster, ENSEMBLE_IMPL, isEnsembleForecaster } from './ensemble-forecaster.js';

function need(codecs: CodecLookup | undefined): CodecLookup {
  if (!codecs) throw new Error(`the ${ENSEMBLE_IMPL} codec encodes its members through the registry; none was given`);
  return codecs;
}

function split({ header, buffers }: EncodedArtifact): EncodedArtifact[] {
  let at = 0;
  return (header.members as JsonObject[]).map((h) => {
    const { buffers: n, ...own } = h;
    const part = { header: own, buffers: buffers.slice(at, at + (n as number)) };
    at += n as number;
    return part;
  });
}

export const ensembleCodec: ArtifactCodec<'forecaster'> = {
  kind: 'forecaster',
  impl: ENSEMBLE_IMPL,
  async encode(f, codecs): Promise<EncodedArtifact> {
    if (!isEnsembleForecaster(f)) throw new Error(`the ${ENSEMBLE_IMPL} codec cannot encode a "${f.impl}" forecaster`);
    const members: JsonObject[] = [];
    const buffers: Uint8Array[] = [];
    for (const m of f.members) {
      const e = await need(codecs).encode(m);
      members.push({ ...e.header, buffers: e.buffers.length });
      buffers.push(...e.buffers);
    }
    return { header: { impl: ENSEMBLE_IMPL, rule: f.rule, summary: f.summary, members }, buffers };
  },
  async decode(encoded, codecs): Promise<Forecaster> {
    const members: Forecaster[] = [];
    try {
      for (const part of split(encoded)) members.push((await need(codecs).decode(part)) as Forecaster);
    } catch (error) {
      for (const m of members) m.dispose?.();
      throw error;
    }
    return createEnsembleForecaster(encoded.header.rule as EnsembleRule, members, true, encoded.header.summary as JsonObject);
  },
  files(encoded, codecs): Record<string, Uint8Array> {
    const out: Record<string, Uint8Array> = {};
    const parts = split(encoded);
    const index: JsonObject[] = [];
    parts.forEach((part, i) => {
      const dir = `member-${String(i + 1).padStart(String(parts.length).length, '0')}`;
      const h = part.header as { kind: string; impl?: string };
      const files = codecs?.codec(h.kind, h.impl).files?.(part, codecs) ?? {};
      for (const [name, bytes] of Object.entries(files)) out[`${dir}/${name}`] = bytes;
      index.push({ dir, impl: h.impl ?? h.kind });
    });
    out['members.json'] = new TextEncoder().encode(`${JSON.stringify(index, null, 2)}\n`);
    return out;
  },
};
