/**
 * Work memory for one network: every Float32Array the matrix products touch is a view into one
 * WebAssembly.Memory, sized up front (growing it would detach the views), so the SIMD kernels in
 * gemm.wat read and write them in place. `Gemm` has the same signature as the plain-JS reference
 * in network/gemm.ts; the WASM version turns (array, offset) pairs into byte addresses. The Adam
 * update runs there too (its square roots and divisions dominated a JS step once the products moved),
 * and so do tanh, sigmoid and the LSTM/GRU gate steps (Math.tanh/Math.exp and the gate loops were
 * next at batch 32); a module without those exports (a benchmark's baseline) gets the JS loops.
 */
import { activate, type ActivationCode } from '../network/activations.js';
import type { mulAcc } from '../network/gemm.js';
import { GEMM_WASM_BASE64 } from './gemm.wasm.js';
import { kernelKind, loadNativeProducts, type KernelKind, type NativeProducts } from '../native/native-products.js';

export interface Gemm {
  readonly mulAcc: typeof mulAcc;
  readonly mulAccTransA: typeof mulAcc;
  readonly mulAccTransB: typeof mulAcc;
  /**
   * activations.ts's `activate`, with tanh and sigmoid in WASM f32x4: bit-identical to its float32
   * tanhF32 and sigmoidF32 (the same operations in the same order; tests compare them on many inputs).
   */
  readonly activate: typeof activate;
  /** `activate` on rows r < rows of n values, ld apart in both a and y (one gate block of a batch). */
  activateRows(code: ActivationCode, rows: number, n: number, a: Float32Array, ao: number, y: Float32Array, yo: number, ld: number): void;
  /** dst[r, j] = src[r, j] (offsets and leading dimensions in elements); lds = 0 repeats one row. */
  copyRows(rows: number, n: number, src: Float32Array, so: number, lds: number, dst: Float32Array, dof: number, ldd: number): void;
  /** out[oo + i] = a[ao + i] + b[bo + i] for i < n, in float32 (as the same loop on Float32Arrays). */
  add(n: number, a: Float32Array, ao: number, b: Float32Array, bo: number, out: Float32Array, oo: number): void;
  /** The LSTM cell's elementwise steps (tanh activation, sigmoid recurrent one), absent from older module builds. */
  readonly lstm?: LstmKernels;
  readonly gru?: GruKernels;
}

/**
 * LSTM elementwise steps for rows b < B of units U, the same arithmetic as lstm.cell.ts's loops:
 * y (gates i, f, c, o, [B][4U]) from yo; c, tc, h, dh, dc, dA as in LayerBuffers, offsets in elements.
 */
export interface LstmKernels {
  /** c[out] = f∘c[prev] + i∘g. */
  state(B: number, U: number, y: Float32Array, yo: number, c: Float32Array, prev: number, out: number): void;
  /** h[out] = o∘tc[out]. */
  out(B: number, U: number, y: Float32Array, yo: number, tc: Float32Array, h: Float32Array, out: number): void;
  /** dA from dh and dc (which becomes ∂loss/∂c[t]). */
  back(B: number, U: number, y: Float32Array, yo: number, c: Float32Array, prev: number, tc: Float32Array, out: number,
    dh: Float32Array, dc: Float32Array, dA: Float32Array): void;
}

/** GRU elementwise steps, as gru.cell.ts's loops: y (gates z, r, h, [B][3U]) from yo; hp from ho. */
export interface GruKernels {
  /** rh[ho] = r∘hp[ho]. */
  reset(B: number, U: number, y: Float32Array, yo: number, hp: Float32Array, rh: Float32Array, ho: number): void;
  /** h[out] = z∘hp[ho] + (1 − z)∘hh. */
  out(B: number, U: number, y: Float32Array, yo: number, hp: Float32Array, ho: number, h: Float32Array, out: number): void;
  /** dA_z, dA_h and dhp from dh. */
  back(B: number, U: number, y: Float32Array, yo: number, hp: Float32Array, ho: number, dh: Float32Array, dA: Float32Array, dhp: Float32Array): void;
  /** dA_r from drh (in tmp); dhp += drh∘r. */
  backReset(B: number, U: number, y: Float32Array, yo: number, hp: Float32Array, ho: number, tmp: Float32Array, dA: Float32Array, dhp: Float32Array): void;
}

export type Allocate = (n: number) => Float32Array;

/** The Adam update in WASM: p, g, m, v in the arena; c1, c2 = 1 − β^t. Same arithmetic as the JS one. */
export type AdamKernel = (
  p: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array,
  lr: number, beta1: number, beta2: number, c1: number, c2: number, eps: number,
) => void;

interface GemmExports {
  mulAcc(rows: number, inner: number, n: number, a: number, lda: number, b: number, ldb: number, c: number, ldc: number): void;
  mulAccTransA: GemmExports['mulAcc'];
  mulAccTransB: GemmExports['mulAcc'];
  adam(n: number, p: number, g: number, m: number, v: number, lr: number, b1: number, b2: number, c1: number, c2: number, eps: number): void;
  /** Absent from older builds of the module (a benchmark's baseline). */
  sigmoid?(n: number, a: number, y: number): void;
  tanh?(n: number, a: number, y: number): void;
  activateRows?(code: number, rows: number, n: number, a: number, y: number, ld: number): void;
  copyRows?(rows: number, n: number, src: number, lds: number, dst: number, ldd: number): void;
  lstmState?(B: number, U: number, y: number, cp: number, c: number): void;
  lstmOut?(B: number, U: number, y: number, tc: number, h: number): void;
  lstmBack?(B: number, U: number, y: number, cp: number, tc: number, dh: number, dc: number, dA: number): void;
  gruReset?(B: number, U: number, y: number, hp: number, rh: number): void;
  gruOut?(B: number, U: number, y: number, hp: number, h: number): void;
  gruBack?(B: number, U: number, y: number, hp: number, dh: number, dA: number, dhp: number): void;
  gruBackReset?(B: number, U: number, y: number, hp: number, tmp: number, dA: number, dhp: number): void;
  /** out = a + b in float32: not in the WASM module; the native kernels add it. */
  addF32?(n: number, a: number, b: number, out: number): void;
}

/** A WebAssembly.Memory; shared (its buffer a SharedArrayBuffer), so worker threads can use it too. */
export interface WasmMemory { readonly buffer: ArrayBufferLike }

/** The part of the WebAssembly global used here (the project's TypeScript libs do not declare it). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
  Memory: new (descriptor: { initial: number; maximum?: number; shared?: boolean }) => WasmMemory;
}
const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

let compiled: object | undefined;
const gemmModule = (bytes?: Uint8Array): object =>
  (bytes ? new wasm.Module(bytes) : (compiled ??= new wasm.Module(Buffer.from(GEMM_WASM_BASE64, 'base64'))));

const EMPTY = new Float32Array(0);
/** Keeps every array 16-byte aligned for the 128-bit loads. */
const padded = (n: number): number => (n + 3) & ~3;

/**
 * Builds `make` twice: once to count the elements it asks for, then into one WASM memory.
 * `bytes`: another build of the module with the same exports (benchmarks compare kernel versions).
 * The memory is shared (a SharedArrayBuffer), so worker threads can run the same kernels on it.
 * `kernels`: WASM or native (native-products.ts; default the process's choice, WASM with
 * `bytes`): the native kernels replace the products, tanh and sigmoid, the gate steps, row copies
 * and Adam, each call under a size bound staying in WASM.
 */
export function inArena<T>(
  make: (alloc: Allocate) => T, bytes?: Uint8Array, shared?: WasmMemory, kernels?: KernelKind,
): { value: T; gemm: Gemm; adam: AdamKernel; memory: WasmMemory; kernels: KernelKind } {
  let total = 0;
  make((n) => { total += padded(n); return EMPTY; });
  const pages = Math.max(1, Math.ceil((total * 4) / 65536));
  // `shared`: a memory another thread laid out with the same `make` (same sizes, so the same offsets).
  const memory = shared ?? new wasm.Memory({ initial: pages, maximum: pages, shared: true });
  if (memory.buffer.byteLength < total * 4) throw new Error('the shared memory is smaller than this arena');
  const wasmExports = new wasm.Instance(gemmModule(bytes), { env: { memory } }).exports as unknown as GemmExports;
  const kind = kernels ?? (bytes ? 'wasm' : kernelKind());
  const native = kind === 'native' ? loadNativeProducts().products : undefined;
  if (kind === 'native' && !native) throw new Error(`native kernels asked for, but they are ${loadNativeProducts().reason}`);
  const e = native ? { ...wasmExports, ...nativeExports(native, memory, wasmExports) } : wasmExports;
  let offset = 0;
  const value = make((n) => {
    const view = new Float32Array(memory.buffer, offset * 4, n);
    offset += padded(n);
    return view;
  });
  const wrap = (f: GemmExports['mulAcc']): typeof mulAcc =>
    (rows, inner, n, a, ao, lda, b, bo, ldb, c, co, ldc) =>
      f(rows, inner, n, a.byteOffset + 4 * ao, lda, b.byteOffset + 4 * bo, ldb, c.byteOffset + 4 * co, ldc);
  const adam: AdamKernel = (p, g, m, v, lr, b1, b2, c1, c2, eps) =>
    e.adam(p.length, p.byteOffset, g.byteOffset, m.byteOffset, v.byteOffset, lr, b1, b2, c1, c2, eps);
  const { sigmoid, tanh } = e;
  const act: typeof activate = sigmoid && tanh
    ? (code, a, ao, y, yo, n) => {
      if (code === 1) tanh(n, a.byteOffset + 4 * ao, y.byteOffset + 4 * yo);
      else if (code === 2) sigmoid(n, a.byteOffset + 4 * ao, y.byteOffset + 4 * yo);
      else activate(code, a, ao, y, yo, n);
    }
    : activate;
  const rowsKernel = e.activateRows;
  const activateRows: Gemm['activateRows'] = (code, rows, n, a, ao, y, yo, ld) => {
    if (rowsKernel && (code === 1 || code === 2)) rowsKernel(code, rows, n, a.byteOffset + 4 * ao, y.byteOffset + 4 * yo, ld);
    else for (let r = 0; r < rows; r++) act(code, a, ao + r * ld, y, yo + r * ld, n);
  };
  const copy = e.copyRows;
  const copyRows: Gemm['copyRows'] = copy
    ? (rows, n, src, so, lds, dst, dof, ldd) => copy(rows, n, src.byteOffset + 4 * so, lds, dst.byteOffset + 4 * dof, ldd)
    : (rows, n, src, so, lds, dst, dof, ldd) => {
      for (let r = 0; r < rows; r++) for (let j = 0; j < n; j++) dst[dof + r * ldd + j] = src[so + r * lds + j];
    };
  const { lstmState, lstmOut, lstmBack } = e;
  const at = (a: Float32Array, o: number): number => a.byteOffset + 4 * o;
  const lstm: LstmKernels | undefined = lstmState && lstmOut && lstmBack ? {
    state: (B, U, y, yo, c, prev, out) => lstmState(B, U, at(y, yo), at(c, prev), at(c, out)),
    out: (B, U, y, yo, tc, h, out) => lstmOut(B, U, at(y, yo), at(tc, out), at(h, out)),
    back: (B, U, y, yo, c, prev, tc, out, dh, dc, dA) => lstmBack(B, U, at(y, yo), at(c, prev), at(tc, out), at(dh, 0), at(dc, 0), at(dA, 0)),
  } : undefined;
  const { gruReset, gruOut, gruBack, gruBackReset } = e;
  const gru: GruKernels | undefined = gruReset && gruOut && gruBack && gruBackReset ? {
    reset: (B, U, y, yo, hp, rh, ho) => gruReset(B, U, at(y, yo), at(hp, ho), at(rh, ho)),
    out: (B, U, y, yo, hp, ho, h, out) => gruOut(B, U, at(y, yo), at(hp, ho), at(h, out)),
    back: (B, U, y, yo, hp, ho, dh, dA, dhp) => gruBack(B, U, at(y, yo), at(hp, ho), at(dh, 0), at(dA, 0), at(dhp, 0)),
    backReset: (B, U, y, yo, hp, ho, tmp, dA, dhp) => gruBackReset(B, U, at(y, yo), at(hp, ho), at(tmp, 0), at(dA, 0), at(dhp, 0)),
  } : undefined;
  const { addF32 } = e;
  const add: Gemm['add'] = addF32 ? (n, a, ao, b, bo, out, oo) => addF32(n, at(a, ao), at(b, bo), at(out, oo)) : addLoop;
  const gemm = {
    mulAcc: wrap(e.mulAcc), mulAccTransA: wrap(e.mulAccTransA), mulAccTransB: wrap(e.mulAccTransB), activate: act, activateRows, copyRows, add,
    ...(lstm ? { lstm } : {}), ...(gru ? { gru } : {}),
  };
  return { value, gemm, adam, memory, kernels: kind };
}

/**
 * Products of fewer multiply-adds than this stay in WASM with the native kernels: a call into
 * native code costs about 0.1 µs more than one into WASM, more than such a product takes (a
 * batch-1 tutorial's products are all below it). Part of what the native kernels compute: a fixed
 * rule on the product's shape, so the same network always splits its products the same way.
 */
export const NATIVE_MIN_PRODUCT = 4096;
/** Elementwise steps over fewer values stay in WASM (the same bits either way; only speed). */
const NATIVE_MIN_ELEMENTS = 256;

function addLoop(n: number, a: Float32Array, ao: number, b: Float32Array, bo: number, out: Float32Array, oo: number): void {
  for (let i = 0; i < n; i++) out[oo + i] = a[ao + i]! + b[bo + i]!;
}

type Export = (...args: number[]) => void;

/**
 * The native kernels on this memory, with the WASM exports' signature (byte addresses), for the
 * exports they replace. Each call under its bound (products in multiply-adds, the rest in values,
 * read from the call's own arguments) goes to the WASM export instead (to a JS loop for addF32).
 * The products round differently from WASM's, so their bound is part of what the native kernels
 * compute; everything else gives the same bits either way.
 */
function nativeExports(native: NativeProducts, memory: WasmMemory, wasm: GemmExports): Partial<GemmExports> {
  const bytes = new Uint8Array(memory.buffer);
  const f32 = new Float32Array(memory.buffer);
  const small: Record<string, Export | undefined> = {
    ...(wasm as unknown as Record<string, Export>),
    addF32: (n, a, b, out) => addLoop(n, f32, a / 4, f32, b / 4, f32, out / 4),
  };
  const product = (a: number[]): number => a[0]! * a[1]! * a[2]!;
  const first = (a: number[]): number => a[0]!;
  const twoFirst = (a: number[]): number => a[0]! * a[1]!; // (rows, n) or (B, U)
  const bounds: Record<keyof NativeProducts, [(args: number[]) => number, number]> = {
    mulAcc: [product, NATIVE_MIN_PRODUCT], mulAccTransA: [product, NATIVE_MIN_PRODUCT], mulAccTransB: [product, NATIVE_MIN_PRODUCT],
    tanh: [first, NATIVE_MIN_ELEMENTS], sigmoid: [first, NATIVE_MIN_ELEMENTS], adam: [first, NATIVE_MIN_ELEMENTS], addF32: [first, NATIVE_MIN_ELEMENTS],
    activateRows: [(a) => a[1]! * a[2]!, NATIVE_MIN_ELEMENTS], copyRows: [twoFirst, NATIVE_MIN_ELEMENTS],
    lstmState: [twoFirst, NATIVE_MIN_ELEMENTS], lstmOut: [twoFirst, NATIVE_MIN_ELEMENTS], lstmBack: [twoFirst, NATIVE_MIN_ELEMENTS],
    gruReset: [twoFirst, NATIVE_MIN_ELEMENTS], gruOut: [twoFirst, NATIVE_MIN_ELEMENTS], gruBack: [twoFirst, NATIVE_MIN_ELEMENTS],
    gruBackReset: [twoFirst, NATIVE_MIN_ELEMENTS],
  };
  return Object.fromEntries(Object.entries(bounds).flatMap(([name, [size, bound]]) => {
    const f = native[name as keyof NativeProducts] as (memory: Uint8Array, ...args: number[]) => void;
    const s = small[name];
    return s ? [[name, (...args: number[]) => (size(args) < bound ? s(...args) : f(bytes, ...args))]] : [];
  }));
}

/** Arrays a network lays out: at least its parameters. */
export interface NetworkArena<T extends { readonly params: Float32Array }> {
  readonly arrays: T;
  readonly gemm: Gemm;
  readonly adam: AdamKernel;
}

/**
 * A network's arrays, kernels and Adam: `arena` when given (a chunk of a ChunkedNetwork, laid out
 * in shared memory), else a new arena from `make`; `params` (when given) copied in after a size check.
 */
export function networkArena<T extends { readonly params: Float32Array }>(
  size: number, params: ArrayLike<number> | undefined, make: (alloc: Allocate) => T, kernels?: Uint8Array, arena?: NetworkArena<T>,
): { value: T; gemm: Gemm; adam: AdamKernel } {
  const built = arena ? { value: arena.arrays, gemm: arena.gemm, adam: arena.adam } : inArena(make, kernels);
  if (params !== undefined) {
    if (params.length !== size) throw new Error(`expected ${size} parameters, got ${params.length}`);
    built.value.params.set(params);
  }
  return built;
}
