import { describe, expect, it } from 'vitest';
import { createRng, deriveSeed } from './rng.js';

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

  it('derives stage seeds from pipeline seed and stage id only', () => {
    expect(deriveSeed(1, 'train')).toBe(deriveSeed(1, 'train'));
    expect(deriveSeed(1, 'train')).not.toBe(deriveSeed(2, 'train'));
    expect(deriveSeed(1, 'train')).not.toBe(deriveSeed(1, 'model'));
  });
});
