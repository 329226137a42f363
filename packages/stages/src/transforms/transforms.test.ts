import { invertBlock, rowShift, testContext } from '@seqpipe/core';
import type { Series } from '@seqpipe/core';
import { describe, expect, it } from 'vitest';
import { minMaxScaler } from '../scalers/min-max.scaler.js';
import { diffTransform } from './diff.transform.js';
import { logTransform } from './log.transform.js';

const ctx = testContext();
const original = Array.from({ length: 40 }, (_, i) => 3 + Math.sin(i / 3) + i / 10);
const series = (values: readonly number[], columns = ['v']): Series => ({
  kind: 'series', columns, length: values.length / columns.length, values: Float64Array.from(values),
  time: Float64Array.from({ length: values.length / columns.length }, (_, i) => 100 + i), transforms: [],
});

/** Inverts model rows [from, from + n) of a transformed series and compares with the original. */
function expectRoundTrip(out: Series, from: number, n: number): void {
  const block = Array.from(out.values.slice(from, from + n));
  const back = invertBlock(block, out.transforms, 0, from);
  const shift = rowShift(out.transforms);
  expect(back.map((v, i) => v - original[from + shift + i]!).every((d) => Math.abs(d) < 1e-12)).toBe(true);
}

describe('invertible transforms', () => {
  it('log round-trips, with an offset', async () => {
    const out = await logTransform.run(ctx, { series: series(original) }, { offset: 1 });
    expect(out.values[0]).toBe(Math.log(original[0]! + 1));
    expectRoundTrip(out, 0, 40);
  });

  it('refuses values at or below −offset', async () => {
    await expect(logTransform.run(ctx, { series: series([1, -1, 2]) }, { offset: 1 })).rejects.toMatchObject({ code: 'E_LOG_DOMAIN' });
  });

  it('diff drops lag rows, shifts time and round-trips from any row (order 1 and 2, seasonal lag)', async () => {
    for (const [order, lag] of [[1, 1], [2, 1], [1, 5], [2, 3]] as const) {
      const out = await diffTransform.run(ctx, { series: series(original) }, { order, lag });
      expect(out.length).toBe(40 - order * lag);
      expect(out.time![0]).toBe(100 + order * lag);
      expect(rowShift(out.transforms)).toBe(order * lag);
      // A block longer than the lag integrates its own reconstructed values.
      for (const from of [0, 7, out.length - 12]) expectRoundTrip(out, from, 12);
    }
  });

  it('diff works per series of a panel: no difference across series, and each series inverts onto its own rows', async () => {
    const a = [1, 4, 9, 16, 25, 36];
    const b = [100, 90, 85, 83];
    const panel: Series = { kind: 'series', columns: ['v'], length: 10, values: Float64Array.from([...a, ...b]), transforms: [], ids: ['a', 'b'], offsets: Int32Array.of(0, 6, 10) };
    for (const order of [1, 2]) {
      const out = await diffTransform.run(testContext(), { series: panel }, { order, lag: 1 });
      expect([...out.offsets!]).toEqual([0, 6 - order, 10 - 2 * order]);
      const shift = rowShift(out.transforms);
      // Each series' model rows invert onto its original rows from the row after its shift.
      const first = [0, 6 - order];
      for (const [s, original] of [[0, a], [1, b]] as const) {
        const start = first[s]!;
        const length = out.offsets![s + 1]! - start;
        const rows = Array.from(out.values.subarray(start, start + length));
        const back = invertBlock(rows, out.transforms, 0, start, s);
        back.forEach((v, i) => expect(v).toBeCloseTo(original[i + shift]!, 9));
      }
    }
    await expect(diffTransform.run(testContext(), { series: { ...panel, offsets: Int32Array.of(0, 9, 10) } }, { order: 1, lag: 1 })).rejects.toMatchObject({ code: 'E_SERIES_TOO_SHORT' });
  });

  it('log → diff → minmax round-trips through every recorded transform', async () => {
    const logged = await logTransform.run(ctx, { series: series(original) }, { offset: 0 });
    const diffed = await diffTransform.run(ctx, { series: logged }, { order: 1, lag: 2 });
    const scaled = await minMaxScaler.run(ctx, { series: diffed }, { range: [0, 1], fitFraction: 1 } as never);
    expect(scaled.transforms.map((t) => t.type)).toEqual(['log', 'diff', 'affine']);
    expectRoundTrip(scaled, 3, 20);
  });

  it('keeps columns apart', async () => {
    const two = series(original.flatMap((v) => [v, 10 * v]), ['a', 'b']);
    const out = await diffTransform.run(ctx, { series: two }, { order: 1, lag: 1 });
    expect(out.values[1]).toBeCloseTo(10 * (original[1]! - original[0]!), 12);
    expect(invertBlock([out.values[3]!], out.transforms, 1, 1)[0]).toBeCloseTo(10 * original[2]!, 12);
  });
});
