/**
 * `seqpipe sweep --max-seconds / --max-memory` stop the whole sweep like Ctrl-C, with the codes
 * `run` uses: exit 1, the sweep and its variants recorded as interrupted, nothing half-trained cached.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cli, TINY, tempDir, verifyObjects } from '../helpers.js';

let state: ReturnType<typeof tempDir>;
afterEach(() => state?.remove());

const keyedUses = (stateDir: string): string[] => {
  const root = join(stateDir, 'keys');
  return readdirSync(root).flatMap((shard) =>
    readdirSync(join(root, shard)).map((f) => (JSON.parse(readFileSync(join(root, shard, f), 'utf8')) as { uses: string }).uses));
};
const grid = ['--grid', 'model.layers.0.cell=simpleRNN,gru'];

describe('sweep resource bounds', () => {
  it('--max-seconds on worker processes: E_TIME_LIMIT, exit 1, sweep and variants interrupted, trainers not cached', () => {
    state = tempDir();
    const r = cli(['sweep', TINY, ...grid, '--set', 'train.epochs=100000', '--jobs', '2', '--max-seconds', '4', '--state-dir', state.path, '--json']);
    expect(r.code, r.stderr).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ status: 'interrupted', error: { code: 'E_TIME_LIMIT' } });
    for (const v of out.variants) expect(v).toMatchObject({ status: 'interrupted', error: { code: 'E_TIME_LIMIT' } });
    expect(r.stderr).toMatch(/E_TIME_LIMIT/);
    const record = JSON.parse(readFileSync(out.file, 'utf8'));
    expect(record.status).toBe('interrupted');
    expect(keyedUses(state.path)).not.toContain('trainer/tfjs');
    verifyObjects(state.path);
  });

  it('--max-memory below what the process uses: E_MEMORY_LIMIT before the first stage, exit 1', () => {
    state = tempDir();
    const r = cli(['sweep', TINY, ...grid, '--jobs', '1', '--max-memory', '20', '--state-dir', state.path, '--json']);
    expect(r.code, r.stderr).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ status: 'interrupted', error: { code: 'E_MEMORY_LIMIT' } });
    expect(out.error.message).toMatch(/^the sweep used /);
  });

  it('a limit that is not a positive number is a usage error (exit 2)', () => {
    const r = cli(['sweep', TINY, ...grid, '--max-seconds', '-1', '--json']);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout).errors[0]).toMatchObject({ code: 'E_USAGE' });
  });
});
