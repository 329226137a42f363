import { describe, expect, it } from 'vitest';
import { defineStage } from '../contract.js';
import { cacheKey } from './cache-key.js';

const source = defineStage({
  uses: 'source/sine', version: '1', description: '', params: { type: 'object' }, inputs: {}, output: 'series',
  run: async () => { throw new Error('not run'); },
});
const params = { points: 1000, start: 0, stop: 100, amplitude: 1, column: 'value' };

describe('cacheKey', () => {
  it('keeps the keys of stages that are not plugins exactly as before the plugin field existed', () => {
    // Computed with the key code before `plugin` was added: built-in caches stay valid.
    expect(cacheKey({ definition: source, params, inputDigests: {}, seed: 5 })).toBe('e49bb224960ba63aed4f524f6a916001d110a2db6da42f62a4d7d31abedaf8f5');
  });

  it("keys a plugin stage by its source digest or package version", () => {
    const base = { definition: source, params, inputDigests: {}, seed: 5 };
    const a = cacheKey({ ...base, plugin: { sha256: 'a'.repeat(64) } });
    const b = cacheKey({ ...base, plugin: { sha256: 'b'.repeat(64) } });
    const v1 = cacheKey({ ...base, plugin: { package: 'p', version: '1.0.0' } });
    const v2 = cacheKey({ ...base, plugin: { package: 'p', version: '1.0.1' } });
    expect(new Set([cacheKey(base), a, b, v1, v2]).size).toBe(5);
  });
});
