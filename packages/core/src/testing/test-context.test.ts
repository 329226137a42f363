import { describe, expect, it } from 'vitest';
import { testContext } from './test-context.js';

describe('testContext', () => {
  it('gives a seeded rng: same seed, same numbers', () => {
    const a = testContext('s', 7);
    const b = testContext('s', 7);
    expect([a.rng.next(), a.rng.next()]).toEqual([b.rng.next(), b.rng.next()]);
    expect(testContext('s', 8).rng.next()).not.toBe(testContext('s', 7).rng.next());
  });

  it('records logs and progress, and can abort', () => {
    const ctx = testContext();
    ctx.log.warn('careful');
    ctx.progress({ type: 'epoch', epoch: 1, epochs: 2, loss: 0.5, seconds: 0.1 });
    ctx.abort();
    expect(ctx.logs).toEqual(['warn: careful']);
    expect(ctx.events).toHaveLength(1);
    expect(ctx.signal.aborted).toBe(true);
  });
});
