import { testContext } from '@seqpipe/core';
import type { ChainLink, Series } from '@seqpipe/core';
import { describe, expect, it } from 'vitest';
import { trainRows } from './fit-range.js';
import { minMaxScaler } from './min-max.scaler.js';
import { robustScaler } from './robust.scaler.js';
import { standardScaler } from './standard.scaler.js';

const windower = (lookback: number, stride = 1): ChainLink => ({ uses: 'windower/sliding', params: { lookback, horizon: 1, stride, dropLast: true } });
const ratio: ChainLink = { uses: 'splitter/ratio', params: { train: 0.5, validation: 0, gap: 0 } };
const series = (values: number[]): Series => ({ kind: 'series', columns: ['v'], length: values.length, values: Float64Array.from(values), transforms: [] });

describe('fit range', () => {
  it('counts the rows training windows read, through differences and folds', () => {
    // 40 rows, lookback 4: 35 windows, 17 train → rows 0..20.
    expect(trainRows(40, [windower(4), ratio])).toEqual({ from: 0, to: 21 });
    // A lag-2 difference first: 38 rows, 33 windows, 16 train → 20 windowed rows, plus the 2 it consumed.
    expect(trainRows(40, [{ uses: 'transform/diff', params: { order: 1, lag: 2 } }, windower(4), ratio])).toEqual({ from: 0, to: 22 });
    // Sliding backtest, last fold: 35 windows, test 5 → train windows 20..29.
    const fold: ChainLink = { uses: 'splitter/backtest', params: { test: 5, mode: 'sliding', gap: 0, train: 10, fromEnd: 0 } };
    expect(trainRows(40, [windower(4), fold])).toEqual({ from: 20, to: 34 });
    expect(trainRows(40, [{ uses: 'thirdparty/thing', params: {} }, windower(4), ratio])).toBeUndefined();
    // Nothing split downstream: nothing to leak into, every row.
    expect(trainRows(40, [windower(4)])).toEqual({ from: 0, to: 40 });
    // Too short for one window: every row, so the windower is the stage that reports it.
    expect(trainRows(40, [windower(1000), ratio])).toEqual({ from: 0, to: 40 });
  });

  it('a test-range outlier changes no fitted parameter, for every scaler', async () => {
    const clean = Array.from({ length: 40 }, (_, i) => Math.sin(i));
    const outlier = clean.map((v, i) => (i === 35 ? 1e6 : v));
    const params = { fitTo: [windower(4), ratio] };
    for (const [scaler, extra] of [[minMaxScaler, { range: [0, 1] }], [standardScaler, {}], [robustScaler, {}]] as const) {
      const a = await scaler.run(testContext(), { series: series(clean) }, { ...extra, ...params } as never);
      const b = await scaler.run(testContext(), { series: series(outlier) }, { ...extra, ...params } as never);
      expect(b.transforms).toEqual(a.transforms);
      // Fitted on everything, the outlier moves the parameters.
      const leaky = await scaler.run(testContext(), { series: series(outlier) }, { ...extra, fitFraction: 1 } as never);
      expect(leaky.transforms).not.toEqual(a.transforms);
    }
  });
});
