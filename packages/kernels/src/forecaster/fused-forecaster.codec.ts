/**
 * Stores a fused-trained network as { shapes, spec, summary } plus one buffer of float32 weights
 * in tensor order (the tfjs weights.bin layout, little-endian). `files` exports a tfjs
 * model.json + weights.bin that tf.loadLayersModel loads; decoding needs no TensorFlow.
 */
import { isRecurrentSpec, toJsonValue, type ArtifactCodec, type EncodedArtifact, type Forecaster, type JsonObject, type ModelSpec } from '@seqpipe/core';
import { fusedLayout } from '../network/fused-factory.js';
import { familyTopology } from './family-topology.js';
import { createFusedForecaster, FUSED_IMPL, isFusedForecaster, type ForecasterShape } from './fused-forecaster.js';
import { OUTPUT_LAYOUT } from './quantiles.js';
import { TFJS_LAYERS_VERSION, tfjsTopology } from './tfjs-topology.js';

const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function weightBytes(w: Float32Array): Uint8Array {
  if (!littleEndian) throw new Error('the fused-rnn codec needs a little-endian machine');
  return new Uint8Array(w.buffer, w.byteOffset, w.byteLength);
}

function shapeOf(header: JsonObject): ForecasterShape {
  return {
    lookback: header.lookback as number, features: header.features as number,
    horizon: header.horizon as number, targets: header.targets as number,
  };
}

/** A quantile network's quantiles (outputs [horizon, targets, Q]); absent in point networks' headers. */
function quantilesOf(header: JsonObject): number[] | undefined {
  return Array.isArray(header.quantiles) ? (header.quantiles as number[]) : undefined;
}

export const fusedForecasterCodec: ArtifactCodec<'forecaster'> = {
  kind: 'forecaster',
  impl: FUSED_IMPL,
  encode(f: Forecaster): EncodedArtifact {
    if (!isFusedForecaster(f)) throw new Error(`the ${FUSED_IMPL} codec cannot encode a "${f.impl}" forecaster`);
    const { lookback, features, horizon, targets, spec, summary, quantiles } = f;
    return {
      // quantiles only when present: a point network's bytes are unchanged.
      header: { impl: FUSED_IMPL, lookback, features, horizon, targets, spec: toJsonValue(spec), summary, ...(quantiles ? { quantiles: [...quantiles] } : {}) },
      buffers: [weightBytes(f.weights)],
    };
  },
  decode({ header, buffers }): Forecaster {
    const bytes = buffers[0] ?? new Uint8Array(0);
    // A copy: the stored buffer may be a view at an offset that is not 4-byte aligned.
    const weights = new Float32Array(bytes.slice().buffer);
    return createFusedForecaster(shapeOf(header), header.spec as unknown as ModelSpec, weights, header.summary as JsonObject, quantilesOf(header));
  },
  files({ header, buffers }): Record<string, Uint8Array> {
    const shape = shapeOf(header);
    const spec = header.spec as unknown as ModelSpec;
    const quantiles = quantilesOf(header);
    const net = { lookback: shape.lookback, features: shape.features, outputs: shape.horizon * shape.targets * (quantiles?.length ?? 1), horizon: shape.horizon };
    const layout = fusedLayout(spec, net);
    const topology = isRecurrentSpec(spec) ? tfjsTopology(spec, net) : familyTopology(spec, net);
    const modelJson = {
      format: 'layers-model',
      generatedBy: `seqpipe fused engine (tfjs-layers ${TFJS_LAYERS_VERSION} compatible)`,
      convertedBy: 'seqpipe',
      modelTopology: topology,
      weightsManifest: [{
        paths: ['weights.bin'],
        weights: layout.tensors.map((t) => ({ name: t.name, shape: [...t.shape], dtype: 'float32' })),
      }],
      // A quantile network's model.json outputs all quantiles, [horizon, targets, Q] per window.
      userDefinedMetadata: { seqpipe: { engine: 'fused', summary: header.summary ?? null, ...(quantiles ? { quantiles, outputLayout: OUTPUT_LAYOUT } : {}) } },
    };
    return {
      'model.json': new TextEncoder().encode(`${JSON.stringify(modelJson, null, 2)}\n`),
      'weights.bin': buffers[0] ?? new Uint8Array(0),
    };
  },
};
