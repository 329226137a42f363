/** The model a run records (models/<stage>/model.json + weights.bin) loads again with tfjs. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Seqpipe } from '@seqpipe/cli';
import { loadTf } from '@seqpipe/tfjs';
import { afterAll, expect, it } from 'vitest';
import { TINY, tempDir } from '../helpers.js';

const state = tempDir();
afterAll(() => state.remove());

it('reloads with tf.loadLayersModel and reproduces the recorded forecast', async () => {
  const app = new Seqpipe({ stateDir: state.path });
  const { record, runDir } = await app.run(TINY);
  const dir = join(runDir, 'models', 'train');
  const modelJson = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
  const weights = readFileSync(join(dir, 'weights.bin'));
  const tf = await loadTf();
  const model = await tf.loadLayersModel(tf.io.fromMemory({
    modelTopology: modelJson.modelTopology,
    weightSpecs: modelJson.weightsManifest[0].weights,
    weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength),
  }));
  // The predictor's first step is the model's output for the last test window, rebuilt here by
  // hand from the fixture: sin over [0, 20] in 200 points, min-max fitted on the first 160 rows.
  const points = (record.predictions.next as { points: { scaled: number; index: number }[] }).points;
  const series = Array.from({ length: 200 }, (_, i) => Math.sin((20 * i) / 199));
  const lo = Math.min(...series.slice(0, 160)), hi = Math.max(...series.slice(0, 160));
  const start = points[0]!.index - 5;
  const window = series.slice(start, start + 5).map((v) => (v - lo) / (hi - lo));
  const out = tf.tidy(() => (model.predict(tf.tensor3d(window, [1, 5, 1])) as import('@tensorflow/tfjs').Tensor).dataSync()[0]!);
  model.dispose();
  expect(out).toBeCloseTo(points[0]!.scaled, 5);
});
