/**
 * "latest" is one rule for every command: the newest recorded run by start time (ids sort by it
 * to the millisecond), whatever its status. Runs started back to back, within the same second,
 * sort in the order they started.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, TINY, tempDir } from '../helpers.js';

const state = tempDir();
afterAll(() => state.remove());
const sp = (...args: string[]) => cli([...args, '--state-dir', state.path]);
const json = (r: { stdout: string; stderr: string }) => {
  try {
    return JSON.parse(r.stdout);
  } catch {
    throw new Error(`not JSON: ${r.stdout}\n${r.stderr}`);
  }
};

describe('latest', () => {
  const ids: string[] = [];
  beforeAll(() => {
    // The first run trains; the others are cache hits, each well under a second, so several share
    // a second: with ids ordered by a random suffix within the second, some pair would list wrong.
    for (const name of ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']) ids.push(json(sp('run', TINY, '--name', name, '--json')).runId);
  });

  it('runs started back to back (within the same second) list newest first, in start order', () => {
    const listed = json(sp('runs', '--json')).runs.map((r: { runId: string }) => r.runId);
    expect(listed).toEqual([...ids].reverse());
    expect([...ids].sort()).toEqual(ids);
    const seconds = ids.map((id) => id.slice(0, 15));
    expect(new Set(seconds).size, 'some runs started in the same second').toBeLessThan(ids.length);
  });

  it('show, report, compare and predict all take the newest run', () => {
    const newest = ids.at(-1)!;
    expect(json(sp('show', 'latest', '--json')).runId).toBe(newest);
    expect(json(sp('report', 'latest', '--json')).runId).toBe(newest);
    expect(json(sp('compare', ids[0]!, 'latest', '--json')).runs[1].runId).toBe(newest);
    expect(json(sp('predict', '--run', 'latest', '--json')).runId).toBe(newest);
  });

  it('a newer interrupted run is latest too; predict says that run cannot forecast instead of using an older one', () => {
    const stopped = sp('run', TINY, '--set', 'train.epochs=100000', '--max-seconds', '1', '--json');
    expect(stopped.code).toBe(1);
    const { runId, status } = json(stopped);
    expect(status).toBe('interrupted');
    expect(json(sp('show', 'latest', '--json'))).toMatchObject({ runId, status: 'interrupted' });
    expect(json(sp('report', 'latest', '--json')).runId).toBe(runId);
    const predict = sp('predict', '--run', 'latest', '--json');
    expect(predict.code).toBe(2);
    expect(predict.stderr).toContain(runId);
  });
});
