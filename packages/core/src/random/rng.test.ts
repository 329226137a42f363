import { describe, expect, it } from 'vitest';
import { createRng, deriveSeed, restoreRng } from './rng.js';

describe('createRng', () => {
  it('repeats for the same seed and differs across seeds', () => {
    const a = createRng(7), b = createRng(7), c = createRng(8);
    const xs = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(xs);
    for (const x of xs) expect(x).toBeGreaterThanOrEqual(0), expect(x).toBeLessThan(1);
  });

  it('shuffles into a permutation', () => {
    const items = Int32Array.from({ length: 100 }, (_, i) => i);
    createRng(1).shuffle(items);
    expect([...items].sort((x, y) => x - y)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect([...items]).not.toEqual(Array.from({ length: 100 }, (_, i) => i));
  });

  it('keeps the sequence it always had (seeds are in cache keys and results)', () => {
    expect(createRng(42).next()).toBe(0.6796399562153965);
  });

  it('continues exactly from a saved state', () => {
    const a = createRng(3);
    for (let i = 0; i < 37; i++) a.next();
    const saved = a.state();
    const rest = Array.from({ length: 10 }, () => a.next());
    const b = restoreRng(JSON.parse(JSON.stringify(saved)));
    expect(Array.from({ length: 10 }, () => b.next())).toEqual(rest);
    expect(() => restoreRng([1, 2, 3] as never)).toThrow(TypeError);
  });

  it('derives stage seeds from pipeline seed and stage id only', () => {
    expect(deriveSeed(1, 'train')).toBe(deriveSeed(1, 'train'));
    expect(deriveSeed(1, 'train')).not.toBe(deriveSeed(2, 'train'));
    expect(deriveSeed(1, 'train')).not.toBe(deriveSeed(1, 'model'));
  });
});
