import { fromBytes, gatherX, PluginRegistry, testContext, toBytes } from '@seqpipe/core';
import type { Forecaster, Intervals, Split, StageDefinition, Windows } from '@seqpipe/core';
import { describe, expect, it } from 'vitest';
import { naiveBaseline } from '../baselines/naive.baseline.js';
import { naiveForecasterCodec } from '../baselines/naive.codec.js';
import { ruleCodec } from '../baselines/rule-forecasters.js';
import { meanBaseline } from '../baselines/rule.baselines.js';
import { combine } from './combine.js';
import { ensembleCodec } from './ensemble.codec.js';
import { createEnsembleForecaster } from './ensemble-forecaster.js';
import { ensembleMean, ensembleMedian } from './ensemble.stages.js';

/** One column, lookback 4, horizon 1: rows 4..7 = 1, 2, 3, 6; the test windows' targets are rows 8 and 9. */
const data = new Float64Array([0, 0, 0, 0, 1, 2, 3, 6, 10, 20, 30, 40]);
const train: Windows = {
  kind: 'windows', columns: ['v'], targetColumns: [0], lookback: 4, horizon: 1, count: 3,
  data, rows: 12, index: new Int32Array([4, 5, 6]), transforms: [],
};
const test: Windows = { ...train, count: 2, index: new Int32Array([8, 9]) };
const split: Split = { kind: 'split', train, test };
const ctx = testContext();
const build = async (stage: StageDefinition, members: Forecaster[]): Promise<Forecaster> => (await stage.run(ctx, { members } as never, {})) as Forecaster;

/** A forecaster predicting the FIRST row of its own lookback: shows which rows it was given. */
function firstRow(lookback: number, options: { history?: boolean; levels?: number[]; width?: number } = {}): Forecaster {
  const f: Forecaster = {
    kind: 'forecaster', impl: 'first-row', lookback, features: 1, horizon: 1, targets: 1, summary: {},
    async predict(x, count) {
      return Float32Array.from({ length: count }, (_, i) => x[i * lookback]!);
    },
  };
  const history = options.history ? { async forecast(w: Windows) { return Float32Array.from(w.index, (r) => w.data[r - w.lookback]!); } } : {};
  const { levels, width = 1 } = options;
  const intervals = levels ? {
    levels,
    async intervals(w: Windows): Promise<Intervals> {
      const mid = Float64Array.from(w.index, (r) => w.data[r - w.lookback]!);
      return { levels, lower: levels.map((l) => mid.map((v) => v - (width * l) / 100)), upper: levels.map((l) => mid.map((v) => v + (width * l) / 100)) };
    },
  } : {};
  return { ...f, ...history, ...intervals };
}

describe('combine', () => {
  it('takes the elementwise mean, and the median (the middle two averaged for an even count)', () => {
    const parts = [[1, 10], [2, 30], [9, 20]];
    expect([...combine('mean', parts, new Float64Array(2))]).toEqual([4, 20]);
    expect([...combine('median', parts, new Float64Array(2))]).toEqual([2, 20]);
    expect([...combine('median', [...parts, [3, 0]], new Float64Array(2))]).toEqual([2.5, 15]);
    expect([...combine('median', [[-5], [7]], new Float64Array(1))]).toEqual([1]);
  });
});

describe('ensemble/mean and ensemble/median', () => {
  it('predict the elementwise mean and median of their members, in list order', async () => {
    const naive = await naiveBaseline.run(ctx, { data: split }, {});
    const mean = await meanBaseline.run(ctx, { data: split }, {});
    const x = gatherX(test);
    const n = await naive.predict(x, 2); // 6, 10
    const m = await mean.predict(x, 2); // the training targets' mean (rows 4..6): 2, 2
    const third = firstRow(4); // rows 4 and 5: 1, 2
    const avg = await build(ensembleMean, [naive, mean, third]);
    expect([...(await avg.predict(x, 2))]).toEqual([(6 + 2 + 1) / 3, (10 + 2 + 2) / 3].map(Math.fround));
    expect([...n, ...m]).toEqual([6, 10, 2, 2]);
    const med = await build(ensembleMedian, [naive, mean, third]);
    expect([...(await med.predict(x, 2))]).toEqual([2, 2]);
    expect(med.forecast).toBeUndefined(); // no member reads history: predictions can be fed back
  });

  it('feeds a member with a shorter lookback its own last rows, by predict and by forecast', async () => {
    const e = createEnsembleForecaster('mean', [firstRow(4), firstRow(2)], false);
    expect(e.lookback).toBe(4);
    // Windows at rows 8, 9: lookback 4 starts at rows 4, 5 (1, 2); lookback 2 at rows 6, 7 (3, 6).
    expect([...(await e.predict(gatherX(test), 2))]).toEqual([2, 4]);
    const h = createEnsembleForecaster('mean', [firstRow(4, { history: true }), firstRow(2)], false);
    expect([...(await h.forecast!(test))]).toEqual([2, 4]);
  });

  it('refuses members that forecast other horizons or targets (E_ENSEMBLE_MISMATCH)', () => {
    const long = { ...firstRow(4), horizon: 3 };
    expect(() => createEnsembleForecaster('mean', [firstRow(4), long], false)).toThrow(expect.objectContaining({ code: 'E_ENSEMBLE_MISMATCH' }));
    expect(() => createEnsembleForecaster('mean', [], false)).toThrow(expect.objectContaining({ code: 'E_EMPTY_INPUT_LIST' }));
  });

  it('gives intervals only when every member has them, at the common levels, bounds combined by the rule', async () => {
    const a = firstRow(4, { levels: [80, 95], width: 1 });
    const b = firstRow(4, { levels: [50, 95], width: 3 });
    const e = createEnsembleForecaster('mean', [a, b], false);
    expect(e.levels).toEqual([95]);
    const i = await e.intervals!(test);
    // Both centres are 1 and 2; half-widths 0.95 and 2.85 average to 1.9.
    expect([...i.lower[0]!].map((v) => +v.toFixed(9))).toEqual([1 - 1.9, 2 - 1.9].map((v) => +v.toFixed(9)));
    expect([...i.upper[0]!].map((v) => +v.toFixed(9))).toEqual([1 + 1.9, 2 + 1.9].map((v) => +v.toFixed(9)));
    expect(createEnsembleForecaster('mean', [a, firstRow(4)], false).intervals).toBeUndefined();
    expect(createEnsembleForecaster('mean', [a, firstRow(4, { levels: [50] })], false).intervals).toBeUndefined();
  });

  it('round-trips through its codec, each member by its own codec through the registry', async () => {
    const registry = new PluginRegistry([], [naiveForecasterCodec, ruleCodec('mean'), ensembleCodec]);
    const naive = await naiveBaseline.run(ctx, { data: split }, {});
    const mean = await meanBaseline.run(ctx, { data: split }, {});
    const e = await build(ensembleMedian, [naive, mean]);
    const bytes = toBytes(await registry.encode(e));
    const back = (await registry.decode(fromBytes(bytes))) as Forecaster;
    expect(back.impl).toBe('ensemble');
    const x = gatherX(test);
    expect([...(await back.predict(x, 2))]).toEqual([...(await e.predict(x, 2))]);
    expect(back.summary).toEqual(e.summary);
    // Encoding is deterministic: the same ensemble, the same bytes (and digest).
    expect(toBytes(await registry.encode(back))).toEqual(bytes);
    const files = ensembleCodec.files!(fromBytes(bytes), registry);
    expect(Object.keys(files)).toEqual(['members.json']);
  });
});
