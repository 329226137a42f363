import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backendFingerprint, bindingStamp, predictBackend } from './package-probe.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'seqpipe-probe-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('bindingStamp', () => {
  it('is absent without the package or without a built binding', async () => {
    expect(bindingStamp(undefined)).toBe('absent');
    expect(bindingStamp(dir)).toBe('absent');
    await mkdir(join(dir, 'lib', 'napi-v8'), { recursive: true });
    expect(bindingStamp(dir)).toBe('absent');
  });

  it('changes when the binding is built or rebuilt in place', async () => {
    const binding = join(dir, 'lib', 'napi-v8', 'tfjs_binding.node');
    await mkdir(join(dir, 'lib', 'napi-v8'), { recursive: true });
    await writeFile(binding, 'first build');
    const built = bindingStamp(dir);
    expect(built).toMatch(/^napi-v8:11:\d+$/);
    await writeFile(binding, 'second build!');
    await utimes(binding, new Date(), new Date(Date.now() + 5000));
    expect(bindingStamp(dir)).not.toBe(built);
  });
});

describe('backendFingerprint', () => {
  it('names the binding next to the package, so a setup-native build refreshes the probe', () => {
    expect(backendFingerprint({})).toHaveProperty('tfjsNodeBinding');
    expect(backendFingerprint({ SEQPIPE_BACKEND: 'cpu' })).toMatchObject({ SEQPIPE_BACKEND: 'cpu' });
  });
});

describe('predictBackend', () => {
  const fp = (parts: Record<string, string>): Record<string, string> => ({ SEQPIPE_BACKEND: '', tfjsNode: 'absent', tfjsBackendWasm: '/x@4.22.0', ...parts });

  it('decides wasm without tfjs-node, with the note a load would give', () => {
    expect(predictBackend(fp({}))).toEqual({ backend: 'wasm', note: 'tfjs-node not installed; using wasm' });
  });

  it('leaves it to a load when tfjs-node is installed, wasm is missing, or the forced backend may fail', () => {
    expect(predictBackend(fp({ tfjsNode: '/y@4.22.0' }))).toBeUndefined();
    expect(predictBackend(fp({ tfjsBackendWasm: 'absent' }))).toBeUndefined();
    expect(predictBackend(fp({ SEQPIPE_BACKEND: 'tensorflow' }))).toBeUndefined();
    expect(predictBackend(fp({ SEQPIPE_BACKEND: 'gpu' }))).toBeUndefined();
  });

  it('takes a forced wasm or cpu', () => {
    expect(predictBackend(fp({ SEQPIPE_BACKEND: 'cpu', tfjsNode: '/y@4.22.0' }))).toEqual({ backend: 'cpu', note: 'cpu forced by SEQPIPE_BACKEND' });
    expect(predictBackend(fp({ SEQPIPE_BACKEND: 'wasm' }))).toEqual({ backend: 'wasm', note: 'wasm forced by SEQPIPE_BACKEND' });
  });
});
