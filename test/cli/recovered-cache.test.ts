/**
 * A cached object that fails its digest check is recomputed (E_CACHE_CORRUPT), and the run says
 * so: the stage is recorded as ran and recovered, and the summary counts it as recomputed, not cached.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, TINY, tempDir } from '../helpers.js';

const state = tempDir();
afterAll(() => state.remove());
const sp = (...args: string[]) => cli([...args, '--state-dir', state.path]);

function corrupt(runDir: string, stage: string): string {
  const digest = JSON.parse(readFileSync(join(runDir, 'run.json'), 'utf8')).stages.find((s: { id: string }) => s.id === stage).digest as string;
  const path = join(state.path, 'objects', digest.slice(0, 2), digest);
  const bytes = readFileSync(path);
  bytes[bytes.length - 1] ^= 1;
  writeFileSync(path, bytes);
  return digest;
}

describe('a corrupt cached object', () => {
  let first: Record<string, any>;
  beforeAll(() => {
    const r = sp('run', TINY, '--json');
    expect(r.code, r.stderr).toBe(0);
    first = JSON.parse(r.stdout);
  });

  it('read by a stage that runs: the producer is recomputed and the summary says so', () => {
    corrupt(first.runDir, 'split');
    const r = sp('run', TINY, '--set', 'train.epochs=3', '--json');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/E_CACHE_CORRUPT|failed its digest check; recomputing/);
    expect(r.stderr).toMatch(/↻ split +splitter\/ratio +recomputed: its cached object failed its digest check/);
    expect(r.stderr).toMatch(/: 4 ran \(1 recomputed, its cached object corrupt\), 6 cached →/);
    const run = JSON.parse(r.stdout);
    expect(run.stages.find((s: { id: string }) => s.id === 'split')).toMatchObject({ status: 'ran', cached: false, recovered: true });
    // The record names the recomputed object, which is in the store.
    const split = JSON.parse(readFileSync(join(run.runDir, 'run.json'), 'utf8')).stages.find((s: { id: string }) => s.id === 'split');
    expect(split.recovered).toBe(true);
    expect(existsSync(join(state.path, 'objects', split.digest.slice(0, 2), split.digest))).toBe(true);
    expect(sp('show', run.runId).stdout).toMatch(/split +splitter\/ratio +ran \(recomputed: its cached object was corrupt\)/);
  });

  it('read only to record the run (a forecast): recomputed and said so too', () => {
    corrupt(first.runDir, 'next');
    const r = sp('run', TINY, '--json');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/↻ next +predictor\/next +recomputed/);
    expect(r.stderr).toMatch(/: 1 ran \(1 recomputed, its cached object corrupt\), 9 cached →/);
    const run = JSON.parse(r.stdout);
    expect(run.stages.find((s: { id: string }) => s.id === 'next')).toMatchObject({ status: 'ran', recovered: true });
    expect(run.predictions.next).toEqual(first.predictions.next);
  });
});
