/**
 * The three small matrix products a recurrent step needs, on row-major slices of flat float32
 * arrays, in plain JS: the reference the WASM SIMD versions (wasm/gemm.wat, used for training) are
 * tested against, and the signature they share (wasm/arena.ts). Arithmetic is float32: each product
 * is rounded (Math.fround) before it is added, and the sum rounds when stored (a float32 sum of two
 * float32 values computed in float64 then rounded is the float32 sum exactly), as f32x4 does.
 * Loops keep the innermost index contiguous in both operands (j over a weight row), which is what
 * lets V8 keep them tight; zero inputs are skipped (the initial state, dropped units). The WASM
 * kernels tile differently but add the same terms in the same order, so they equal these bit for bit.
 */

const fr = Math.fround;

/** out[b, j] += Σ_k x[b, k] · w[k, j] for b < rows, k < inner, j < n. */
export function mulAcc(
  rows: number, inner: number, n: number,
  x: Float32Array, xo: number, ldx: number,
  w: Float32Array, wo: number, ldw: number,
  out: Float32Array, oo: number, ldo: number,
): void {
  for (let b = 0; b < rows; b++) {
    const ob = oo + b * ldo;
    const xb = xo + b * ldx;
    for (let k = 0; k < inner; k++) {
      const v = x[xb + k];
      if (v === 0) continue;
      const wk = wo + k * ldw;
      for (let j = 0; j < n; j++) out[ob + j] += fr(v * w[wk + j]);
    }
  }
}

/** dw[k, j] += Σ_b x[b, k] · d[b, j]: a weight gradient. */
export function mulAccTransA(
  rows: number, inner: number, n: number,
  x: Float32Array, xo: number, ldx: number,
  d: Float32Array, dof: number, ldd: number,
  dw: Float32Array, wo: number, ldw: number,
): void {
  for (let b = 0; b < rows; b++) {
    const xb = xo + b * ldx;
    const db = dof + b * ldd;
    for (let k = 0; k < inner; k++) {
      const v = x[xb + k];
      if (v === 0) continue;
      const wk = wo + k * ldw;
      for (let j = 0; j < n; j++) dw[wk + j] += fr(v * d[db + j]);
    }
  }
}

/** dx[b, k] += Σ_j d[b, j] · w[k, j]: the gradient flowing back through a product. */
export function mulAccTransB(
  rows: number, inner: number, n: number,
  d: Float32Array, dof: number, ldd: number,
  w: Float32Array, wo: number, ldw: number,
  dx: Float32Array, xo: number, ldx: number,
): void {
  for (let b = 0; b < rows; b++) {
    const db = dof + b * ldd;
    const xb = xo + b * ldx;
    for (let k = 0; k < inner; k++) {
      const wk = wo + k * ldw;
      // Eight independent float32 sums (a single one is bound by the latency of each addition), in
      // the WASM kernel's lanes: (s0..s3) and (s4..s7) are its two vectors, added lane-wise, then
      // (l0 + l2) + (l1 + l3); the last n mod 8 terms follow one by one.
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
      let j = 0;
      for (; j + 7 < n; j += 8) {
        s0 = fr(s0 + fr(d[db + j] * w[wk + j]));
        s1 = fr(s1 + fr(d[db + j + 1] * w[wk + j + 1]));
        s2 = fr(s2 + fr(d[db + j + 2] * w[wk + j + 2]));
        s3 = fr(s3 + fr(d[db + j + 3] * w[wk + j + 3]));
        s4 = fr(s4 + fr(d[db + j + 4] * w[wk + j + 4]));
        s5 = fr(s5 + fr(d[db + j + 5] * w[wk + j + 5]));
        s6 = fr(s6 + fr(d[db + j + 6] * w[wk + j + 6]));
        s7 = fr(s7 + fr(d[db + j + 7] * w[wk + j + 7]));
      }
      let s = fr(fr(fr(s0 + s4) + fr(s2 + s6)) + fr(fr(s1 + s5) + fr(s3 + s7)));
      for (; j < n; j++) s = fr(s + fr(d[db + j] * w[wk + j]));
      dx[xb + k] += s;
    }
  }
}
