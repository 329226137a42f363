/** Nothing cached or recorded is lost or corrupted by two runs at once, a kill, or Ctrl-C. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cli, startCli, TINY, tempDir, verifyObjects } from '../helpers.js';

let state: ReturnType<typeof tempDir>;
afterEach(() => state?.remove());

const runArgs = (dir: string, ...extra: string[]) => ['run', TINY, '--state-dir', dir, '--json', ...extra];

describe('robustness', () => {
  it('two runs at once on one state dir both succeed and agree; the store stays valid', async () => {
    state = tempDir();
    const [a, b] = await Promise.all([startCli(runArgs(state.path)).exited, startCli(runArgs(state.path)).exited]);
    expect([a.code, b.code]).toEqual([0, 0]);
    expect(JSON.parse(a.stdout).metrics).toEqual(JSON.parse(b.stdout).metrics);
    expect(verifyObjects(state.path)).toBeGreaterThan(0);
    const third = JSON.parse(cli(runArgs(state.path)).stdout);
    expect(third.stages.every((s: { cached: boolean }) => s.cached)).toBe(true);
  });

  it('a run killed mid-training leaves the cache intact and an unfinished record', async () => {
    state = tempDir();
    const run = startCli(runArgs(state.path, '--set', 'train.epochs=100000'));
    await run.whenStderr(/epoch +3\//);
    run.child.kill('SIGKILL');
    await run.exited;
    verifyObjects(state.path);
    const [runId] = readdirSync(join(state.path, 'runs'));
    expect(existsSync(join(state.path, 'runs', runId!, 'run.json'))).toBe(false); // never half-written
    const next = JSON.parse(cli(runArgs(state.path)).stdout);
    const cached = Object.fromEntries(next.stages.map((s: { id: string; cached: boolean }) => [s.id, s.cached]));
    expect(cached).toMatchObject({ series: true, scaled: true, windows: true, split: true, model: true, train: false });
  });

  it('Ctrl-C stops training between batches: exit 1, run recorded as interrupted', async () => {
    state = tempDir();
    const run = startCli(runArgs(state.path, '--set', 'train.epochs=100000'));
    await run.whenStderr(/epoch +2\//);
    // The baseline's stages run beside training; on a loaded machine they may still be going.
    await run.whenStderr(/✓ naive_test /);
    run.child.kill('SIGINT');
    const r = await run.exited;
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ status: 'interrupted', error: { code: 'E_INTERRUPTED', stage: 'train' } });
    // Shown as stopped, counted as interrupted: not "FAILED 0.00s", not "cached or skipped".
    expect(out.stages.find((s: { id: string }) => s.id === 'train')).toMatchObject({ status: 'interrupted', seconds: expect.any(Number) });
    expect(out.stages.find((s: { id: string }) => s.id === 'train').seconds).toBeGreaterThan(0);
    expect(r.stderr).toMatch(/■ train +trainer\/tfjs +stopped/);
    expect(r.stderr).not.toMatch(/FAILED/);
    expect(r.stderr).toMatch(/1 interrupted, \d+ skipped/);
    const record = JSON.parse(readFileSync(join(out.runDir, 'run.json'), 'utf8'));
    expect(record.status).toBe('interrupted');
    verifyObjects(state.path);
  });
});
