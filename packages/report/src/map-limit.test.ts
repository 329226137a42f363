import { describe, expect, it } from 'vitest';
import { mapLimit } from './map-limit.js';

describe('mapLimit', () => {
  it('keeps at most `limit` calls in flight and returns results in input order', async () => {
    let inFlight = 0;
    let most = 0;
    const items = Array.from({ length: 200 }, (_, i) => i);
    const out = await mapLimit(items, 16, async (x) => {
      most = Math.max(most, ++inFlight);
      await new Promise((r) => setTimeout(r, (x * 7) % 5));
      inFlight--;
      return x * 2;
    });
    expect(most).toBe(16);
    expect(out).toEqual(items.map((x) => x * 2));
  });

  it('handles fewer items than the limit, and none', async () => {
    expect(await mapLimit([1, 2], 16, async (x) => x + 1)).toEqual([2, 3]);
    expect(await mapLimit([], 16, async (x: number) => x)).toEqual([]);
  });
});
