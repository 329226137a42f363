import { describe, expect, it } from 'vitest';
import { watchLimits } from './run-limits.js';

const reason = (signal: AbortSignal): { code: string; message: string } => signal.reason as { code: string; message: string };

describe('watchLimits', () => {
  it('names a run by default and a sweep when told, keeping the codes', () => {
    const run = watchLimits({ maxMemoryMb: 1 }, undefined, () => 2 * 1024 * 1024);
    run.check();
    run.stop();
    expect(reason(run.signal)).toMatchObject({ code: 'E_MEMORY_LIMIT' });
    expect(reason(run.signal).message).toMatch(/^the run /);
    const sweep = watchLimits({ maxMemoryMb: 1 }, undefined, () => 2 * 1024 * 1024, 'sweep');
    sweep.check();
    sweep.stop();
    expect(reason(sweep.signal)).toMatchObject({ code: 'E_MEMORY_LIMIT' });
    expect(reason(sweep.signal).message).toMatch(/^the sweep /);
  });

  it('a sweep over --max-seconds says so', async () => {
    const sweep = watchLimits({ maxSeconds: 0.01 }, undefined, undefined, 'sweep');
    await new Promise((resolve) => sweep.signal.addEventListener('abort', resolve));
    sweep.stop();
    expect(reason(sweep.signal)).toMatchObject({ code: 'E_TIME_LIMIT' });
    expect(reason(sweep.signal).message).toMatch(/^the sweep exceeded --max-seconds 0.01/);
  });
});
