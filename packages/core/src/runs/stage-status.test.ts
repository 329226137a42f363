import { describe, expect, it } from 'vitest';
import type { KeyMaterial } from '../plan/cache-key.js';
import { describeChange, diffMaterial, jsonDiff } from './stage-status.js';

const material = (over: Partial<KeyMaterial> = {}): KeyMaterial => ({
  keyVersion: 1, uses: 'trainer/tfjs', pluginVersion: '1', params: { epochs: 50, layers: [{ cell: 'simpleRNN', units: 50 }] },
  inputs: { model: 'a'.repeat(64), data: 'b'.repeat(64) }, seed: 5, env: { backend: 'wasm', tfjs: '4.22.0' }, ...over,
});

describe('status explanations', () => {
  it('names each changed leaf by its dotted path', () => {
    expect(jsonDiff({ a: 1, l: [{ cell: 'gru' }] }, { a: 2, l: [{ cell: 'lstm' }], b: true })).toEqual([
      { path: 'a', from: 1, to: 2 }, { path: 'b', to: true }, { path: 'l.0.cell', from: 'gru', to: 'lstm' },
    ]);
  });

  it('diffs key material: params, plugin version, upstream content, seed, backend', () => {
    const after = material({
      pluginVersion: '2', params: { epochs: 20, layers: [{ cell: 'simpleRNN', units: 50 }] },
      inputs: { model: 'a'.repeat(64), data: 'c'.repeat(64) }, seed: 6, env: { backend: 'cpu', tfjs: '4.22.0' },
    });
    const changes = diffMaterial(material(), after, { model: 'model', data: 'split' });
    expect(changes).toEqual([
      { kind: 'plugin-version', from: '1', to: '2' },
      { kind: 'param', path: 'epochs', from: 50, to: 20 },
      { kind: 'upstream-changed', stage: 'split', port: 'data' },
      { kind: 'seed', from: 5, to: 6 },
      { kind: 'env', from: 'wasm (tfjs 4.22.0)', to: 'cpu (tfjs 4.22.0)' },
    ]);
    expect(changes.map(describeChange)[1]).toBe('param epochs 50 → 20');
    expect(diffMaterial(material(), material())).toEqual([]);
  });
});
