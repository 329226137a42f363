/**
 * User-given names and indices that become file names or list sizes are bounded by validation:
 * a stage id longer than 64 characters (it names runs/<id>/models/<stage>/) is E_INVALID_STAGE_ID
 * at the id, and `--set` may not index past the end of a list (E_BAD_SET, at once).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, tempDir, TINY } from '../helpers.js';

const work = tempDir('seqpipe-bounds-');
afterAll(() => work.remove());

/** tiny-rnn with its trainer stage renamed to `id`. */
function renamedTrainer(id: string): string {
  const file = join(work.path, `train-${id.length}.yaml`);
  writeFileSync(file, readFileSync(TINY, 'utf8').replace(/^ {2}train:/m, `  ${id}:`).replaceAll('model: train,', `model: ${id},`));
  return file;
}

describe('validation bounds', () => {
  it('a stage id over 64 characters is E_INVALID_STAGE_ID at the id (exit 2)', () => {
    const file = renamedTrainer('a'.repeat(300));
    const r = cli(['validate', file, '--json']);
    expect(r.code, r.stderr).toBe(2);
    const out = JSON.parse(r.stdout) as { errors: unknown[] };
    expect(out.errors).toEqual([expect.objectContaining({ code: 'E_INVALID_STAGE_ID', line: 24, col: 3 })]);
    expect(r.stderr).toContain(`${file}:24:3: E_INVALID_STAGE_ID`);
    // `run` refuses it the same way, before anything runs.
    const run = cli(['run', file, '--state-dir', join(work.path, 'state')]);
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toContain('E_INVALID_STAGE_ID');
  });

  it('a 64-character stage id runs, its model saved under runs/<id>/models/<stage>/', () => {
    const id = 't'.repeat(64);
    const r = cli(['run', renamedTrainer(id), '--json', '--state-dir', join(work.path, 'state')]);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { status: string; runDir: string };
    expect(out.status).toBe('success');
    expect(readFileSync(join(out.runDir, 'models', id, 'model.json'), 'utf8')).toContain('modelTopology');
  });

  it('--set past the end of a list is E_BAD_SET at once; appending is allowed', () => {
    const started = performance.now();
    const r = cli(['validate', TINY, '--set', 'model.layers.1000000.units=3']);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/^E_BAD_SET --set model\.layers\.1000000\.units=3: index 1000000 is past the end/m);
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(cli(['validate', TINY, '--set', 'model.head.list.2=3']).stderr).toMatch(/E_BAD_SET .*a new list starts at index 0/);
    const append = cli(['validate', TINY, '--set', 'model.layers.1={cell: gru, units: 2}']);
    expect(append.code, append.stderr).toBe(0);
  });
});
