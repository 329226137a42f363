import { describe, expect, it } from 'vitest';
import { fieldColumn, readCell } from './cells.js';

describe('cells', () => {
  it('reads numbers, missing markers, infinities and text', () => {
    expect(readCell(' 1.5e3 ')).toEqual({ kind: 'number', value: 1500 });
    expect(readCell('-.5')).toEqual({ kind: 'number', value: -0.5 });
    for (const m of ['', '  ', 'NA', 'n/a', 'NaN', 'null', '#N/A']) expect(readCell(m)).toEqual({ kind: 'missing' });
    for (const inf of ['Inf', '-inf', 'Infinity', '1e999']) expect(readCell(inf)).toEqual({ kind: 'infinite' });
    for (const t of ['abc', '1,5', '12abc', '0x10']) expect(readCell(t)).toEqual({ kind: 'text' });
  });

  it('locates a field by character column, past quoted delimiters', () => {
    expect(fieldColumn('a,bb,c', 0, ',')).toBe(1);
    expect(fieldColumn('a,bb,c', 2, ',')).toBe(6);
    expect(fieldColumn('"x,""y",7,z', 1, ',')).toBe(9);
    expect(fieldColumn('a;b;', 2, ';')).toBe(5);
  });
});
