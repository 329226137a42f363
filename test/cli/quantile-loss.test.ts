/**
 * trainer/tfjs `loss: quantile` through the CLI: a tiny sine pipeline trains a network whose
 * stored forecaster knows its quantiles, gives levels [95] and intervals in original units around
 * its point forecast (the 0.5 quantile), and exports model.json naming the output layout; bad
 * quantile lists are refused at their position with E_QUANTILES_MISSING / E_QUANTILES_INVALID.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromBytes, gatherX, splitCodec, toOriginal, type Forecaster, type Split } from '@seqpipe/core';
import { fusedForecasterCodec } from '@seqpipe/kernels';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, tempDir } from '../helpers.js';

const work = tempDir('seqpipe-quantile-cli-');
afterAll(() => work.remove());
const state = join(work.path, 'state');

const pipeline = (train: string) => `name: quantile
seed: 3
stages:
  series:
    uses: source/sine
    with: { points: 160, stop: 24 }
  scaled:
    uses: scaler/minmax
    from: series
  windows:
    uses: windower/sliding
    from: scaled
    with: { lookback: 6, horizon: 2 }
  split:
    uses: splitter/ratio
    from: windows
    with: { train: 0.7, validation: 0.1 }
  model:
    uses: model/rnn
    with: { layers: [{ cell: gru, units: 4 }] }
  train:
    uses: trainer/tfjs
    from: { model: model, data: split }
    with:
      epochs: 3
      batchSize: 16
${train}
  test:
    uses: evaluator/regression
    from: { model: train, data: split }
`;

function write(name: string, train: string): string {
  const file = join(work.path, `${name}.yaml`);
  writeFileSync(file, pipeline(train));
  return file;
}

/** The stored artifact of stage `id` in a run. */
function stored(runDir: string, id: string) {
  const digest: string = JSON.parse(readFileSync(join(runDir, 'run.json'), 'utf8')).stages.find((s: { id: string }) => s.id === id).digest;
  return fromBytes(readFileSync(join(state, 'objects', digest.slice(0, 2), digest)));
}

describe('trainer/tfjs loss: quantile through the CLI', () => {
  it('trains; the forecaster has levels [95] and intervals around its point forecast in original units', async () => {
    const r = cli(['run', write('ok', '      loss: quantile\n      quantiles: [0.025, 0.5, 0.975]'), '--json', '--state-dir', state]);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Number.isFinite(out.metrics.test.mae_original)).toBe(true);
    const encoded = stored(out.runDir, 'train');
    expect(encoded.header).toMatchObject({ impl: 'fused-rnn', quantiles: [0.025, 0.5, 0.975], horizon: 2, targets: 1 });
    const f = fusedForecasterCodec.decode(encoded) as Forecaster;
    expect(f.levels).toEqual([95]);
    const { test } = (await splitCodec.decode(stored(out.runDir, 'split'))) as Split;
    const point = toOriginal(await f.predict(gatherX(test), test.count), test);
    const { levels, lower, upper } = await f.intervals!(test);
    expect(levels).toEqual([95]);
    expect(lower[0]!.length).toBe(test.count * 2);
    for (let k = 0; k < point.length; k++) {
      expect(lower[0]![k]!).toBeLessThanOrEqual(point[k]! + 1e-9);
      expect(point[k]!).toBeLessThanOrEqual(upper[0]![k]! + 1e-9);
    }
    // The exported network outputs all three quantiles per step: [horizon, targets, quantiles].
    const modelJson = JSON.parse(readFileSync(join(out.runDir, 'models/train/model.json'), 'utf8'));
    expect(modelJson.userDefinedMetadata.seqpipe).toMatchObject({ quantiles: [0.025, 0.5, 0.975], outputLayout: '[horizon, targets, quantiles]' });
    const head = modelJson.weightsManifest[0].weights.find((w: { name: string }) => w.name === 'head/bias');
    expect(head.shape).toEqual([6]);
  });

  it.each([
    ['missing', '      loss: quantile', { code: 'E_QUANTILES_MISSING', line: 27, col: 13 }],
    ['unsorted', '      loss: quantile\n      quantiles: [0.5, 0.025]', { code: 'E_QUANTILES_INVALID', line: 28, col: 24 }],
    ['outside', '      loss: quantile\n      quantiles:\n        - 0.5\n        - 1', { code: 'E_QUANTILES_INVALID', line: 30, col: 11 }],
    ['repeated', '      loss: quantile\n      quantiles: [0.1, 0.5, 0.5]', { code: 'E_QUANTILES_INVALID', line: 28, col: 29 }],
    ['no median', '      loss: quantile\n      quantiles: [0.1, 0.9]', { code: 'E_QUANTILES_INVALID', line: 28, col: 18 }],
    ['without loss quantile', '      loss: mae\n      quantiles: [0.1, 0.5, 0.9]', { code: 'E_QUANTILES_INVALID', line: 28, col: 18 }],
  ])('refuses %s quantiles at their position (exit 2)', (name, train, expected) => {
    const r = cli(['validate', write(name.replace(/ /g, '-'), train), '--json']);
    expect(r.code, r.stderr).toBe(2);
    expect(JSON.parse(r.stdout)).toMatchObject({ status: 'invalid', errors: [{ ...expected, stage: 'train' }] });
    // run refuses before training anything, the same way.
    expect(cli(['run', join(work.path, `${name.replace(/ /g, '-')}.yaml`), '--state-dir', state]).code).toBe(2);
  });
});
