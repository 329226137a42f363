/**
 * Keras's default initializers, computed in plain JavaScript from our seeded Rng so weights
 * depend only on the seed (tfjs initializers draw from their own unseeded generator).
 * Matrices are row-major [rows, cols], as tfjs expects for a 2-D weight.
 */
import type { Rng } from '@seqpipe/core';

/** glorot_uniform: U(−l, l) with l = √(6 / (fanIn + fanOut)); fans of a [in, out] kernel. */
export function glorotUniform(rows: number, cols: number, rng: Rng): Float32Array {
  const limit = Math.sqrt(6 / (rows + cols));
  const out = new Float32Array(rows * cols);
  for (let i = 0; i < out.length; i++) out[i] = (2 * rng.next() - 1) * limit;
  return out;
}

/**
 * orthogonal (gain 1), as Keras does for the full [rows, cols] shape (a gated recurrent kernel
 * [units, k·units] included): QR of an n×m normal matrix (n = max, m = min), Q made unique by a
 * positive R diagonal, transposed when rows < cols. Modified Gram–Schmidt run twice yields that
 * same Q (positive diagonal by construction) and stays orthogonal to float64 precision.
 */
export function orthogonal(rows: number, cols: number, rng: Rng, gain = 1): Float32Array {
  const n = Math.max(rows, cols);
  const m = Math.min(rows, cols);
  // Column-major n×m; drawn in row-major order like Keras's random_normal(flat_shape).
  const q = new Float64Array(n * m);
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) q[j * n + i] = rng.normal();
  for (let j = 0; j < m; j++) {
    const col = q.subarray(j * n, (j + 1) * n);
    for (let pass = 0; pass < 2; pass++) {
      for (let k = 0; k < j; k++) {
        const prev = q.subarray(k * n, (k + 1) * n);
        let dot = 0;
        for (let i = 0; i < n; i++) dot += col[i] * prev[i];
        for (let i = 0; i < n; i++) col[i] -= dot * prev[i];
      }
    }
    let norm = 0;
    for (let i = 0; i < n; i++) norm += col[i] * col[i];
    norm = Math.sqrt(norm);
    for (let i = 0; i < n; i++) col[i] /= norm;
  }
  const out = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      // rows ≥ cols: W = Q (n = rows); rows < cols: W = Qᵀ (n = cols).
      out[r * cols + c] = gain * (rows >= cols ? q[c * n + r] : q[r * n + c]);
    }
  }
  return out;
}
