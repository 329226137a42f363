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

  it('puts a fingerprint (external content) into the key', () => {
    const a = cacheKey({ ...parts, external: 'sha256:aa' });
    expect(a).not.toBe(cacheKey(parts));
    expect(a).not.toBe(cacheKey({ ...parts, external: 'sha256:ab' }));
    expect(a).toBe(cacheKey({ ...parts, external: 'sha256:aa' }));
  });
});
