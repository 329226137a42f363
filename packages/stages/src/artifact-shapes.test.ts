/** What the built-in stages return passes checkArtifact: the check has no false alarms on real artifacts. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkArtifact, testContext } from '@seqpipe/core';
import { afterAll, describe, expect, it } from 'vitest';
import { naiveBaseline } from './baselines/naive.baseline.js';
import { regressionEvaluator } from './evaluators/regression.evaluator.js';
import { nextPredictor } from './predictors/next.predictor.js';
import { minMaxScaler } from './scalers/min-max.scaler.js';
import { csvSource } from './sources/csv/csv.source.js';
import { sineSource } from './sources/sine.source.js';
import { ratioSplitter } from './splitters/ratio.splitter.js';
import { diffTransform } from './transforms/diff.transform.js';
import { slidingWindower } from './windowers/sliding.windower.js';

const dir = mkdtempSync(join(tmpdir(), 'seqpipe-shapes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const ctx = testContext('shapes', 1, dir);

describe('built-in artifacts are well-formed', () => {
  it('sine and csv → scaler → diff → windows → split → baseline → metrics and forecast', async () => {
    const sine = await sineSource.run(ctx, {}, { points: 120, start: 0, stop: 12, amplitude: 1, column: 'value' });
    writeFileSync(join(dir, 'd.csv'), `date,a,b\n${Array.from({ length: 60 }, (_, i) => `${2000 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}-01,${i % 7},${i * 2}`).join('\n')}\n`);
    const csv = await csvSource.run(ctx, {}, { path: 'd.csv', time: 'date', missing: 'error', header: 'auto' });
    for (const source of [sine, csv]) {
      const scaled = await minMaxScaler.run(ctx, { series: source }, { range: [0, 1], fitFraction: 0.8 });
      const diffed = await diffTransform.run(ctx, { series: scaled }, { order: 1, lag: 1 } as never);
      const windows = await slidingWindower.run(ctx, { series: diffed }, { lookback: 4, horizon: 2, stride: 1, features: 'all', dropLast: true });
      const split = await ratioSplitter.run(ctx, { windows }, { train: 0.6, validation: 0.2, gap: 0 });
      const model = await naiveBaseline.run(ctx, { data: split }, {});
      const metrics = await regressionEvaluator.run(ctx, { model, data: split }, { part: 'test', metrics: ['mse', 'rmse', 'mae', 'mape', 'smape', 'mase', 'r2'], period: 1 });
      const forecast = await nextPredictor.run(ctx, { model, data: split }, { from: 'end', steps: 2 } as never);
      const all = { series: source, scaled, diffed, windows, split, forecaster: model, metrics, forecast } as const;
      for (const [name, artifact] of Object.entries(all)) expect(checkArtifact(artifact.kind, artifact), name).toBeUndefined();
    }
  });
});
