import { describe, expect, it } from 'vitest';
import { drawn, predictionsChart } from './charts.js';

describe('long lines in the run report', () => {
  it('draws every point of a short line', () => {
    expect(drawn([3, 1, 2])).toEqual([0, 1, 2]);
  });

  it('draws a long line from each span\'s lowest and highest, in order, keeping every extreme', () => {
    const values = Array.from({ length: 400_000 }, (_, i) => Math.sin(i / 500) + (i === 123_457 ? 50 : 0) - (i === 300_001 ? 50 : 0));
    const idx = drawn(values);
    expect(idx.length).toBeLessThanOrEqual(2000);
    expect(idx).toEqual([...idx].sort((a, b) => a - b));
    expect(idx).toContain(123_457);
    expect(idx).toContain(300_001);
    expect(Math.max(...idx.map((i) => values[i]!))).toBe(values.reduce((a, b) => Math.max(a, b)));
  });

  it('says in the title that a long test part is thinned', () => {
    const n = 10_000;
    const actual = Array.from({ length: n }, (_, i) => i % 7);
    const spec = predictionsChart([{ stage: 'test', predictions: { actual, predicted: actual, index: actual.map((_, i) => i) } } as never]);
    const rows = (spec as { data: { values: unknown[] } }).data.values;
    expect(rows.length).toBeLessThanOrEqual(4000);
    expect(String((spec as { title: string }).title)).toMatch(/10,000 points drawn as each of 1000 spans' lowest and highest/);
  });
});
