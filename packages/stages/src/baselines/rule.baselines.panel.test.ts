import { fromBytes, gatherX, testContext, toBytes } from '@seqpipe/core';
import type { Split, Windows } from '@seqpipe/core';
import { describe, expect, it } from 'vitest';
import { ruleCodec } from './rule-forecasters.js';
import { driftBaseline, meanBaseline } from './rule.baselines.js';

const ctx = testContext();
/** Series a: rows 0…9 = 0, 1, …, 9 (slope 1); series b: rows 10…19 = 100, 98, …, 82 (slope −2). */
const data = Float64Array.from({ length: 20 }, (_, r) => (r < 10 ? r : 100 - 2 * (r - 10)));
const base = { kind: 'windows', columns: ['v'], targetColumns: [0], lookback: 2, horizon: 2, data, rows: 20, transforms: [] } as const;
const panel = { ids: ['a', 'b'], offsets: Int32Array.of(0, 10, 20) };
// Training windows cover target rows 2…5 of a and 12…15 of b; test windows end each series.
const train: Windows = { ...base, ...panel, count: 4, index: Int32Array.of(2, 4, 12, 14) };
const test: Windows = { ...base, ...panel, count: 2, index: Int32Array.of(8, 18) };
const split: Split = { kind: 'split', train, test };

describe('baseline/drift and baseline/mean on a panel', () => {
  it("fit each series' slope and mean from its own training targets", async () => {
    const drift = await driftBaseline.run(ctx, { data: split }, {});
    expect(drift.summary).toMatchObject({ slope: [1, -2], series: 2 });
    // Window 0: last value 7 (row 7), slope 1; window 1: last value 86 (row 17), slope −2.
    expect([...(await drift.forecast!(test))]).toEqual([8, 9, 84, 82]);
    const mean = await meanBaseline.run(ctx, { data: split }, {});
    // a: rows 2…5 → mean 3.5; b: rows 12…15 → 96, 94, 92, 90 → 93.
    expect(mean.summary).toMatchObject({ mean: [3.5, 93], series: 2 });
    expect([...(await mean.forecast!(test))]).toEqual([3.5, 3.5, 93, 93]);
    await expect(mean.predict(gatherX(test), 2)).rejects.toThrow(/call forecast\(windows\)/);
  });

  it('give a series without training windows the mean of the others', async () => {
    const onlyA: Split = { kind: 'split', train: { ...train, count: 2, index: Int32Array.of(2, 4) }, test };
    const mean = await meanBaseline.run(ctx, { data: onlyA }, {});
    expect(mean.summary).toMatchObject({ mean: [3.5, 3.5], series: 2 });
  });

  it('round-trip a per-series fit through the codec', async () => {
    const drift = await driftBaseline.run(ctx, { data: split }, {});
    const back = await ruleCodec('drift').decode(fromBytes(toBytes(await ruleCodec('drift').encode(drift))));
    expect([...(await back.forecast!(test))]).toEqual([...(await drift.forecast!(test))]);
  });

  it('leave a panel of one as a single series, bit for bit', async () => {
    const one = (p: object): Split => ({ kind: 'split', train: { ...base, ...p, data: data.subarray(0, 10), rows: 10, count: 2, index: Int32Array.of(2, 5) }, test: { ...base, ...p, data: data.subarray(0, 10), rows: 10, count: 1, index: Int32Array.of(8) } });
    const single = one({});
    const panelOfOne = one({ ids: ['a'], offsets: Int32Array.of(0, 10) });
    for (const stage of [driftBaseline, meanBaseline]) {
      const f = await stage.run(ctx, { data: single }, {});
      const g = await stage.run(ctx, { data: panelOfOne }, {});
      expect(g.forecast).toBeUndefined();
      expect(g.summary).toEqual(f.summary);
      expect((await ruleCodec(f.impl as 'drift' | 'mean').encode(g)).header).toEqual((await ruleCodec(f.impl as 'drift' | 'mean').encode(f)).header);
      expect([...(await g.predict(gatherX(panelOfOne.test), 1))]).toEqual([...(await f.predict(gatherX(single.test), 1))]);
    }
  });
});
