/**
 * The optional native kernels (packages/kernels/native/fused-kernels.cc: AVX-512), built by
 * `npm run setup-native`. When built and the CPU has AVX-512, the fused engine uses them for its
 * three matrix products (fused multiply-add, 4–5× the WASM products per core) and for tanh,
 * sigmoid, the LSTM/GRU gate steps, row copies, float32 sums and Adam (the WASM kernels'
 * operations in the same order, wider: the same bits); otherwise the WASM ones. The products round once per term where WASM rounds twice, so their bits differ:
 * which kernels ran is part of the numeric environment (the cache key and run.json), like the
 * TensorFlow backend. Both are deterministic and give the same bits for any thread count.
 * SEQPIPE_KERNELS=wasm forces the WASM kernels; SEQPIPE_KERNELS=native makes their absence an error.
 */
import { existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The products' signature after the memory: (rows, inner, n, a, lda, b, ldb, c, ldc), byte offsets and element strides. */
type Product = (memory: Uint8Array, rows: number, inner: number, n: number, a: number, lda: number, b: number, ldb: number, c: number, ldc: number) => void;

/** An elementwise step: (memory, then the WASM export's arguments, addresses as byte offsets). */
type Elementwise = (memory: Uint8Array, ...args: number[]) => void;

export interface NativeProducts {
  readonly mulAcc: Product;
  readonly mulAccTransA: Product;
  readonly mulAccTransB: Product;
  /** The elementwise steps of gemm.wat (tanh, sigmoid, the LSTM and GRU gate steps), the same bits, 16 or 8 lanes. */
  readonly tanh: Elementwise;
  readonly sigmoid: Elementwise;
  readonly activateRows: Elementwise;
  readonly lstmState: Elementwise;
  readonly lstmOut: Elementwise;
  readonly lstmBack: Elementwise;
  readonly gruReset: Elementwise;
  readonly gruOut: Elementwise;
  readonly gruBack: Elementwise;
  readonly gruBackReset: Elementwise;
  /** gemm.wat's copyRows and adam, and out = a + b in float32: the same bits, wider. */
  readonly copyRows: Elementwise;
  readonly adam: Elementwise;
  readonly addF32: Elementwise;
}

export type KernelKind = 'wasm' | 'native';

/** The numeric identity of the native kernels, in the cache key and the run record. */
export const NATIVE_KERNELS_ID = 'native-avx512-fma';

/**
 * Where setup-native puts the addon: native/build/ in the @seqpipe/kernels package, found through
 * the package's entry (this module may run from src/, dist/ or the CLI's bundle).
 */
export function nativeProductsPath(): string {
  try {
    return join(dirname(createRequire(import.meta.url).resolve('@seqpipe/kernels')), '..', 'native', 'build', 'fused-kernels.node');
  } catch {
    return fileURLToPath(new URL('../../native/build/fused-kernels.node', import.meta.url));
  }
}

interface Loaded {
  readonly products?: NativeProducts;
  readonly reason?: string;
  /** The addon file's modification time and size when this thread loaded it (worker threads compare theirs). */
  readonly stamp?: string;
}
let loaded: Loaded | undefined;

/** The addon, loaded once per thread; undefined (with the reason) when absent or unsupported here. */
export function loadNativeProducts(): Loaded {
  if (loaded) return loaded;
  const file = nativeProductsPath();
  if (!existsSync(file)) return (loaded = { reason: 'not built (npm run setup-native builds it)' });
  try {
    const { mtimeMs, size } = statSync(file);
    const addon = createRequire(import.meta.url)(file) as NativeProducts & { supported(): boolean };
    loaded = addon.supported() ? { products: addon, stamp: `${mtimeMs}:${size}` } : { reason: 'this CPU has no AVX-512' };
  } catch (e) {
    loaded = { reason: `cannot be loaded: ${(e as Error).message.split('\n')[0]}` };
  }
  return loaded;
}

/** Thrown for SEQPIPE_KERNELS=native when the native kernels cannot run here. */
export class NativeKernelsUnavailableError extends Error {
  constructor(readonly reason: string) {
    super(`SEQPIPE_KERNELS=native, but the native kernels are ${reason}`);
  }
}

/** The kernels this process trains with: SEQPIPE_KERNELS (wasm | native), else native where available. */
export function kernelKind(env: NodeJS.ProcessEnv = process.env): KernelKind {
  const asked = env.SEQPIPE_KERNELS;
  if (asked === 'wasm') return 'wasm';
  const { products, reason } = loadNativeProducts();
  if (asked === 'native' && !products) throw new NativeKernelsUnavailableError(reason ?? 'unavailable');
  return products ? 'native' : 'wasm';
}

/** The kernels' identity for the numeric environment: NATIVE_KERNELS_ID, or undefined for WASM (keys as before). */
export function kernelsIdentity(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return kernelKind(env) === 'native' ? NATIVE_KERNELS_ID : undefined;
}
