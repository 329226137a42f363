/**
 * Loads TensorFlow.js on first use only: `validate`, `graph` and fully cached runs never pay for
 * it. One load per process; the first call decides the backend.
 */
import { messages, SeqpipeError } from '@seqpipe/core';
import { DEFAULT_ORDER, forcedBackend } from './backend-preference.js';
import type { BackendName, Tf } from './tf-types.js';

export interface TfLoad {
  readonly tf: Tf;
  readonly backend: BackendName;
  /** Why this backend and not the first choice, e.g. "tfjs-node not installed; using wasm". */
  readonly note?: string;
  readonly loadMs: number;
}

let loading: Promise<TfLoad> | undefined;
let loaded: TfLoad | undefined;

/** The TensorFlow namespace with a backend ready. `preference` overrides SEQPIPE_BACKEND. */
export async function loadTf(preference?: BackendName): Promise<Tf> {
  return (await loadTfInfo(preference)).tf;
}

export function loadTfInfo(preference?: BackendName): Promise<TfLoad> {
  loading ??= load(preference).then(
    (result) => (loaded = result),
    (error: unknown) => {
      loading = undefined; // let a later call retry (e.g. after fixing SEQPIPE_BACKEND)
      throw error;
    },
  );
  return loading;
}

/** The loaded TensorFlow, or undefined if nothing in this process has needed it yet. */
export function loadedTf(): TfLoad | undefined {
  return loaded;
}

// CommonJS bundles: the default export is the whole module.exports object.
const namespaceOf = (mod: { default?: unknown }): Tf => (mod.default ?? mod) as Tf;

// Specifiers in variables: tfjs-node is optional, so TypeScript must not resolve it.
const TFJS_NODE = '@tensorflow/tfjs-node';

async function attempt(backend: BackendName): Promise<Tf> {
  if (backend === 'tensorflow') {
    // libtensorflow logs CPU-feature notices to stderr at load; keep the CLI's output ours.
    process.env.TF_CPP_MIN_LOG_LEVEL ??= '2';
    const tf = namespaceOf(await import(TFJS_NODE));
    if (tf.getBackend() !== 'tensorflow' && !(await tf.setBackend('tensorflow'))) {
      throw new Error('the tensorflow backend did not initialize');
    }
    return tf;
  }
  const tf = namespaceOf(await import('@tensorflow/tfjs'));
  // In Node the WASM backend reads its .wasm from its own dist folder (no setWasmPaths needed),
  // picks the SIMD binary and never threads (tfjs disables threads under Node): deterministic.
  if (backend === 'wasm') await import('@tensorflow/tfjs-backend-wasm');
  if (!(await tf.setBackend(backend))) throw new Error(`the ${backend} backend did not initialize`);
  return tf;
}

function reason(backend: BackendName, error: unknown): string {
  const code = (error as { code?: string }).code;
  if (backend === 'tensorflow' && code === 'ERR_MODULE_NOT_FOUND') return 'tfjs-node not installed';
  const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
  return `${backend === 'tensorflow' ? 'tfjs-node' : backend} failed to load (${message})`;
}

async function load(preference: BackendName | undefined): Promise<TfLoad> {
  const start = performance.now();
  const forced = preference ?? forcedBackend();
  const source = preference ? 'loadTf(preference)' : 'SEQPIPE_BACKEND';
  const failures: string[] = [];
  for (const backend of forced ? [forced] : DEFAULT_ORDER) {
    try {
      const tf = await attempt(backend);
      await tf.ready();
      // Production mode: no debug checks, and no "install tfjs-node" banner (we announce it ourselves).
      tf.enableProdMode();
      const note = forced
        ? `${backend} forced by ${source}`
        : failures.length
          ? `${failures.join('; ')}; using ${backend}`
          : undefined;
      return { tf, backend, loadMs: performance.now() - start, ...(note ? { note } : {}) };
    } catch (error) {
      failures.push(reason(backend, error));
    }
  }
  const hint = forced ? `; unset ${source} to fall back to another backend` : '';
  throw new SeqpipeError('E_BACKEND_UNAVAILABLE', messages.E_BACKEND_UNAVAILABLE(`${failures.join('; ')}${hint}`), {
    exitCode: 1,
  });
}
