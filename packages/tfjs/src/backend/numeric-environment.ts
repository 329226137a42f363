/**
 * The numeric environment for cache keys and run records. `describe()` must stay cheap on a fully
 * cached run, so the backend a load would pick is remembered in `<stateDir>/backend.json`, keyed
 * by a fingerprint of everything that decides it. When that is stale, the fingerprint usually
 * decides the backend by itself (`predictBackend`); only otherwise does a probe load TensorFlow.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { messages, SeqpipeError, writeAtomic, type NumericEnvironment } from '@seqpipe/core';
import { kernelsIdentity, NativeKernelsUnavailableError } from '@seqpipe/kernels';
import { loadTfInfo, loadedTf } from './load-tf.js';
import { backendFingerprint, predictBackend, tfjsCoreVersion } from './package-probe.js';

export interface BackendProbe {
  readonly backend: string;
  readonly note?: string;
}

export interface NumericEnvironmentOptions {
  /** Loads TensorFlow and reports the backend; injectable so tests can prove it is not called. */
  readonly load?: () => Promise<BackendProbe>;
  /** The live load in this process, if any. */
  readonly live?: () => BackendProbe | undefined;
  /** The backend the fingerprint alone decides, if it does (injectable like `load`). */
  readonly predict?: (fingerprint: Record<string, string>) => BackendProbe | undefined;
  readonly env?: NodeJS.ProcessEnv;
}

export type TfjsNumericEnvironment = NumericEnvironment & {
  /** Why the first-choice backend was not used (for the CLI and the run record). */
  fallbackNote(): string | undefined;
  /** The backend TensorFlow loaded with in this process, once it has (what computed on tfjs). */
  loadedBackend(): { backend: string; tfjs: string; fallbackNote?: string } | undefined;
};

const PROBE_FORMAT = 1;

interface ProbeFile extends BackendProbe {
  readonly format: number;
  readonly fingerprint: Record<string, string>;
}

export function createNumericEnvironment(stateDir: string, options: NumericEnvironmentOptions = {}): TfjsNumericEnvironment {
  const file = join(stateDir, 'backend.json');
  const load = options.load ?? (async () => loadTfInfo());
  const live = options.live ?? loadedTf;
  const predict = options.predict ?? predictBackend;
  let known: BackendProbe | undefined;
  let pending: Promise<BackendProbe> | undefined;

  function probe(): Promise<BackendProbe> {
    const current = live();
    if (current) {
      // The load disagrees with the remembered probe (it failed this time): remember the truth.
      if (known && known.backend !== current.backend) void remember(current).catch(() => undefined);
      known = current;
      return Promise.resolve(current);
    }
    // One probe however many stages ask at once; a failed one may be retried.
    pending ??= fromFileOrLoad().then(
      (p) => (known = p),
      (error: unknown) => {
        pending = undefined;
        throw error;
      },
    );
    return pending;
  }

  async function fromFileOrLoad(): Promise<BackendProbe> {
    const fingerprint = backendFingerprint(options.env);
    const cached = await readProbe(file);
    if (cached && cached.format === PROBE_FORMAT && sameFingerprint(cached.fingerprint, fingerprint)) return cached;
    const fresh = predict(fingerprint) ?? (await load());
    await remember(fresh, fingerprint);
    return fresh;
  }

  async function remember(p: BackendProbe, fingerprint = backendFingerprint(options.env)): Promise<void> {
    const record: ProbeFile = { format: PROBE_FORMAT, backend: p.backend, ...(p.note ? { note: p.note } : {}), fingerprint };
    // A read-only state dir must not fail the run: the probe is only an optimization.
    await writeAtomic(file, `${JSON.stringify(record, null, 2)}\n`, join(dirname(file), 'tmp')).catch(() => undefined);
  }

  return {
    async describe() {
      const { backend } = await probe();
      // The fused engine's products (native-products.ts): absent for WASM, so those keys are unchanged.
      const kernels = fusedKernels();
      return { backend, tfjs: tfjsCoreVersion(), ...(kernels ? { kernels } : {}) };
    },
    tensorCount() {
      return loadedTf()?.tf.memory().numTensors;
    },
    fallbackNote() {
      return (live() ?? known)?.note;
    },
    loadedBackend() {
      const current = live();
      return current && { backend: current.backend, tfjs: tfjsCoreVersion(), ...(current.note ? { fallbackNote: current.note } : {}) };
    },
  };
}

/**
 * kernelsIdentity of this process (what its arenas use: process.env, not `options.env`), with
 * SEQPIPE_KERNELS=native on a machine without them a coded error.
 */
function fusedKernels(): string | undefined {
  try {
    return kernelsIdentity();
  } catch (e) {
    if (e instanceof NativeKernelsUnavailableError) throw new SeqpipeError('E_KERNELS_UNAVAILABLE', messages.E_KERNELS_UNAVAILABLE(e.reason), { exitCode: 1 });
    throw e;
  }
}

async function readProbe(file: string): Promise<ProbeFile | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as ProbeFile;
  } catch {
    return undefined; // missing or corrupt: probe again
  }
}

function sameFingerprint(a: Record<string, string> | undefined, b: Record<string, string>): boolean {
  if (!a) return false;
  const keys = Object.keys(b);
  return keys.length === Object.keys(a).length && keys.every((k) => a[k] === b[k]);
}
