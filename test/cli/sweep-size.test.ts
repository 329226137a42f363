/**
 * Sweeps of any size (issue 14, finding 5): above the variant limit a sweep is refused up front
 * with E_SWEEP_TOO_LARGE, naming the limit and how to raise it, and leaves nothing behind; an
 * invalid grid with an absurd --jobs fails at once; a sweep at a raised limit runs.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, tempDir, TINY } from '../helpers.js';

const dir = tempDir('seqpipe-sweep-size-');
afterAll(() => dir.remove());

const leftovers = (state: string): string[] =>
  ['runs', 'sweeps', 'tmp', 'objects', 'keys'].filter((d) => existsSync(join(state, d)) && readdirSync(join(state, d)).length > 0);

describe('sweep size', () => {
  it('100,000 seeds: refused up front (exit 2, E_SWEEP_TOO_LARGE), nothing created', () => {
    const state = join(dir.path, 'seeds');
    const started = Date.now();
    const r = cli(['sweep', TINY, '--seeds', '1..100000', '--state-dir', state, '--json']);
    expect(r.code, r.stderr).toBe(2);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(JSON.parse(r.stdout)).toMatchObject({ status: 'invalid', errors: [{ code: 'E_SWEEP_TOO_LARGE' }] });
    expect(r.stderr).toMatch(/10000.*SEQPIPE_MAX_VARIANTS/);
    expect(leftovers(state)).toEqual([]);
  });

  it('a grid whose product is over the limit is refused the same way, located in the pipeline file', () => {
    const state = join(dir.path, 'grid');
    const values = Array.from({ length: 101 }, (_, i) => i + 1).join(',');
    const r = cli(['sweep', TINY, '--grid', `train.epochs=${values}`, '--grid', `model.layers.0.units=${values}`, '--state-dir', state]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/tiny-rnn\.yaml: E_SWEEP_TOO_LARGE the sweep has 10201 variants/);
    expect(leftovers(state)).toEqual([]);
  });

  it('the limit is raised with SEQPIPE_MAX_VARIANTS, and lowered too', () => {
    const state = join(dir.path, 'raised');
    const low = cli(['sweep', TINY, '--seeds', '1..3', '--state-dir', state], { env: { SEQPIPE_MAX_VARIANTS: '2' } });
    expect(low.code).toBe(2);
    expect(low.stderr).toMatch(/E_SWEEP_TOO_LARGE the sweep has 3 variants, more than the limit of 2/);
    const ok = cli(['sweep', TINY, '--seeds', '1..3', '--jobs', '1', '--set', 'train.epochs=1', '--state-dir', state, '--json'], { env: { SEQPIPE_MAX_VARIANTS: '3' } });
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout).variants).toHaveLength(3);
  });

  it('--jobs 1000 with an invalid grid fails at once (exit 2), after capping the workers at the cores', () => {
    const started = Date.now();
    const r = cli(['sweep', TINY, '--grid', 'nosuch.x=1,2', '--jobs', '1000', '--state-dir', join(dir.path, 'jobs')]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/E_BAD_GRID/);
    expect(r.stderr).toMatch(/--jobs 1000 is more than the \d+ cores here/);
    expect(Date.now() - started).toBeLessThan(20_000);
  });
});
