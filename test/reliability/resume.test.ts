/**
 * Resumable training through the CLI: a `seqpipe run` killed with SIGKILL during training, once a
 * checkpoint is on disk (polled for, not slept for), resumes on the next run from that checkpoint
 * and ends with exactly an uninterrupted run's metrics and forecasts; a damaged checkpoint is
 * ignored with a note. The harness with more trials: resume-harness.mjs (README.md here).
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, tempDir } from '../helpers.js';
import { storeProblems } from './kill-harness.mjs';
import { checkpointsIn, outcomeOf, startRun, whenCheckpointed } from './resume-harness.mjs';

const dir = tempDir('seqpipe-resume-e2e-');
let expected: string;

beforeAll(async () => {
  const ref = await startRun(join(dir.path, 'reference')).exited;
  expect(ref.code, ref.stderr).toBe(0);
  const out = JSON.parse(ref.stdout);
  expected = outcomeOf(out);
  // An uninterrupted run did not resume and leaves no checkpoint.
  expect(out.stages.find((s: { id: string }) => s.id === 'train').resumedFrom).toBeUndefined();
  expect(checkpointsIn(join(dir.path, 'reference'))).toEqual([]);
}, 120_000);
afterAll(() => dir.remove());

/** A fresh state dir whose run was SIGKILLed in training after a checkpoint existed. */
async function killedAfterCheckpoint(name: string): Promise<string> {
  const stateDir = join(dir.path, name);
  mkdirSync(stateDir);
  copyFileSync(join(dir.path, 'reference', 'backend.json'), join(stateDir, 'backend.json'));
  const run = startRun(stateDir);
  expect(await whenCheckpointed(stateDir, run)).toBe(true);
  run.child.kill('SIGKILL');
  expect((await run.exited).signal).toBe('SIGKILL');
  expect(storeProblems(stateDir)).toEqual([]);
  return stateDir;
}

describe('a training killed after a checkpoint', () => {
  it('resumes from it on the next run, with the metrics of an uninterrupted run, and removes it', async () => {
    const stateDir = await killedAfterCheckpoint('killed');
    const [checkpoint] = checkpointsIn(stateDir);
    expect(checkpoint).toMatchObject({ stage: 'train', uses: 'trainer/tfjs', epochs: 400 });
    const ls = cli(['cache', 'ls', '--state-dir', stateDir, '--json']);
    expect(JSON.parse(ls.stdout).checkpoints).toMatchObject([{ stage: 'train', epoch: checkpoint!.epoch, epochs: 400 }]);

    const next = await startRun(stateDir).exited;
    expect(next.code, next.stderr).toBe(0);
    const out = JSON.parse(next.stdout);
    expect(out.stages.find((s: { id: string }) => s.id === 'train')).toMatchObject({ status: 'ran', resumedFrom: { epoch: checkpoint!.epoch, epochs: 400 } });
    expect(next.stderr).toContain(`resuming train from epoch ${checkpoint!.epoch}/400`);
    expect(outcomeOf(out)).toBe(expected);
    const record = JSON.parse(readFileSync(join(stateDir, 'runs', out.runId, 'run.json'), 'utf8'));
    expect(record.stages.find((s: { id: string }) => s.id === 'train').resumedFrom).toEqual({ epoch: checkpoint!.epoch, epochs: 400 });
    expect(cli(['show', out.runId, '--state-dir', stateDir]).stdout).toMatch(new RegExp(`train +trainer/tfjs +ran \\(resumed after epoch ${checkpoint!.epoch}/400\\)`));
    expect(checkpointsIn(stateDir)).toEqual([]);
    expect(cli(['cache', 'verify', '--state-dir', stateDir]).code).toBe(0);
  }, 120_000);

  it('a corrupt checkpoint is ignored with a note, never served: training starts over and still matches', async () => {
    const stateDir = await killedAfterCheckpoint('corrupt');
    const [checkpoint] = checkpointsIn(stateDir);
    const object = join(stateDir, 'objects', checkpoint!.digest.slice(0, 2), checkpoint!.digest);
    const bytes = readFileSync(object);
    bytes[bytes.length - 3] ^= 0x01; // one bit of one weight
    writeFileSync(object, bytes);

    const next = await startRun(stateDir).exited;
    expect(next.code, next.stderr).toBe(0);
    const out = JSON.parse(next.stdout);
    expect(out.stages.find((s: { id: string }) => s.id === 'train').resumedFrom).toBeUndefined();
    expect(out.warnings).toEqual(expect.arrayContaining([expect.stringMatching(/^train: W_CHECKPOINT_IGNORED /)]));
    expect(outcomeOf(out)).toBe(expected);
    expect(checkpointsIn(stateDir)).toEqual([]);
    // The damaged object was moved aside, so the store verifies.
    expect(cli(['cache', 'verify', '--state-dir', stateDir]).code).toBe(0);
  }, 120_000);

  it('cache gc removes the checkpoint of a killed run (no run references it)', async () => {
    const stateDir = await killedAfterCheckpoint('gc');
    const gc = cli(['cache', 'gc', '--state-dir', stateDir, '--json']);
    expect(JSON.parse(gc.stdout)).toMatchObject({ removedCheckpoints: 1 });
    expect(checkpointsIn(stateDir)).toEqual([]);
  }, 120_000);
});
