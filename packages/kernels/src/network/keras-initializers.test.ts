import { createRng } from '@seqpipe/core';
import { describe, expect, it } from 'vitest';
import { glorotUniform, orthogonal } from './keras-initializers.js';

/** Max |A·Aᵀ − I| over the rows (byRows) or |Aᵀ·A − I| over the columns. */
function orthogonalityError(w: Float32Array, rows: number, cols: number, byRows: boolean): number {
  const [outer, inner] = byRows ? [rows, cols] : [cols, rows];
  const at = (o: number, i: number): number => (byRows ? w[o * cols + i] : w[i * cols + o]);
  let worst = 0;
  for (let a = 0; a < outer; a++) {
    for (let b = 0; b < outer; b++) {
      let dot = 0;
      for (let i = 0; i < inner; i++) dot += at(a, i) * at(b, i);
      worst = Math.max(worst, Math.abs(dot - (a === b ? 1 : 0)));
    }
  }
  return worst;
}

describe('orthogonal', () => {
  it.each([
    [8, 8, true],
    [6, 18, true], // a GRU recurrent kernel [units, 3·units]: orthonormal rows, as Keras
    [5, 20, true], // LSTM [units, 4·units]
    [12, 4, false], // tall: orthonormal columns
  ])('%i×%i is orthogonal', (rows, cols, byRows) => {
    const w = orthogonal(rows, cols, createRng(3));
    expect(orthogonalityError(w, rows, cols, byRows)).toBeLessThan(1e-6);
  });

  it('is a function of the seed', () => {
    expect(orthogonal(4, 12, createRng(9))).toEqual(orthogonal(4, 12, createRng(9)));
    expect(orthogonal(4, 12, createRng(9))).not.toEqual(orthogonal(4, 12, createRng(10)));
  });
});

describe('glorotUniform', () => {
  it('stays within ±√(6 / (fanIn + fanOut)) and is seeded', () => {
    const w = glorotUniform(10, 50, createRng(1));
    const limit = Math.sqrt(6 / 60);
    expect(Math.max(...w.map(Math.abs))).toBeLessThanOrEqual(limit);
    expect(Math.max(...w.map(Math.abs))).toBeGreaterThan(limit * 0.9);
    expect(glorotUniform(10, 50, createRng(1))).toEqual(w);
  });
});
