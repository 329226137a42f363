import { readFileSync } from 'node:fs';
import { createRng } from '@seqpipe/core';
import { describe, expect, it } from 'vitest';
import { compileGemmWat } from '../../scripts/compile-wat.mjs';
import { gemmWat } from '../../scripts/gemm-wat.mjs';
import { sigmoidF32, tanhF32 } from '../network/activations.js';
import { mulAcc, mulAccTransA, mulAccTransB } from '../network/gemm.js';
import { inArena } from './arena.js';
import { GEMM_WASM_BASE64 } from './gemm.wasm.js';

type Product = typeof mulAcc;
const SIZES = [1, 2, 3, 4, 5, 7, 9, 13];

/** Every element identical, −0 and NaN included (toBe uses Object.is). The arena holds float32. */
function expectSame(actual: Float32Array, expected: Float32Array): void {
  const first = actual.findIndex((v, i) => !Object.is(v, expected[i]));
  expect(first === -1 ? 'identical' : `differ at ${first}: ${actual[first]} vs ${expected[first]}`).toBe('identical');
}

describe('WASM SIMD matrix products', () => {
  it('gemm.wat is the generator\'s output and the embedded module is it compiled (run scripts/build-wasm.mjs)', async () => {
    const wat = readFileSync(new URL('./gemm.wat', import.meta.url), 'utf8');
    expect(wat).toBe(gemmWat());
    expect(Buffer.from(await compileGemmWat(wat)).toString('base64')).toBe(GEMM_WASM_BASE64);
  });

  // The WASM products (the native ones, where built, round differently: native-products.test.ts).
  const { value: [a, b, c, ref], gemm } = inArena((alloc) => [alloc(32 * 17), alloc(32 * 17), alloc(32 * 17), alloc(32 * 17)], undefined, undefined, 'wasm');
  const fill = (seed: number, zeros: number): void => {
    const rng = createRng(seed);
    for (const arr of [a, b, c]) for (let i = 0; i < arr.length; i++) arr[i] = rng.next() - 0.5;
    // Zeros in the left operand: single ones, and a whole row and a whole column of it.
    for (let i = 0; i < a.length; i += zeros) a[i] = 0;
    for (let i = 0; i < 17; i++) { a[3 * 17 + i] = 0; a[i * 17 + 2] = 0; }
  };
  /** Runs the WASM product and the JS one on the same operands; the outputs must be identical. */
  const same = (wasm: Product, js: Product, rows: number, inner: number, n: number, ld = 17, offset = 1): void => {
    ref.set(c);
    wasm(rows, inner, n, a, offset, ld, b, 2, ld, c, 3, ld);
    js(rows, inner, n, a, offset, ld, b, 2, ld, ref, 3, ld);
    expectSame(c, ref);
  };

  it('equal the plain-JS reference bit for bit on every shape up to 13, tile remainders included', () => {
    fill(1, 5);
    for (const rows of SIZES) for (const inner of SIZES) for (const n of SIZES) {
      same(gemm.mulAcc, mulAcc, rows, inner, n);
      same(gemm.mulAccTransA, mulAccTransA, rows, inner, n);
      same(gemm.mulAccTransB, mulAccTransB, rows, inner, n);
    }
  });

  it('equal it on contiguous operands (leading dimension = width) and with no terms', () => {
    fill(2, 3);
    for (const [rows, inner, n] of [[32, 10, 13], [9, 16, 16], [16, 9, 12], [4, 1, 8], [5, 0, 7]] as const) {
      for (const [w, j] of [[gemm.mulAcc, mulAcc], [gemm.mulAccTransA, mulAccTransA], [gemm.mulAccTransB, mulAccTransB]] as const) {
        ref.set(c);
        const ld = Math.max(inner, n);
        w(rows, inner, n, a, 0, ld, b, 0, ld, c, 0, ld);
        j(rows, inner, n, a, 0, ld, b, 0, ld, ref, 0, ld);
        expectSame(c, ref);
      }
    }
  });

  it('skip zero inputs exactly as the reference: −0 sums stay −0, 0·∞ adds nothing', () => {
    fill(3, 4);
    // Outputs that start at −0 and receive only zero terms (the reference adds none of them).
    a.fill(0);
    c.fill(-0);
    same(gemm.mulAcc, mulAcc, 7, 5, 9);
    same(gemm.mulAccTransA, mulAccTransA, 7, 5, 9);
    expect(Object.is(c[3], -0)).toBe(true);
    // An infinite weight times a zero input: skipped by the reference, so no NaN.
    fill(4, 2);
    b[2 + 17 * 2 + 1] = Infinity;
    b[2 + 17 * 4 + 6] = -Infinity;
    for (let i = 0; i < 17; i++) { a[1 + i * 17 + 2] = 0; a[1 + i * 17 + 4] = 0; a[1 + 2 * 17 + i] = 0; a[1 + 4 * 17 + i] = 0; }
    same(gemm.mulAcc, mulAcc, 7, 6, 9);
    same(gemm.mulAccTransA, mulAccTransA, 6, 7, 9);
    expect(c.some((v) => Number.isNaN(v))).toBe(false);
  });
});

describe('WASM tanh and sigmoid (float32)', () => {
  const rng = createRng(5);
  const special = [0, -0, 1, -1, 2, -2, 2 ** -29, -(2 ** -29), 2 ** -28, 2 ** -27, 0.5 * Math.LN2, -0.5 * Math.LN2, 0.25 * Math.LN2, 0.75 * Math.LN2,
    0.34657359028, 1.03972077084, -1.0397205352783203, 1.0397205352783203, 0.9999999999999999, 1.0000000000000002, 7, 13.86, 19.4, -19.5, 21.99, 22,
    -22, 30, 511.9, -511.9, 512, -512, 700, -709.5, 745.2, -745.2, 800, Infinity, -Infinity, NaN, 5e-324, 1e-300, 36.7, -36.7];
  const values = [...special];
  for (const scale of [1e-9, 1e-4, 0.3, 1, 2, 4, 12, 24, 40, 700]) for (let i = 0; i < 20000; i++) values.push((rng.next() * 2 - 1) * scale);
  const { value: [a, y], gemm } = inArena((alloc) => [alloc(values.length + 1), alloc(values.length + 1)]);
  a.set(values);
  const check = (code: 1 | 2, f: (v: number) => number): void => {
    for (const [from, n] of [[0, values.length], [3, 7], [0, 1]] as const) {
      y.fill(7);
      gemm.activate(code, a, from, y, from + 1, n);
      expectSame(y, Float32Array.from({ length: y.length }, (_, i) => (i > from && i <= from + n ? f(a[i - 1]!) : 7)));
    }
  };

  it('tanh equals the float32 JS reference bit for bit, vector lanes and scalar tail', () => check(1, tanhF32));
  it('sigmoid equals the float32 JS reference bit for bit', () => check(2, sigmoidF32));
  it('both stay within 4e-7 of the exact functions (tfjs parity needs 1e-5)', () => {
    let worst = 0;
    for (const v of values) {
      const x = Math.fround(v);
      if (!Number.isFinite(x)) continue;
      worst = Math.max(worst, Math.abs(tanhF32(x) - Math.tanh(x)), Math.abs(sigmoidF32(x) - 1 / (1 + Math.exp(-x))));
    }
    expect(worst).toBeLessThan(4e-7);
  });
});
