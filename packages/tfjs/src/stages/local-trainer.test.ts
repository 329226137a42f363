import { fromBytes, gatherX, offsetsFrom, testContext, toBytes, windowSeries, type Forecaster, type ModelSpec, type Split, type Windows } from '@seqpipe/core';
import { describe, expect, it } from 'vitest';
import { localForecasterCodec } from '../model/local-forecaster.codec.js';
import { isLocalForecaster, LOCAL_IMPL, type LocalForecaster } from '../model/local-forecaster.js';
import { seriesSeed } from '../training/local-training.js';
import type { EngineName, TrainingParams } from '../training/training-params.js';
import { tfjsTrainerStage } from './tfjs.trainer.js';

const L = 4;
const H = 2;
const spec: ModelSpec = {
  kind: 'model-spec',
  layers: [{ cell: 'gru', units: 3, activation: 'tanh', recurrentActivation: 'sigmoid', dropout: 0, recurrentDropout: 0 }],
  head: { activation: 'linear' },
};
const params = (engine: EngineName, p: Partial<TrainingParams> = {}): TrainingParams => ({
  optimizer: 'adam', learningRate: 0.01, loss: 'mse', epochs: 2, batchSize: 8, shuffle: true, engine, local: true, ...p,
});

const waves: Record<string, number[]> = {
  a: Array.from({ length: 40 }, (_, i) => (Math.sin(i / 3) + 1) / 2),
  b: Array.from({ length: 34 }, (_, i) => (i % 7) / 7),
};

/**
 * Every window of each series (first target from L to the end), cut per series into train (first
 * 60%), validation (next 20%) and test. One id gives a plain single series (no panel fields);
 * `noTrain` drops that series' training windows.
 */
function panelSplit(ids: readonly string[], options: { noTrain?: string } = {}): Split {
  const values = ids.map((id) => waves[id]!);
  const offsets = offsetsFrom(values.map((v) => v.length));
  const data = Float64Array.from(values.flat());
  const parts: number[][] = [[], [], []];
  for (let s = 0; s < ids.length; s++) {
    const first = offsets[s]! + L;
    const n = offsets[s + 1]! - H + 1 - first;
    const cuts = [Math.floor(n * 0.6), Math.floor(n * 0.8)];
    for (let k = 0; k < n; k++) {
      const part = k < cuts[0]! ? 0 : k < cuts[1]! ? 1 : 2;
      if (part === 0 && ids[s] === options.noTrain) continue;
      parts[part]!.push(first + k);
    }
  }
  const panel = ids.length > 1 ? { ids, offsets } : {};
  const w = (index: number[]): Windows => ({
    kind: 'windows', columns: ['y'], targetColumns: [0], lookback: L, horizon: H, count: index.length,
    data, rows: data.length, index: Int32Array.from(index), transforms: [], ...panel,
  });
  return { kind: 'split', train: w(parts[0]!), validation: w(parts[1]!), test: w(parts[2]!) };
}

async function train(data: Split, p: TrainingParams, seed = 7): Promise<{ f: Forecaster; events: ReturnType<typeof testContext>['events'] }> {
  const ctx = testContext('train', seed);
  return { f: await tfjsTrainerStage.run(ctx, { model: spec, data }, p), events: ctx.events };
}

describe.each(['fused', 'layers'] as const)('trainer/tfjs local: true, engine %s', (engine) => {
  it('trains one model per series; each forecasts as that series trained alone with its seed', async () => {
    const panel = panelSplit(['a', 'b']);
    const { f, events } = await train(panel, params(engine));
    try {
      expect(isLocalForecaster(f)).toBe(true);
      const local = f as LocalForecaster;
      expect(local.ids).toEqual(['a', 'b']);
      expect(local.models.map((m) => m.impl)).toEqual([engine === 'fused' ? 'fused-rnn' : 'tfjs-layers', expect.any(String)]);
      await expect(f.predict(gatherX(panel.test), panel.test.count)).rejects.toThrow(/forecast\(windows\)/);
      const out = await f.forecast!(panel.test);
      expect(out).toHaveLength(panel.test.count * H);
      const of = windowSeries(panel.test);
      for (const [s, id] of ['a', 'b'].entries()) {
        const alone = panelSplit([id]);
        const ctx = testContext('alone', seriesSeed(7, id));
        const single = await tfjsTrainerStage.run(ctx, { model: spec, data: alone }, params(engine, { local: false }));
        try {
          const expected = await single.predict(gatherX(alone.test), alone.test.count);
          const mine = Float32Array.from(Array.from({ length: panel.test.count }, (_, k) => k).filter((k) => of[k] === s)
            .flatMap((k) => Array.from(out.subarray(k * H, k * H + H))));
          expect(mine).toEqual(expected);
        } finally {
          single.dispose?.();
        }
      }
      // Two different networks.
      const first = await local.models[0]!.predict(gatherX(panel.test), panel.test.count);
      const second = await local.models[1]!.predict(gatherX(panel.test), panel.test.count);
      expect(first).not.toEqual(second);
      // Per-series progress: series i of 2, not 2 × epochs epoch events.
      const epochs = events.flatMap((e) => (e.type === 'epoch' ? [e] : []));
      expect(epochs.map((e) => [e.unit, e.epoch, e.epochs])).toEqual([['series', 1, 2], ['series', 2, 2]]);
      expect(f.summary).toMatchObject({ local: true, series: 2, engine, history: [{ epoch: 1 }, { epoch: 2 }] });
    } finally {
      f.dispose?.();
    }
  });

  it('round-trips through its codec to identical forecasts, and the same seed gives the same bytes', async () => {
    const panel = panelSplit(['a', 'b']);
    const a = (await train(panel, params(engine))).f;
    const b = (await train(panel, params(engine))).f;
    const c = (await train(panel, params(engine), 8)).f;
    try {
      const bytes = toBytes(await localForecasterCodec.encode(a));
      expect(toBytes(await localForecasterCodec.encode(b))).toEqual(bytes);
      expect(toBytes(await localForecasterCodec.encode(c))).not.toEqual(bytes);
      const decoded = await localForecasterCodec.decode(fromBytes(bytes));
      try {
        expect(decoded.impl).toBe(LOCAL_IMPL);
        expect(await decoded.forecast!(panel.test)).toEqual(await a.forecast!(panel.test));
        expect(toBytes(await localForecasterCodec.encode(decoded))).toEqual(bytes);
      } finally {
        decoded.dispose?.();
      }
    } finally {
      for (const f of [a, b, c]) f.dispose?.();
    }
  });
});

describe('trainer/tfjs local: true with early stopping', () => {
  it('each series stops on its own; the summary averages the epochs each ran and lists each control', async () => {
    const panel = panelSplit(['a', 'b']);
    const { f } = await train(panel, params('fused', { epochs: 30, learningRate: 0.02, earlyStopping: { patience: 3 } }));
    try {
      const perSeries = (f.summary['control'] as { perSeries: { id: string; epochsRun: number; stoppedEpoch?: number; bestEpoch?: number }[] }).perSeries;
      expect(perSeries.map((c) => c.id)).toEqual(['a', 'b']);
      for (const c of perSeries) expect(c.stoppedEpoch).toBe(c.bestEpoch! + 3);
      // The two series stop at different epochs (5 and 4 with these seeds).
      expect(new Set(perSeries.map((c) => c.epochsRun)).size).toBe(2);
      const history = f.summary['history'] as unknown[];
      expect(history).toHaveLength(Math.max(...perSeries.map((c) => c.epochsRun)));
      if (process.env.SHOW_NUMBERS) console.log(JSON.stringify(perSeries));
    } finally {
      f.dispose?.();
    }
  });
});

describe('trainer/tfjs local: true as parts (the scheduler\'s partition)', () => {
  it('parts, then their combination, give the bytes of the one-job path', async () => {
    const panel = panelSplit(['a', 'b']);
    const p = params('fused');
    expect(tfjsTrainerStage.partition!.applies(p)).toBe(true);
    const ids = tfjsTrainerStage.partition!.parts(p, { model: spec, data: panel });
    expect(ids).toEqual(['a', 'b']);
    const parts = await Promise.all(ids.map(async (id) => (await train(panel, { ...p, part: id })).f));
    expect(tfjsTrainerStage.partition!.applies({ ...p, part: 'a' })).toBe(false);
    const inputs = { model: spec, data: panel, ...Object.fromEntries(parts.map((f, i) => [`part${i}`, f])) };
    const combined = await tfjsTrainerStage.run(testContext('train', 7), inputs as never, { ...p, parts: ids });
    const whole = (await train(panel, p)).f;
    try {
      expect(toBytes(await localForecasterCodec.encode(combined as LocalForecaster))).toEqual(toBytes(await localForecasterCodec.encode(whole as LocalForecaster)));
    } finally {
      for (const f of [...parts, combined, whole]) f.dispose?.();
    }
  });
});

describe('trainer/tfjs local: true, series without training windows', () => {
  it('refuses with E_LOCAL_NO_TRAIN when a series has test windows but no training window', async () => {
    await expect(train(panelSplit(['a', 'b'], { noTrain: 'b' }), params('fused'))).rejects.toMatchObject({ code: 'E_LOCAL_NO_TRAIN', stage: 'train' });
  });

  it('keeps local out of the params defaults, so global trainers keep their cache keys', () => {
    const local = (tfjsTrainerStage.params.properties as Record<string, Record<string, unknown>>).local!;
    expect(local.type).toBe('boolean');
    expect('default' in local).toBe(false);
  });
});

describe('trainer/tfjs local: true with loss quantile', () => {
  it('passes each series model\'s intervals through, in the panel\'s window order, and keeps them through the codec', async () => {
    const panel = panelSplit(['a', 'b']);
    const { f } = await train(panel, params('fused', { loss: 'quantile', quantiles: [0.05, 0.5, 0.95] }));
    const decoded = await localForecasterCodec.decode(fromBytes(toBytes(await localForecasterCodec.encode(f))));
    try {
      expect(f.levels).toEqual([90]);
      const { test } = panel;
      const all = await f.intervals!(test);
      expect(all.levels).toEqual([90]);
      const local = f as LocalForecaster;
      const series = windowSeries(test);
      for (let s = 0; s < 2; s++) {
        const mine = Int32Array.from(test.index.filter((_, k) => series[k] === s));
        const own = await local.models[s]!.intervals!({ ...test, count: mine.length, index: mine });
        const at = [...test.index.keys()].filter((k) => series[k] === s);
        at.forEach((k, j) => {
          for (let h = 0; h < H; h++) {
            expect(all.lower[0]![k * H + h]).toBe(own.lower[0]![j * H + h]);
            expect(all.upper[0]![k * H + h]).toBe(own.upper[0]![j * H + h]);
          }
        });
      }
      expect(await decoded.intervals!(test)).toEqual(all);
    } finally {
      f.dispose?.();
      decoded.dispose?.();
    }
  });
});
