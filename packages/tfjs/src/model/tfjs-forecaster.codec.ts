/**
 * Stores a trained network as { header: shapes, spec, summary, topology, weight specs } plus one
 * buffer of concatenated weights (the tfjs weights.bin layout). `files` exports the standard
 * tfjs model.json + weights.bin from the stored bytes without loading TensorFlow.
 */
import { toJsonValue, type ArtifactCodec, type EncodedArtifact, type Forecaster, type JsonObject, type ModelSpec } from '@seqpipe/core';
import { OUTPUT_LAYOUT } from '@seqpipe/kernels';
import type { io } from '@tensorflow/tfjs';
import { loadTf } from '../backend/load-tf.js';
import { createTfjsForecaster, isTfjsForecaster, TFJS_IMPL, type TfjsForecaster } from './tfjs-forecaster.js';

async function saveArtifacts(f: TfjsForecaster): Promise<io.ModelArtifacts> {
  const { tf } = f;
  let saved: io.ModelArtifacts | undefined;
  // withSaveHandler works on every backend; file:// saving exists only in tfjs-node.
  await f.model.save(tf.io.withSaveHandler(async (artifacts) => {
    saved = artifacts;
    return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
  }));
  if (!saved?.weightData || !saved.weightSpecs) throw new Error('tfjs returned no weights when saving the model');
  return saved;
}

/** A quantile network's quantiles (outputs [horizon, targets, Q]); absent in point networks' headers. */
function quantilesOf(header: JsonObject): number[] | undefined {
  return Array.isArray(header.quantiles) ? (header.quantiles as number[]) : undefined;
}

export const tfjsForecasterCodec: ArtifactCodec<'forecaster'> = {
  kind: 'forecaster',
  impl: TFJS_IMPL,
  async encode(forecaster: Forecaster): Promise<EncodedArtifact> {
    if (!isTfjsForecaster(forecaster)) throw new Error(`the ${TFJS_IMPL} codec cannot encode a "${forecaster.impl}" forecaster`);
    const saved = await saveArtifacts(forecaster);
    const weights = new Uint8Array(forecaster.tf.io.CompositeArrayBuffer.join(saved.weightData));
    const { lookback, features, horizon, targets, spec, summary, quantiles } = forecaster;
    return {
      header: {
        impl: TFJS_IMPL, lookback, features, horizon, targets,
        spec: toJsonValue(spec), summary,
        // Only when present: a point network's bytes are unchanged.
        ...(quantiles ? { quantiles: [...quantiles] } : {}),
        generatedBy: saved.generatedBy ?? null,
        modelTopology: toJsonValue(saved.modelTopology),
        weightSpecs: toJsonValue(saved.weightSpecs),
      },
      buffers: [weights],
    };
  },
  async decode({ header, buffers }): Promise<Forecaster> {
    const tf = await loadTf();
    const weights = buffers[0] ?? new Uint8Array(0);
    const model = await tf.loadLayersModel(tf.io.fromMemory({
      modelTopology: header.modelTopology as JsonObject,
      weightSpecs: header.weightSpecs as unknown as io.WeightsManifestEntry[],
      // Its own ArrayBuffer: the stored buffer may be a view into a larger one.
      weightData: weights.slice().buffer,
    }));
    const shape = {
      lookback: header.lookback as number, features: header.features as number,
      horizon: header.horizon as number, targets: header.targets as number,
    };
    return createTfjsForecaster(tf, model, shape, header.spec as unknown as ModelSpec, header.summary as JsonObject, quantilesOf(header));
  },
  files({ header, buffers }): Record<string, Uint8Array> {
    const quantiles = quantilesOf(header);
    const modelJson = {
      format: 'layers-model',
      generatedBy: header.generatedBy ?? null,
      convertedBy: 'seqpipe',
      modelTopology: header.modelTopology ?? null,
      weightsManifest: [{ paths: ['weights.bin'], weights: header.weightSpecs ?? [] }],
      // A quantile network's model.json outputs all quantiles, [horizon, targets, Q] per window.
      userDefinedMetadata: { seqpipe: { engine: 'layers', summary: header.summary ?? null, ...(quantiles ? { quantiles, outputLayout: OUTPUT_LAYOUT } : {}) } },
    };
    return {
      'model.json': new TextEncoder().encode(`${JSON.stringify(modelJson, null, 2)}\n`),
      'weights.bin': buffers[0] ?? new Uint8Array(0),
    };
  },
};
