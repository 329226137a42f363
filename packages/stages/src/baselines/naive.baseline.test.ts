import { fromBytes, toBytes } from '@seqpipe/core';
import type { Split, Windows } from '@seqpipe/core';
import { describe, expect, it } from 'vitest';
import { testContext } from '@seqpipe/core';
import { naiveBaseline } from './naive.baseline.js';
import { naiveForecasterCodec } from './naive.codec.js';
import { createNaiveForecaster } from './naive-forecaster.js';

/** Two windows of lookback 2 over columns [a, b], predicting b for 3 steps. */
const windows: Windows = {
  kind: 'windows', columns: ['a', 'b'], targetColumns: [1], lookback: 2, horizon: 3, count: 2,
  data: new Float64Array(14), rows: 7, index: new Int32Array([2, 3]), transforms: [],
};
/** Inputs of two windows, [2, 2, 2]. */
const x = new Float32Array([1, 10, 2, 20, /* window 1 */ 3, 30, 4, 40]);
const split: Split = { kind: 'split', train: windows, test: windows };

describe('baseline/naive', () => {
  it('takes its shape from the split', async () => {
    const f = await naiveBaseline.run(testContext(), { data: split }, {});
    expect(f).toMatchObject({ kind: 'forecaster', impl: 'naive-last', lookback: 2, features: 2, horizon: 3, targets: 1, targetFeatures: [1] });
  });

  it("repeats each window's last target value for every horizon step", async () => {
    const f = await naiveBaseline.run(testContext(), { data: split }, {});
    expect([...(await f.predict(x, 2))]).toEqual([20, 20, 20, 40, 40, 40]);
  });

  it('handles several targets and rejects a wrongly sized x', async () => {
    const f = createNaiveForecaster({ lookback: 2, features: 2, horizon: 1, targetFeatures: [1, 0] });
    expect([...(await f.predict(x, 2))]).toEqual([20, 2, 40, 4]);
    await expect(f.predict(x, 3)).rejects.toThrow(/expected 3 × 2 × 2/);
  });

  it('round-trips through its codec and the artifact bytes', async () => {
    const f = createNaiveForecaster({ lookback: 2, features: 2, horizon: 3, targetFeatures: [1] });
    const encoded = await naiveForecasterCodec.encode(f);
    expect(encoded.header).toMatchObject({ kind: 'forecaster', impl: 'naive-last' });
    const back = await naiveForecasterCodec.decode(fromBytes(toBytes(encoded)));
    expect(back).toMatchObject({ impl: 'naive-last', lookback: 2, features: 2, horizon: 3, targets: 1, targetFeatures: [1] });
    expect([...(await back.predict(x, 2))]).toEqual([...(await f.predict(x, 2))]);
  });

  it('refuses to encode another kind of forecaster', () => {
    const other = { ...createNaiveForecaster({ lookback: 1, features: 1, horizon: 1, targetFeatures: [0] }), impl: 'tfjs-layers' };
    expect(() => naiveForecasterCodec.encode(other)).toThrow(/"tfjs-layers"/);
  });
});
