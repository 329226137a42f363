/**
 * The three small matrix products a recurrent step needs, on row-major slices of flat arrays, in
 * plain JS: the reference the WASM SIMD versions (wasm/gemm.wat, used for training) are tested
 * against, and the signature they share (wasm/arena.ts).
 * Loops keep the innermost index contiguous in both operands (j over a weight row), which is what
 * lets V8 keep them tight; zero inputs are skipped (the initial state, dropped units). The WASM
 * kernels tile differently but add the same terms in the same order, so they equal these bit for bit.
 */

/** out[b, j] += Σ_k x[b, k] · w[k, j] for b < rows, k < inner, j < n. */
export function mulAcc(
  rows: number, inner: number, n: number,
  x: Float64Array, xo: number, ldx: number,
  w: Float64Array, wo: number, ldw: number,
  out: Float64Array, oo: number, ldo: number,
): void {
  for (let b = 0; b < rows; b++) {
    const ob = oo + b * ldo;
    const xb = xo + b * ldx;
    for (let k = 0; k < inner; k++) {
      const v = x[xb + k];
      if (v === 0) continue;
      const wk = wo + k * ldw;
      for (let j = 0; j < n; j++) out[ob + j] += v * w[wk + j];
    }
  }
}

/** dw[k, j] += Σ_b x[b, k] · d[b, j]: a weight gradient. */
export function mulAccTransA(
  rows: number, inner: number, n: number,
  x: Float64Array, xo: number, ldx: number,
  d: Float64Array, dof: number, ldd: number,
  dw: Float64Array, wo: number, ldw: number,
): void {
  for (let b = 0; b < rows; b++) {
    const xb = xo + b * ldx;
    const db = dof + b * ldd;
    for (let k = 0; k < inner; k++) {
      const v = x[xb + k];
      if (v === 0) continue;
      const wk = wo + k * ldw;
      for (let j = 0; j < n; j++) dw[wk + j] += v * d[db + j];
    }
  }
}

/** dx[b, k] += Σ_j d[b, j] · w[k, j]: the gradient flowing back through a product. */
export function mulAccTransB(
  rows: number, inner: number, n: number,
  d: Float64Array, dof: number, ldd: number,
  w: Float64Array, wo: number, ldw: number,
  dx: Float64Array, xo: number, ldx: number,
): void {
  for (let b = 0; b < rows; b++) {
    const db = dof + b * ldd;
    const xb = xo + b * ldx;
    for (let k = 0; k < inner; k++) {
      const wk = wo + k * ldw;
      // Four independent sums (a single one is bound by the latency of each addition), in the
      // WASM kernel's lanes: (s0, s1) and (s2, s3) are its two vectors, added lane-wise then across;
      // the last n mod 4 terms follow one by one.
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      let j = 0;
      for (; j + 3 < n; j += 4) {
        s0 += d[db + j] * w[wk + j];
        s1 += d[db + j + 1] * w[wk + j + 1];
        s2 += d[db + j + 2] * w[wk + j + 2];
        s3 += d[db + j + 3] * w[wk + j + 3];
      }
      let s = (s0 + s2) + (s1 + s3);
      for (; j < n; j++) s += d[db + j] * w[wk + j];
      dx[xb + k] += s;
    }
  }
}
