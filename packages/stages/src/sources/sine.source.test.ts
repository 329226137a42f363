import { describe, expect, it } from 'vitest';
import { testContext } from '@seqpipe/core';
import { linspace, sineSource } from './sine.source.js';

const defaults = { points: 1000, start: 0, stop: 100, amplitude: 1, column: 'value' };

describe('source/sine', () => {
  it('computes x exactly like numpy.linspace(0, 100, 1000)', () => {
    const x = linspace(0, 100, 1000);
    // Reference values printed by numpy 2.4 (repr), compared bit for bit.
    expect(x[0]).toBe(0);
    expect(x[1]).toBe(0.1001001001001001);
    expect(x[500]).toBe(50.050050050050054);
    expect(x[998]).toBe(99.8998998998999);
    expect(x[999]).toBe(100);
  });

  it('produces the tutorial series: sin of the x values, x as time', async () => {
    const s = await sineSource.run(testContext(), {}, defaults);
    expect(s).toMatchObject({ kind: 'series', columns: ['value'], length: 1000, transforms: [] });
    expect(s.values).toBeInstanceOf(Float64Array);
    expect(s.values[0]).toBe(0);
    // numpy: sin(x[10]) and the last value; V8's sin may differ from libm by one ulp.
    expect(s.values[10]).toBeCloseTo(0.8420114062884005, 15);
    expect(s.values[999]).toBeCloseTo(-0.5063656411097588, 15);
    expect(s.values[999]).toBe(Math.sin(100));
    expect(s.time![999]).toBe(100);
  });

  it('applies amplitude and column name', async () => {
    const s = await sineSource.run(testContext(), {}, { ...defaults, points: 3, stop: Math.PI, amplitude: 2, column: 'y' });
    expect(s.columns).toEqual(['y']);
    expect(s.values[1]).toBeCloseTo(2, 15);
    expect(s.time![1]).toBe(Math.PI / 2);
  });

  it('reports its length as a static fact', () => {
    expect(sineSource.check!({ ...defaults, points: 50 }, {})).toEqual({ facts: { length: 50, columns: 1 } });
  });
});
