import { describe, expect, it } from 'vitest';
import { forcedBackend } from './backend-preference.js';
import { loadTf, loadTfInfo, loadedTf } from './load-tf.js';
import { createNumericEnvironment } from './numeric-environment.js';
import { findPackage } from './package-probe.js';

describe('loadTf', () => {
  it('loads once per process and says why it fell back', async () => {
    const tf = await loadTf();
    expect(await loadTf()).toBe(tf);
    const info = await loadTfInfo();
    expect(loadedTf()).toBe(info);
    expect(tf.getBackend()).toBe(info.backend);
    if (!process.env.SEQPIPE_BACKEND && !findPackage('@tensorflow/tfjs-node')) {
      expect(info).toMatchObject({ backend: 'wasm', note: 'tfjs-node not installed; using wasm' });
    }
    // The environment now reports the live backend and its tensor count.
    const env = createNumericEnvironment('/nonexistent-state-dir');
    expect(await env.describe()).toMatchObject({ backend: info.backend });
    expect(env.tensorCount()).toBe(tf.memory().numTensors);
  });

  it('rejects an unknown SEQPIPE_BACKEND', () => {
    expect(() => forcedBackend({ SEQPIPE_BACKEND: 'gpu' })).toThrow(expect.objectContaining({ code: 'E_USAGE' }));
    expect(forcedBackend({ SEQPIPE_BACKEND: 'cpu' })).toBe('cpu');
    expect(forcedBackend({})).toBeUndefined();
  });
});
