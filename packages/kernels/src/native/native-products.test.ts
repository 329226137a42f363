/**
 * The native products (where `npm run setup-native` built them on a CPU with AVX-512): close to an
 * exact reference, and each output's sum in one fixed order whatever the tiling, which is what
 * makes their bits independent of shapes around them, of edges and of the thread count.
 * SEQPIPE_REQUIRE_NATIVE=1 (CI, after setup-native) turns "not built" into a failure.
 */
import { createRng } from '@seqpipe/core';
import { describe, expect, it } from 'vitest';
import { inArena, NATIVE_MIN_PRODUCT } from '../wasm/arena.js';
import { kernelKind, kernelsIdentity, loadNativeProducts, NATIVE_KERNELS_ID, NativeKernelsUnavailableError } from './native-products.js';

const { products, reason } = loadNativeProducts();
const need = (ctx: { skip(note?: string): void }): void => {
  if (products) return;
  // A CPU without AVX-512 cannot run them however well set up: that skips even where they are required.
  if (process.env.SEQPIPE_REQUIRE_NATIVE === '1' && reason !== 'this CPU has no AVX-512') throw new Error(`native kernels ${reason} (SEQPIPE_REQUIRE_NATIVE=1)`);
  ctx.skip(`native kernels ${reason}`);
};

type Product = 'mulAcc' | 'mulAccTransA' | 'mulAccTransB';

/** rows × inner × n operands for each product (row-major, leading dimension = width). */
function operands(rows: number, inner: number, n: number, seed: number) {
  const rng = createRng(seed);
  const fill = (a: Float32Array) => { for (let i = 0; i < a.length; i++) a[i] = rng.next() * 2 - 1; return a; };
  const { value, memory } = inArena((alloc) => ({
    x: alloc(rows * inner), w: alloc(inner * n), d: alloc(rows * n), wt: alloc(inner * n),
    out: alloc(rows * n), dw: alloc(inner * n), dx: alloc(rows * inner),
  }), undefined, undefined, 'native');
  fill(value.x); fill(value.w); fill(value.d); fill(value.wt); fill(value.out); fill(value.dw); fill(value.dx);
  // The addon's products themselves: the arena's wrappers leave products under NATIVE_MIN_PRODUCT to WASM.
  const bytes = new Uint8Array(memory.buffer);
  const call = (f: NonNullable<typeof products>['mulAcc']) =>
    (rows: number, inner: number, n: number, a: Float32Array, ao: number, lda: number, b: Float32Array, bo: number, ldb: number, c: Float32Array, co: number, ldc: number) =>
      f(bytes, rows, inner, n, a.byteOffset + 4 * ao, lda, b.byteOffset + 4 * bo, ldb, c.byteOffset + 4 * co, ldc);
  const gemm = { mulAcc: call(products!.mulAcc), mulAccTransA: call(products!.mulAccTransA), mulAccTransB: call(products!.mulAccTransB) };
  return { ...value, gemm };
}

/** The product in float64 from the same start, for a tolerance check. */
function reference(p: Product, o: ReturnType<typeof operands>, rows: number, inner: number, n: number): Float64Array {
  if (p === 'mulAcc') {
    const r = Float64Array.from(o.out);
    for (let b = 0; b < rows; b++) for (let k = 0; k < inner; k++) for (let j = 0; j < n; j++) r[b * n + j]! += o.x[b * inner + k]! * o.w[k * n + j]!;
    return r;
  }
  if (p === 'mulAccTransA') {
    const r = Float64Array.from(o.dw);
    for (let b = 0; b < rows; b++) for (let k = 0; k < inner; k++) for (let j = 0; j < n; j++) r[k * n + j]! += o.x[b * inner + k]! * o.d[b * n + j]!;
    return r;
  }
  const r = Float64Array.from(o.dx);
  for (let b = 0; b < rows; b++) for (let k = 0; k < inner; k++) for (let j = 0; j < n; j++) r[b * inner + k]! += o.d[b * n + j]! * o.wt[k * n + j]!;
  return r;
}

function apply(p: Product, o: ReturnType<typeof operands>, rows: number, inner: number, n: number, b0 = 0, b1 = rows, j0 = 0, j1 = n, k0 = 0, k1 = inner): Float32Array {
  // Sub-blocks: rows b0..b1 and columns j0..j1 of the output (mulAcc), k0..k1 × j0..j1 (transA), b0..b1 × k0..k1 (transB).
  if (p === 'mulAcc') o.gemm.mulAcc(b1 - b0, inner, j1 - j0, o.x, b0 * inner, inner, o.w, j0, n, o.out, b0 * n + j0, n);
  else if (p === 'mulAccTransA') o.gemm.mulAccTransA(rows, k1 - k0, j1 - j0, o.x, k0, inner, o.d, j0, n, o.dw, k0 * n + j0, n);
  else o.gemm.mulAccTransB(b1 - b0, k1 - k0, n, o.d, b0 * n, n, o.wt, k0 * n, n, o.dx, b0 * inner + k0, inner);
  return p === 'mulAcc' ? o.out : p === 'mulAccTransA' ? o.dw : o.dx;
}

const PRODUCTS: readonly Product[] = ['mulAcc', 'mulAccTransA', 'mulAccTransB'];
// Shapes around the tiles (8 rows × 48 columns, 6 × 64, 4 × 4 with 16-lane sums) and their edges.
const SHAPES: readonly [number, number, number][] = [[1, 1, 1], [3, 5, 7], [16, 129, 512], [17, 33, 47], [9, 64, 65], [32, 16, 17]];

describe('native products (AVX-512, fused multiply-add)', () => {
  for (const p of PRODUCTS) {
    it(`${p} is within float32 rounding of the float64 sum on every shape`, (ctx) => {
      need(ctx);
      for (const [rows, inner, n] of SHAPES) {
        const o = operands(rows, inner, n, rows * 1000 + n);
        const want = reference(p, o, rows, inner, n);
        const got = apply(p, o, rows, inner, n);
        const terms = p === 'mulAccTransA' ? rows : p === 'mulAcc' ? inner : n;
        for (let i = 0; i < got.length; i++) expect(Math.abs(got[i]! - want[i]!)).toBeLessThanOrEqual(2 ** -22 * (terms + 1) * (1 + Math.abs(want[i]!)));
      }
    });

    it(`${p} gives the same bits computed whole or in blocks (one order per output, whatever the tiles)`, (ctx) => {
      need(ctx);
      for (const [rows, inner, n] of SHAPES) {
        const whole = operands(rows, inner, n, 7);
        const parts = operands(rows, inner, n, 7);
        const a = Float32Array.from(apply(p, whole, rows, inner, n));
        // Odd cuts, so every block has other tile edges than the whole.
        const cut = (m: number): number[] => [0, Math.min(m, 3), Math.min(m, 11), m].filter((v, i, l) => i === 0 || v > l[i - 1]!);
        let b: Float32Array | undefined;
        if (p === 'mulAcc') for (const [b0, b1] of pairs(cut(rows))) for (const [j0, j1] of pairs(cut(n))) b = apply(p, parts, rows, inner, n, b0, b1, j0, j1);
        else if (p === 'mulAccTransA') for (const [k0, k1] of pairs(cut(inner))) for (const [j0, j1] of pairs(cut(n))) b = apply(p, parts, rows, inner, n, 0, rows, j0, j1, k0, k1);
        else for (const [b0, b1] of pairs(cut(rows))) for (const [k0, k1] of pairs(cut(inner))) b = apply(p, parts, rows, inner, n, b0, b1, 0, n, k0, k1);
        expect(Buffer.from(b!.buffer, b!.byteOffset, b!.byteLength).equals(Buffer.from(a.buffer, a.byteOffset, a.byteLength))).toBe(true);
      }
    });
  }

  it('tanh, sigmoid, the LSTM/GRU gate steps, row copies, sums and Adam equal the WASM kernels bit for bit', (ctx) => {
    need(ctx);
    // Odd widths (vector bodies and scalar tails), and each call over 256 values, so native code runs.
    const B = 9, U = 37;
    const make = (kind: 'wasm' | 'native') => {
      const rng = createRng(3);
      const arena = inArena((alloc) => ({
        a: alloc(B * 4 * U), y: alloc(B * 4 * U), c: alloc(3 * B * U), tc: alloc(B * U), h: alloc(B * U),
        dh: alloc(B * U), dc: alloc(B * U), dA: alloc(B * 4 * U), hp: alloc(B * U), rh: alloc(B * U), tmp: alloc(B * U), dhp: alloc(B * U),
      }), undefined, undefined, kind);
      const v = arena.value;
      // Pre-activations over the clamp, the tiny branch and ordinary values; gates in (0, 1).
      const edges = [0, -0, 1e-5, -3e-4, 7.9, -8, 40, -1e6];
      for (let i = 0; i < v.a.length; i++) v.a[i] = i < edges.length ? edges[i]! : (rng.next() - 0.5) * 20;
      for (const arr of [v.y, v.c, v.tc, v.dh, v.dc, v.hp, v.tmp, v.dhp]) for (let i = 0; i < arr.length; i++) arr[i] = rng.next() * 2 - 1;
      for (let i = 0; i < v.y.length; i++) v.y[i] = rng.next();
      return arena;
    };
    const run = (kind: 'wasm' | 'native') => {
      const { value: v, gemm, adam } = make(kind);
      const out: Float32Array[] = [];
      const snap = (...arrays: Float32Array[]) => out.push(...arrays.map((a) => Float32Array.from(a)));
      gemm.activate(1, v.a, 0, v.tc, 0, B * U); snap(v.tc);
      gemm.activate(2, v.a, 0, v.h, 0, B * U); snap(v.h);
      gemm.activateRows(2, B, 3 * U, v.a, 0, v.dA, 0, 4 * U); snap(v.dA);
      gemm.activateRows(1, B, U, v.a, 3 * U, v.dA, 3 * U, 4 * U); snap(v.dA);
      gemm.lstm!.state(B, U, v.y, 0, v.c, 0, B * U); snap(v.c);
      gemm.lstm!.out(B, U, v.y, 0, v.tc, v.h, 0); snap(v.h);
      gemm.lstm!.back(B, U, v.y, 0, v.c, 0, v.tc, 0, v.dh, v.dc, v.dA); snap(v.dc, v.dA);
      gemm.gru!.reset(B, U, v.y, 0, v.hp, v.rh, 0); snap(v.rh);
      gemm.gru!.out(B, U, v.y, 0, v.hp, 0, v.h, 0); snap(v.h);
      gemm.gru!.back(B, U, v.y, 0, v.hp, 0, v.dh, v.dA, v.dhp); snap(v.dA, v.dhp);
      gemm.gru!.backReset(B, U, v.y, 0, v.hp, 0, v.tmp, v.dA, v.dhp); snap(v.dA, v.dhp);
      gemm.copyRows(B, 2 * U, v.a, 3, 4 * U, v.rh, 0, 0); snap(v.rh);
      gemm.copyRows(3, B * U, v.dc, 0, 0, v.c, 0, B * U); snap(v.c);
      gemm.add(B * U, v.dh, 0, v.dhp, 0, v.tmp, 0); snap(v.tmp);
      // Adam: parameters in tc, gradients in dh, moments in hp and dhp (non-negative v), two steps.
      for (let i = 0; i < v.dhp.length; i++) v.dhp[i] = Math.abs(v.dhp[i]!);
      adam(v.tc, v.dh, v.hp, v.dhp, 0.003, 0.9, 0.999, 1 - 0.9, 1 - 0.999, 1e-7);
      adam(v.tc, v.dc, v.hp, v.dhp, 0.003, 0.9, 0.999, 1 - 0.81, 1 - 0.999 ** 2, 1e-7);
      snap(v.tc, v.hp, v.dhp);
      return out;
    };
    const wasm = run('wasm');
    const native = run('native');
    native.forEach((a, i) => expect(Buffer.from(a.buffer).equals(Buffer.from(wasm[i]!.buffer)), `step ${i}`).toBe(true));
  });

  it('the arena leaves products under NATIVE_MIN_PRODUCT multiply-adds to WASM (same bits), and takes native ones above', (ctx) => {
    need(ctx);
    const result = (kind: 'wasm' | 'native', rows: number, inner: number, n: number) => {
      const { value: v, gemm } = inArena((alloc) => ({ x: alloc(rows * inner), w: alloc(inner * n), out: alloc(rows * n) }), undefined, undefined, kind);
      const rng = createRng(5);
      for (const a of [v.x, v.w]) for (let i = 0; i < a.length; i++) a[i] = rng.next() - 0.5;
      gemm.mulAcc(rows, inner, n, v.x, 0, inner, v.w, 0, n, v.out, 0, n);
      return Buffer.from(Float32Array.from(v.out).buffer);
    };
    expect(1 * 50 * 50).toBeLessThan(NATIVE_MIN_PRODUCT); // the tutorial's recurrent product at batch 1
    expect(result('native', 1, 50, 50).equals(result('wasm', 1, 50, 50))).toBe(true);
    expect(16 * 50 * 200).toBeGreaterThanOrEqual(NATIVE_MIN_PRODUCT);
    expect(result('native', 16, 50, 200).equals(result('wasm', 16, 50, 200))).toBe(false);
  });

  it('SEQPIPE_KERNELS chooses them (native, else WASM) and names them in the numeric identity', (ctx) => {
    need(ctx);
    expect(kernelKind({})).toBe('native');
    expect(kernelsIdentity({})).toBe(NATIVE_KERNELS_ID);
    expect(kernelKind({ SEQPIPE_KERNELS: 'wasm' })).toBe('wasm');
    expect(kernelsIdentity({ SEQPIPE_KERNELS: 'wasm' })).toBeUndefined();
  });
});

describe('without native products', () => {
  it('SEQPIPE_KERNELS=native is an error naming why, and the default is WASM', (ctx) => {
    if (products) ctx.skip('the native kernels are built here');
    expect(kernelKind({})).toBe('wasm');
    expect(() => kernelKind({ SEQPIPE_KERNELS: 'native' })).toThrow(NativeKernelsUnavailableError);
  });
});

const pairs = (cuts: number[]): [number, number][] => cuts.slice(1).map((c, i) => [cuts[i]!, c]);
