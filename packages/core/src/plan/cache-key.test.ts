import { describe, expect, it } from 'vitest';
import type { StageDefinition } from '../contract.js';
import { cacheKey } from './cache-key.js';

const definition = { uses: 'source/sine', version: '1', params: {}, inputs: {}, output: 'series', run: async () => ({}) } as unknown as StageDefinition;
const parts = { definition, params: { points: 10 }, inputDigests: { a: 'x' }, seed: 1 };

describe('cacheKey', () => {
  it('keys a stage without a fingerprint exactly as before the hook existed', () => {
    // Computed with the key material of KEY_VERSION 1 before `external` was added.
    expect(cacheKey(parts)).toBe('8f7c696546f393d66e8a7bd23fa36a744d87410d627670534dc3876414c6c871');
  });

  it('keeps the keys of stages that are not plugins exactly as before the plugin field existed', () => {
    // Computed with the key code before `plugin` was added: built-in caches stay valid.
    const sine = { ...definition, params: { type: 'object' } } as StageDefinition;
    const params = { points: 1000, start: 0, stop: 100, amplitude: 1, column: 'value' };
    expect(cacheKey({ definition: sine, params, inputDigests: {}, seed: 5 })).toBe('e49bb224960ba63aed4f524f6a916001d110a2db6da42f62a4d7d31abedaf8f5');
  });

  it('puts a fingerprint (external content) into the key', () => {
    const a = cacheKey({ ...parts, external: 'sha256:aa' });
    expect(a).not.toBe(cacheKey(parts));
    expect(a).not.toBe(cacheKey({ ...parts, external: 'sha256:ab' }));
    expect(a).toBe(cacheKey({ ...parts, external: 'sha256:aa' }));
  });

  it('keys a plugin stage by its source digest or package version', () => {
    const a = cacheKey({ ...parts, plugin: { sha256: 'a'.repeat(64) } });
    const b = cacheKey({ ...parts, plugin: { sha256: 'b'.repeat(64) } });
    const v1 = cacheKey({ ...parts, plugin: { package: 'p', version: '1.0.0' } });
    const v2 = cacheKey({ ...parts, plugin: { package: 'p', version: '1.0.1' } });
    expect(new Set([cacheKey(parts), a, b, v1, v2]).size).toBe(5);
  });
});
