import { readFileSync } from 'node:fs';
import { createRng } from '@seqpipe/core';
import { describe, expect, it } from 'vitest';
import { compileGemmWat } from '../../scripts/compile-wat.mjs';
import { mulAcc, mulAccTransA, mulAccTransB } from '../network/gemm.js';
import { inArena } from './arena.js';
import { GEMM_WASM_BASE64 } from './gemm.wasm.js';

describe('WASM SIMD matrix products', () => {
  it('the embedded module is gemm.wat compiled (run scripts/build-wasm.mjs after editing it)', async () => {
    const wat = readFileSync(new URL('./gemm.wat', import.meta.url), 'utf8');
    expect(Buffer.from(await compileGemmWat(wat)).toString('base64')).toBe(GEMM_WASM_BASE64);
  });

  it('equal the plain-JS reference on odd sizes, strides and offsets', () => {
    const rng = createRng(1);
    const { value: [a, b, c1], gemm } = inArena((alloc) => [alloc(7 * 13), alloc(13 * 11), alloc(7 * 12)]);
    for (const arr of [a, b, c1]) for (let i = 0; i < arr.length; i++) arr[i] = rng.next() - 0.5;
    a[5] = 0; // the zero-skip path
    const c2 = Float64Array.from(c1);
    const check = (f: typeof mulAcc, g: typeof mulAcc, exact: boolean, ...args: Parameters<typeof mulAcc>) => {
      c2.set(c1);
      f(...args);
      g(...(args.map((x) => (x === c1 ? c2 : x)) as Parameters<typeof mulAcc>));
      for (let i = 0; i < c1.length; i++) {
        if (exact) expect(c1[i]).toBe(c2[i]);
        else expect(Math.abs(c1[i]! - c2[i]!)).toBeLessThan(1e-13);
      }
    };
    // out[b, j] += Σ_k a[b, k] b[k, j]: 3 rows, 5 inner, 7 columns, from offset 1 with strides.
    check(gemm.mulAcc, mulAcc, true, 3, 5, 7, a, 1, 13, b, 2, 11, c1, 3, 12);
    check(gemm.mulAccTransA, mulAccTransA, true, 3, 5, 7, a, 1, 13, b, 2, 11, c1, 3, 12);
    // Four-way sums in WASM, one-by-four in JS: equal to rounding.
    check(gemm.mulAccTransB, mulAccTransB, false, 3, 5, 9, a, 1, 13, b, 2, 11, c1, 3, 12);
  });
});
