import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createNumericEnvironment } from './numeric-environment.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'seqpipe-env-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const env = { SEQPIPE_BACKEND: '' };
const noLive = () => undefined;
const mustNotLoad = () => Promise.reject(new Error('TensorFlow must not be loaded'));
// The fingerprint decides nothing: only a load can tell (tfjs-node installed).
const unsure = () => undefined;

describe('createNumericEnvironment', () => {
  it('probes once, then trusts backend.json while the fingerprint matches', async () => {
    const load = vi.fn(async () => ({ backend: 'wasm', note: 'tfjs-node not installed; using wasm' }));
    const first = createNumericEnvironment(dir, { load, live: noLive, predict: unsure, env });
    expect(await first.describe()).toEqual({ backend: 'wasm', tfjs: '4.22.0' });
    expect(load).toHaveBeenCalledTimes(1);
    const stored = JSON.parse(await readFile(join(dir, 'backend.json'), 'utf8'));
    expect(stored).toMatchObject({ backend: 'wasm', fingerprint: { node: process.version, SEQPIPE_BACKEND: '' } });

    // A fresh process (a fresh environment object) answers from the file, without TensorFlow.
    const second = createNumericEnvironment(dir, { load: mustNotLoad, live: noLive, env });
    expect(await second.describe()).toEqual({ backend: 'wasm', tfjs: '4.22.0' });
    expect(second.fallbackNote()).toBe('tfjs-node not installed; using wasm');
    expect(second.tensorCount()).toBeUndefined();
  });

  it('probes again when the fingerprint changes or the file is corrupt', async () => {
    await createNumericEnvironment(dir, { load: async () => ({ backend: 'wasm' }), live: noLive, predict: unsure, env }).describe();
    const forced = vi.fn(async () => ({ backend: 'cpu' }));
    expect(await createNumericEnvironment(dir, { load: forced, live: noLive, predict: unsure, env: { SEQPIPE_BACKEND: 'cpu' } }).describe())
      .toMatchObject({ backend: 'cpu' });
    expect(forced).toHaveBeenCalledTimes(1);

    await writeFile(join(dir, 'backend.json'), '{ not json');
    const again = vi.fn(async () => ({ backend: 'wasm' }));
    await createNumericEnvironment(dir, { load: again, live: noLive, predict: unsure, env }).describe();
    expect(again).toHaveBeenCalledTimes(1);
  });

  it('on a fresh state dir, takes the backend the fingerprint decides without loading TensorFlow', async () => {
    const e = createNumericEnvironment(dir, { load: mustNotLoad, live: noLive, env: { SEQPIPE_BACKEND: 'cpu' } });
    expect(await e.describe()).toMatchObject({ backend: 'cpu' });
    expect(e.fallbackNote()).toBe('cpu forced by SEQPIPE_BACKEND');
    expect(JSON.parse(await readFile(join(dir, 'backend.json'), 'utf8'))).toMatchObject({ backend: 'cpu' });
  });

  it('reports the loaded backend once TensorFlow is live in this process', async () => {
    const live = () => ({ backend: 'cpu', note: 'cpu forced by SEQPIPE_BACKEND' });
    const e = createNumericEnvironment(dir, { load: mustNotLoad, live, env });
    expect(await e.describe()).toMatchObject({ backend: 'cpu' });
    expect(e.fallbackNote()).toBe('cpu forced by SEQPIPE_BACKEND');
  });

  it('corrects backend.json when the live load disagrees with it', async () => {
    await createNumericEnvironment(dir, { load: async () => ({ backend: 'wasm' }), live: noLive, predict: unsure, env }).describe();
    let loaded: { backend: string } | undefined;
    const e = createNumericEnvironment(dir, { load: mustNotLoad, live: () => loaded, env });
    expect(await e.describe()).toMatchObject({ backend: 'wasm' }); // from the file
    loaded = { backend: 'cpu' }; // the real load fell back this time
    expect(await e.describe()).toMatchObject({ backend: 'cpu' });
    await vi.waitFor(async () => {
      expect(JSON.parse(await readFile(join(dir, 'backend.json'), 'utf8'))).toMatchObject({ backend: 'cpu' });
    });
  });
});
