import { SeqpipeError } from '@seqpipe/core';
import { BACKEND_NAMES, type BackendName } from './tf-types.js';

/**
 * Tried in this order unless one is forced. After the native backend, WASM before the pure-JS
 * CPU backend: measured here on the tutorial model at batch 1, WASM (SIMD, single thread) takes
 * ≈2.5 ms per training step and CPU ≈3.2 ms.
 */
export const DEFAULT_ORDER: readonly BackendName[] = ['tensorflow', 'wasm', 'cpu'];

/** The backend forced by SEQPIPE_BACKEND, if any. */
export function forcedBackend(env: NodeJS.ProcessEnv = process.env): BackendName | undefined {
  const value = env.SEQPIPE_BACKEND?.trim();
  if (!value) return undefined;
  if ((BACKEND_NAMES as readonly string[]).includes(value)) return value as BackendName;
  throw new SeqpipeError(
    'E_USAGE',
    `SEQPIPE_BACKEND="${value}" is not a backend; use one of ${BACKEND_NAMES.map((b) => `"${b}"`).join(', ')}`,
  );
}
