/**
 * Training control on both engines: early stopping restores the best epoch's weights bit for bit
 * (equal to a run of bestEpoch epochs without it), the schedules set each epoch's rate, weight
 * decay acts the same on both engines, and a missing validation part is a located error.
 */
import { createRng, deriveSeed, testContext, type ModelSpec } from '@seqpipe/core';
import { cosineRate, EpochControl, fusedFit, fusedLayout, initialParams, isFusedForecaster, networkLayout, trainableTensors } from '@seqpipe/kernels';
import { describe, expect, it } from 'vitest';
import type { TfjsForecaster } from '../model/tfjs-forecaster.js';
import { tfjsTrainerStage } from '../stages/tfjs.trainer.js';
import { sineSplit } from '../testing/sine-split.js';
import type { TrainingParams } from './training-params.js';

const spec: ModelSpec = {
  kind: 'model-spec', layers: [{ cell: 'gru', units: 4, activation: 'tanh', recurrentActivation: 'sigmoid', dropout: 0.1, recurrentDropout: 0 }], head: { activation: 'linear' },
};
const data = sineSplit({ points: 70, validation: 0.2 });
const base: TrainingParams = { optimizer: 'adam', learningRate: 0.05, loss: 'mse', epochs: 25, batchSize: 8, shuffle: true, checkpointEvery: 0 };
const early = { patience: 2, minDelta: 0, monitor: 'val_loss' } as const;

type Summary = { history: { epoch: number; valLoss?: number; learningRate?: number }[]; control?: { stoppedEpoch?: number; bestEpoch?: number; learningRate?: number; epochsRun: number } };

async function train(params: TrainingParams, model: ModelSpec = spec) {
  const ctx = testContext('train', 5);
  const f = await tfjsTrainerStage.run(ctx, { model, data }, params);
  const weights = isFusedForecaster(f)
    ? [f.weights]
    : await Promise.all((f as TfjsForecaster).model.getWeights().map(async (w) => Float32Array.from(await w.data() as Float32Array)));
  // The layers engine's weight names, in getWeights's order (tfjs's, not always the fused layout's).
  const names = isFusedForecaster(f) ? [] : (f as TfjsForecaster).model.weights.map((w) => w.originalName);
  const summary = f.summary as unknown as Summary;
  f.dispose?.();
  return { weights, names, summary, logs: ctx.logs };
}

const bytes = (ws: Float32Array[]) => Buffer.concat(ws.map((w) => Buffer.from(w.buffer, w.byteOffset, w.byteLength)));

describe.each(['fused', 'layers'] as const)('early stopping, %s engine', (engine) => {
  it('stops, and its weights equal a run of bestEpoch epochs without early stopping, bit for bit', async () => {
    const stopped = await train({ ...base, engine, earlyStopping: early });
    const { stoppedEpoch, bestEpoch, epochsRun } = stopped.summary.control!;
    if (process.env.SHOW_NUMBERS) console.log(`${engine}: stopped ${stoppedEpoch}, best ${bestEpoch}`);
    expect(stoppedEpoch).toBeLessThan(base.epochs);
    expect(stoppedEpoch).toBe(bestEpoch! + early.patience);
    expect(epochsRun).toBe(stoppedEpoch);
    expect(stopped.summary.history).toHaveLength(stoppedEpoch!);
    expect(stopped.logs).toContain(`info: early stop at epoch ${stoppedEpoch}, best epoch ${bestEpoch} (val_loss ${stopped.summary.history[bestEpoch! - 1]!.valLoss!.toPrecision(4)})`);
    const reference = await train({ ...base, engine, epochs: bestEpoch! });
    expect(bytes(stopped.weights).equals(bytes(reference.weights))).toBe(true);
    // And not the last epoch's weights.
    const last = await train({ ...base, engine, epochs: stoppedEpoch! });
    expect(bytes(stopped.weights).equals(bytes(last.weights))).toBe(false);
  });
});

describe('early stopping in the fused loop', () => {
  it('restores the Float64 parameters of the best epoch exactly (recorded at each epoch end)', async () => {
    const shape = { lookback: 5, features: 1, outputs: 1 };
    const layout = networkLayout(spec, shape);
    const run = async (control?: EpochControl<Float64Array>) => {
      const params = initialParams(spec, shape, createRng(deriveSeed(5, 'init')));
      const history = await fusedFit(layout, params, data.train, data.validation, { ...base, earlyStopping: early }, {
        rng: createRng(5), dropoutRng: createRng(deriveSeed(5, 'dropout')), signal: new AbortController().signal,
        onEpoch: () => undefined, ...(control ? { control } : {}),
      });
      return { params, history };
    };
    // The weights at each epoch end, from a run without control (the same arithmetic up to the stop).
    const epochs: Float64Array[] = [];
    const probe = initialParams(spec, shape, createRng(deriveSeed(5, 'init')));
    await fusedFit(layout, probe, data.train, data.validation, base, {
      rng: createRng(5), dropoutRng: createRng(deriveSeed(5, 'dropout')), signal: new AbortController().signal,
      onEpoch: () => epochs.push(Float64Array.from(probe)),
    });
    const control = new EpochControl<Float64Array>({ ...base, earlyStopping: early });
    const { params, history } = await run(control);
    const { bestEpoch } = control.state();
    expect(history.length).toBeLessThan(base.epochs);
    expect(Buffer.from(params.buffer).equals(Buffer.from(epochs[bestEpoch - 1]!.buffer))).toBe(true);
  });
});

describe.each(['fused', 'layers'] as const)('learning-rate schedules, %s engine', (engine) => {
  it('cosine: each epoch trains at cosineRate(epoch), and the rate changes the weights', async () => {
    const p = { ...base, engine, epochs: 4 };
    const cos = await train({ ...p, lrSchedule: { type: 'cosine', minLr: 0.001, warmup: 1 } });
    expect(cos.summary.history.map((h) => h.learningRate)).toEqual([1, 2, 3, 4].map((e) => cosineRate(0.05, e, 4, 0.001, 1)));
    expect(cos.summary.control!.learningRate).toBe(cosineRate(0.05, 4, 4, 0.001, 1));
    expect(bytes(cos.weights).equals(bytes((await train(p)).weights))).toBe(false);
  });

  it('plateau: the rates follow Keras ReduceLROnPlateau replayed on the same validation losses', async () => {
    const lrSchedule = { type: 'plateau', factor: 0.5, patience: 1, minLr: 0.01, minDelta: 0.001 } as const;
    const run = await train({ ...base, engine, epochs: 12, lrSchedule });
    const replay = new EpochControl({ ...base, epochs: 12, lrSchedule });
    const expected = run.summary.history.map((h) => {
      const lr = replay.learningRate(h.epoch);
      replay.endEpoch(h.epoch, { loss: 0, valLoss: h.valLoss! });
      return lr;
    });
    expect(run.summary.history.map((h) => h.learningRate)).toEqual(expected);
    expect(new Set(expected).size).toBeGreaterThan(1);
    expect(run.summary.control).toEqual({ epochsRun: 12, learningRate: expected.at(-1) });
  });
});

describe('weight decay', () => {
  const relGap = (a: Float32Array[], b: Float32Array[]) => {
    const x = Float64Array.from(a.flatMap((w) => [...w]));
    const y = Float64Array.from(b.flatMap((w) => [...w]));
    let d = 0;
    let s = 0;
    for (let i = 0; i < x.length; i++) { d = Math.max(d, Math.abs(x[i]! - y[i]!)); s = Math.max(s, Math.abs(y[i]!)); }
    return d / s;
  };

  it('acts alike on both engines (kernels decayed, biases not), far beyond their float32/float64 gap', async () => {
    const p = { ...base, epochs: 3, optimizer: 'sgd' as const, learningRate: 0.1, lrSchedule: { type: 'cosine' as const } };
    const decayed = { ...p, weightDecay: 0.5 };
    const fused = await train({ ...decayed, engine: 'fused' });
    const layers = await train({ ...decayed, engine: 'layers' });
    const plain = await train({ ...p, engine: 'fused' });
    // The fused engine stores one flat array; the layers engine's tensors are in the same order.
    const engines = relGap(fused.weights, [Float32Array.from(layers.weights.flatMap((w) => [...w]))]);
    const effect = relGap(fused.weights, plain.weights);
    if (process.env.SHOW_NUMBERS) console.log(`engine gap ${engines.toExponential(2)}, decay effect ${effect.toExponential(2)}`);
    expect(engines).toBeLessThan(1e-4);
    expect(effect).toBeGreaterThan(100 * engines);
  });

  // The fixed bases are non-trainable weights in the layers engine, which decays trainable ones only.
  const fixedBases: [string, ModelSpec][] = [
    ['dlinear', { kind: 'model-spec', family: 'linear', decomposition: { kernel: 3 } }],
    ['interpretable nbeats', { kind: 'model-spec', family: 'nbeats', sharedWeights: false, stacks: [{ type: 'trend', blocks: 2, layers: 1, units: 4, degree: 2 }] }],
  ];
  for (const [name, model] of fixedBases) {
    it(`${name}: leaves the fixed bases as they were, alike on both engines`, async () => {
      const p = { ...base, epochs: 3, optimizer: 'sgd' as const, learningRate: 0.1, batchSize: 8, weightDecay: 0.5 };
      const fused = await train({ ...p, engine: 'fused' }, model);
      const layers = await train({ ...p, engine: 'layers' }, model);
      // sineSplit's windows: lookback 5, one column, horizon 1.
      const layout = fusedLayout(model, { lookback: 5, features: 1, outputs: 1, horizon: 1 });
      const start = initialParams(model, layout, createRng(0));
      const trainable = trainableTensors(layout);
      const fixed = layout.tensors.filter((t) => !trainable.includes(t));
      expect(fixed.length).toBeGreaterThan(0);
      const slice = (t: { offset: number; size: number }) => fused.weights[0]!.subarray(t.offset, t.offset + t.size);
      const byName = new Map(layers.names.map((n, i) => [n, layers.weights[i]!]));
      const inLayersOrder = Float32Array.from(layers.names.flatMap((n) => [...slice(layout.tensors.find((t) => t.name === n)!)]));
      expect(byName.size).toBe(layout.tensors.length);
      expect(relGap([inLayersOrder], [Float32Array.from(layers.weights.flatMap((w) => [...w]))])).toBeLessThan(1e-4);
      for (const t of fixed) expect(slice(t)).toEqual(Float32Array.from(start.subarray(t.offset, t.offset + t.size)));
    });
  }
});

describe('a missing validation part', () => {
  it('is a located check error when val_loss is monitored, none when monitor is loss', () => {
    const check = (params: TrainingParams) => tfjsTrainerStage.check!(params, { data: { parts: ['train', 'test'] } }).issues ?? [];
    expect(check({ ...base, earlyStopping: early })).toEqual([expect.objectContaining({ code: 'E_MONITOR_NO_VALIDATION', path: ['earlyStopping'] })]);
    expect(check({ ...base, lrSchedule: { type: 'plateau' } })).toEqual([expect.objectContaining({ code: 'E_MONITOR_NO_VALIDATION', path: ['lrSchedule'] })]);
    expect(check({ ...base, earlyStopping: { patience: 1, monitor: 'loss' }, lrSchedule: { type: 'cosine' } })).toEqual([]);
  });

  it('fails the run with the same code when the split has no validation windows', async () => {
    const ctx = testContext('train', 5);
    const run = tfjsTrainerStage.run(ctx, { model: spec, data: sineSplit({ points: 70 }) }, { ...base, engine: 'fused', earlyStopping: early });
    await expect(run).rejects.toMatchObject({ code: 'E_MONITOR_NO_VALIDATION', exitCode: 1 });
  });
});
