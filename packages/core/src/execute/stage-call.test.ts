import { describe, expect, it } from 'vitest';
import { callStage } from './stage-call.js';

describe('callStage', () => {
  it('runs dozens of stages at once on one signal without a listener-leak warning, and leaves no listener behind', async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error): void => void warnings.push(w.name);
    process.on('warning', onWarning);
    const before = process.listenerCount('beforeExit');
    const controller = new AbortController();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const calls = Array.from({ length: 40 }, (_, i) => callStage(`s${i}`, controller.signal, async () => (await gate, i)));
    expect(process.listenerCount('beforeExit')).toBe(before + 1);
    release();
    expect(await Promise.all(calls)).toEqual(Array.from({ length: 40 }, (_, i) => i));
    await new Promise((r) => setImmediate(r)); // warnings are emitted on the next tick
    process.off('warning', onWarning);
    expect(warnings).toEqual([]);
    expect(process.listenerCount('beforeExit')).toBe(before);
  });
});
