import { invertTransforms } from '@seqpipe/core';
import type { Series } from '@seqpipe/core';
import { describe, expect, it } from 'vitest';
import { sineSource } from '../sources/sine.source.js';
import { testContext } from '@seqpipe/core';
import { fitRows, minMaxScaler } from './min-max.scaler.js';

const ctx = testContext();
const sine = (): Promise<Series> => sineSource.run(ctx, {}, { points: 1000, start: 0, stop: 100, amplitude: 1, column: 'value' });
const twoColumns: Series = {
  kind: 'series', columns: ['a', 'b'], length: 4, transforms: [],
  values: new Float64Array([0, 5, 10, 5, 20, 5, 40, 5]), // a: 0..40, b: constant 5
};

describe('scaler/minmax', () => {
  it('scales the tutorial sine to [0, 1] with sklearn arithmetic', async () => {
    const s = await minMaxScaler.run(ctx, { series: await sine() }, { range: [0, 1], fitFraction: 1 });
    // Reference: numpy sin(linspace(0,100,1000)) through MinMaxScaler; min at row 612, max at 204.
    expect(s.values[612]).toBe(0);
    expect(s.values[204]).toBe(1);
    expect(s.values[998]).toBeCloseTo(0.20499749939795536, 15);
    expect(Math.fround(s.values[998]!)).toBe(Math.fround(0.20499749939795536));
    expect(Math.min(...s.values)).toBe(0);
    expect(Math.max(...s.values)).toBe(1);
    expect(s.transforms).toEqual([{ type: 'affine', by: 'scaler/minmax', scale: [expect.any(Number)], offset: [expect.any(Number)] }]);
  });

  it('is undone by invertTransforms', async () => {
    const original = await sine();
    const s = await minMaxScaler.run(ctx, { series: original }, { range: [-1, 1], fitFraction: 1 });
    for (const i of [0, 1, 500, 999]) expect(invertTransforms(s.values[i]!, s.transforms, 0)).toBeCloseTo(original.values[i]!, 14);
  });

  it('scales each column separately; a constant column maps to low with scale 1', async () => {
    const s = await minMaxScaler.run(ctx, { series: twoColumns }, { range: [2, 4], fitFraction: 1 });
    expect([...s.values]).toEqual([2, 2, 2.5, 2, 3, 2, 4, 2]);
    expect(s.transforms[0]).toMatchObject({ scale: [0.05, 1], offset: [2, -3] });
    expect(invertTransforms(2, s.transforms, 1)).toBe(5);
  });

  it('fits on the first floor(fitFraction · length) rows only', async () => {
    expect(fitRows(1000, 0.8)).toBe(800);
    expect(fitRows(10, 0.01)).toBe(1);
    const s = await minMaxScaler.run(ctx, { series: twoColumns }, { range: [0, 1], fitFraction: 0.5 });
    expect(s.values[0]).toBe(0); // a fitted on [0, 10]
    expect(s.values[6]).toBe(4); // 40 lies past the fitted range
  });

  it('keeps earlier transforms and the input untouched', async () => {
    const input = await sine();
    const once = await minMaxScaler.run(ctx, { series: input }, { range: [0, 1], fitFraction: 1 });
    const twice = await minMaxScaler.run(ctx, { series: once }, { range: [0, 10], fitFraction: 1 });
    expect(twice.transforms).toHaveLength(2);
    expect(invertTransforms(twice.values[3]!, twice.transforms, 0)).toBeCloseTo(input.values[3]!, 13);
    expect(input.transforms).toEqual([]);
  });

  it('check: warns about leakage at fitFraction 1, rejects an empty range, passes facts', () => {
    const facts = { length: 1000, columns: 1 };
    expect(minMaxScaler.check!({ range: [0, 1], fitFraction: 1 }, { series: facts })).toMatchObject({
      facts, issues: [{ code: 'W_SCALER_LEAK', severity: 'warning', path: ['fitFraction'] }],
    });
    expect(minMaxScaler.check!({ range: [0, 1], fitFraction: 0.8 }, {}).issues).toEqual([]);
    expect(minMaxScaler.check!({ range: [1, 1], fitFraction: 0.8 }, {}).issues).toMatchObject([
      { code: 'E_INVALID_VALUE', severity: 'error', path: ['range'] },
    ]);
  });
});
