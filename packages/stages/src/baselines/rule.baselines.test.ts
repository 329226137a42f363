import { fromBytes, gatherX, testContext, toBytes } from '@seqpipe/core';
import type { Split, Windows } from '@seqpipe/core';
import { describe, expect, it } from 'vitest';
import { ruleCodec } from './rule-forecasters.js';
import { driftBaseline, meanBaseline, seasonalBaseline } from './rule.baselines.js';

/** Lookback-4 windows of one column; train targets at rows 4..7 are 1, 2, 3, 6; horizon 2; the test window reads rows 8..11 = 10, 20, 30, 40. */
const data = new Float64Array(20);
data.set([1, 2, 3, 6, 10, 20, 30, 40], 4);
const train: Windows = {
  kind: 'windows', columns: ['v'], targetColumns: [0], lookback: 4, horizon: 2, count: 3,
  data, rows: 20, index: new Int32Array([4, 5, 6]), transforms: [],
};
const test: Windows = { ...train, count: 1, index: new Int32Array([12]) };
const testX = gatherX(test);
const split: Split = { kind: 'split', train, test };
const ctx = testContext();

describe('rule baselines', () => {
  it('seasonal repeats the value one period earlier', async () => {
    const f = await seasonalBaseline.run(ctx, { data: split }, { period: 3 });
    expect([...(await f.predict(testX, 1))]).toEqual([20, 30]);
  });

  it('drift adds the training slope per step, mean predicts the training mean', async () => {
    const drift = await driftBaseline.run(ctx, { data: split }, {});
    // Training rows 4..7 hold 1, 2, 3, 6: slope (6 − 1) / 3.
    expect([...(await drift.predict(testX, 1))]).toEqual([40 + 5 / 3, 40 + 10 / 3].map(Math.fround));
    const mean = await meanBaseline.run(ctx, { data: split }, {});
    expect([...(await mean.predict(testX, 1))]).toEqual([3, 3]);
  });

  it('rejects a period longer than the lookback', async () => {
    await expect(seasonalBaseline.run(ctx, { data: split }, { period: 5 })).rejects.toThrow(/period 5 is longer than the windows' lookback 4/);
  });

  it('round-trips through its codec', async () => {
    const f = await driftBaseline.run(ctx, { data: split }, {});
    const back = await ruleCodec('drift').decode(fromBytes(toBytes(await ruleCodec('drift').encode(f))));
    expect([...(await back.predict(testX, 1))]).toEqual([...(await f.predict(testX, 1))]);
    expect(() => ruleCodec('mean').encode(f)).toThrow(/"drift"/);
  });
});
