/**
 * Worker threads for ChunkedNetwork: each lays out the same arena over the network's shared WASM
 * memory (same sizes, same offsets) and, when told a batch is loaded, runs chunks t, t + N, … of it
 * (N threads, this one being t = 0). Two synchronisation points per optimizer step, through
 * Atomics on a small shared control array; data moves through the shared memory only.
 * The worker is this module itself, started again in a thread (in the CLI's bundle: the bundle).
 */
import { statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { CHUNK_ROWS, chunkNetworks, runChunk, type ChunkedNetwork, type ChunkRunner } from './chunked-network.js';
import type { FusedLayout } from './fused-factory.js';
import type { LossKind } from './fused-network.js';
import type { WasmMemory } from '../wasm/arena.js';
import { loadNativeProducts, type KernelKind } from '../native/native-products.js';

/** Control words: generation (bumped per step), workers done, batch size, failure, stop; then the mask slots' flags. */
const GEN = 0;
const DONE = 1;
const BATCH = 2;
const FAILED = 3;
const STOP = 4;
const FLAGS = 5;

interface WorkerSetup {
  readonly seqpipeChunkWorker: true;
  readonly layout: FusedLayout;
  readonly chunks: number;
  readonly memory: WasmMemory;
  readonly control: SharedArrayBuffer;
  readonly losses: SharedArrayBuffer;
  readonly thread: number;
  readonly threads: number;
  readonly kind: LossKind;
  readonly quantiles?: readonly number[];
  /** The main thread's kernels: a worker that cannot use the same ones fails, and its chunks run there. */
  readonly kernels: KernelKind;
  /** The code the main thread runs (codeStamp, and the native addon's stamp): a worker that loaded other code (a rebuild since) refuses. */
  readonly code: string;
}

/** This thread's code: the build stamp, and the native addon's when it uses the native kernels. */
const codeOf = (kernels: KernelKind): string => (kernels === 'native' ? `${CODE} native ${loadNativeProducts().stamp}` : CODE);

/** Most threads used: beyond a few, the chunk reduction and memory bandwidth eat the gain. */
export const MAX_THREADS = 8;

/**
 * The `threads` setting: the given value, else SEQPIPE_THREADS, else 1. One thread by default:
 * threads are opt-in while one unexplained divergence (one M4 run of nine at 2 threads) is
 * investigated; on one thread no step runs concurrently, and the chunks give the same bits.
 */
export function threadSetting(requested?: number): number {
  const env = Number(process.env.SEQPIPE_THREADS);
  const n = requested ?? (Number.isInteger(env) && env > 0 ? env : 1);
  return Math.max(1, Math.floor(n));
}

/**
 * Starts threads − 1 workers for `net` (at most one per chunk beyond this thread's) and resolves
 * once they are ready; with threads ≤ 1 or a single chunk, does nothing.
 */
export async function startChunkThreads(net: ChunkedNetwork, threads: number, kind: LossKind, quantiles?: readonly number[]): Promise<void> {
  const n = Math.min(threads, net.chunks.length);
  if (n <= 1) return;
  const control = new SharedArrayBuffer(4 * (FLAGS + net.maskSlots.length));
  const losses = new SharedArrayBuffer(8 * net.chunks.length);
  const ctl = new Int32Array(control);
  const workers: Worker[] = [];
  const ready: Promise<void>[] = [];
  let crashed: Error | undefined;
  for (let t = 1; t < n; t++) {
    const setup: WorkerSetup = {
      seqpipeChunkWorker: true, layout: net.layout, chunks: net.chunks.length, memory: net.memory, control, losses, thread: t, threads: n, kind, kernels: net.kernels, code: codeOf(net.kernels),
      ...(quantiles ? { quantiles } : {}),
    };
    const w = new Worker(workerScript(), { workerData: setup });
    w.unref();
    ready.push(new Promise((resolve, reject) => {
      w.once('message', () => resolve());
      w.once('error', (e) => { crashed = e; reject(e); });
    }));
    // Between steps only (a step holds this thread): a worker that died makes the next step fail over to this thread.
    w.on('error', (e) => { crashed = e; Atomics.store(ctl, FAILED, 1); });
    workers.push(w);
  }
  try {
    await Promise.all(ready);
  } catch (e) {
    await Promise.all(workers.map((w) => w.terminate()));
    throw e;
  }
  const shared = new Float64Array(losses);
  net.useRunner({
    run(B, chunks, flags, out) {
      if (Atomics.load(ctl, FAILED)) throw crashed ?? new Error('a training worker thread failed');
      for (let i = 0; i < flags.length; i++) ctl[FLAGS + i] = flags[i]!;
      Atomics.store(ctl, DONE, 0);
      Atomics.store(ctl, BATCH, B);
      Atomics.add(ctl, GEN, 1);
      Atomics.notify(ctl, GEN);
      for (let c = 0; c < chunks; c += n) out[c] = runChunk(net.chunks[c]!, c, B, kind, quantiles);
      // Every worker reports, also one whose chunk threw (it sets FAILED first): after this loop no
      // worker writes, so the caller may recompute the step on this thread.
      for (let d = Atomics.load(ctl, DONE); d < n - 1; d = Atomics.load(ctl, DONE)) Atomics.wait(ctl, DONE, d);
      if (Atomics.load(ctl, FAILED)) throw crashed ?? new Error('a training worker thread failed');
      for (let c = 0; c < chunks; c++) if (c % n !== 0) out[c] = shared[c]!;
    },
    async close() {
      Atomics.store(ctl, STOP, 1);
      Atomics.add(ctl, GEN, 1);
      Atomics.notify(ctl, GEN);
      await Promise.all(workers.map((w) => w.terminate()));
    },
  } satisfies ChunkRunner);
}

/**
 * Which build of this code a thread runs: the modification time and size of the built file the
 * worker loads (the CLI's bundle, or this package's tsconfig.tsbuildinfo, rewritten by every build
 * of it), read when this module loads. A worker is a new load from disk; if the files were rebuilt
 * or reinstalled since the process started, its chunks would be computed by other code than this
 * thread's, and the bits would depend on timing. Such a worker refuses, and the chunks run here.
 */
function codeStamp(): string {
  const script = workerScript();
  const candidates = script.pathname.endsWith('/chunk-threads.js') ? [new URL('../../tsconfig.tsbuildinfo', script), script] : [script];
  for (const url of candidates) {
    try {
      const s = statSync(fileURLToPath(url));
      return `${url.pathname}:${s.mtimeMs}:${s.size}`;
    } catch {
      // not there (an installed package has no tsbuildinfo): the next candidate
    }
  }
  return 'unknown';
}
const CODE = codeStamp();

/** This module as a script a Worker can run: the compiled .js beside the .ts when tests run the sources. */
function workerScript(): URL {
  const here = import.meta.url;
  return new URL(here.endsWith('.ts') ? here.replace('/src/', '/dist/').replace(/\.ts$/, '.js') : here);
}

function runWorker(s: WorkerSetup): void {
  const code = codeOf(s.kernels);
  if (s.code !== code) throw new Error(`this worker loaded other code than the main thread (${code}, not ${s.code}): rebuilt during the run`);
  const { nets } = chunkNetworks(s.layout, s.chunks, s.memory, s.kernels);
  const ctl = new Int32Array(s.control);
  const losses = new Float64Array(s.losses);
  const flags = ctl.subarray(FLAGS, FLAGS + (nets[0]?.maskSlots.length ?? 0));
  let gen = Atomics.load(ctl, GEN);
  // Posted before the loop below blocks this thread's event loop for good (it only waits on Atomics).
  parentPort?.postMessage('ready');
  for (;;) {
    Atomics.wait(ctl, GEN, gen);
    gen = Atomics.load(ctl, GEN);
    if (Atomics.load(ctl, STOP)) return;
    try {
      const B = Atomics.load(ctl, BATCH);
      for (let c = s.thread; c * CHUNK_ROWS < B; c += s.threads) {
        const net = nets[c]!;
        net.setMaskFlags(flags);
        losses[c] = runChunk(net, c, B, s.kind, s.quantiles);
      }
    } catch {
      Atomics.store(ctl, FAILED, 1);
    }
    Atomics.add(ctl, DONE, 1);
    Atomics.notify(ctl, DONE);
  }
}

const setup = workerData as Partial<WorkerSetup> | undefined;
if (!isMainThread && setup?.seqpipeChunkWorker) runWorker(setup as WorkerSetup);
