/**
 * A loss that blows up stops training with E_LOSS_NOT_FINITE at that epoch, and --max-seconds /
 * --max-memory stop a run like Ctrl-C with their own codes. In every case nothing half-trained is
 * cached: the store has no key for the trainer, and what it has verifies.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cli, TINY, tempDir, verifyObjects } from '../helpers.js';

let state: ReturnType<typeof tempDir>;
afterEach(() => state?.remove());

/** The `uses` of every keyed (completed) stage output in the store. */
function keyedUses(stateDir: string): string[] {
  const root = join(stateDir, 'keys');
  return readdirSync(root).flatMap((shard) =>
    readdirSync(join(root, shard)).map((f) => (JSON.parse(readFileSync(join(root, shard, f), 'utf8')) as { uses: string }).uses),
  );
}

const statuses = (out: { stages: { id: string; status: string }[] }) => Object.fromEntries(out.stages.map((s) => [s.id, s.status]));

describe('numeric failure', () => {
  it('a huge learning rate: E_LOSS_NOT_FINITE at epoch 1, located at the trainer; nothing cached for it', () => {
    state = tempDir();
    const r = cli(['run', TINY, '--state-dir', state.path, '--json', '--set', 'train.optimizer=sgd', '--set', 'train.learningRate=1e30']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/tiny-rnn\.yaml:24:3: E_LOSS_NOT_FINITE \[stage train\] .*epoch 1\b.*learningRate.*clipNorm/);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ status: 'failed', error: { code: 'E_LOSS_NOT_FINITE', stage: 'train' } });
    expect(statuses(out)).toMatchObject({ train: 'failed', test: 'skipped', next: 'skipped' });
    expect(keyedUses(state.path)).not.toContain('trainer/tfjs');
    verifyObjects(state.path);
  });
});

describe('resource bounds', () => {
  it('--max-seconds stops training: E_TIME_LIMIT, exit 1, recorded as interrupted; trainer not cached', () => {
    state = tempDir();
    const r = cli(['run', TINY, '--state-dir', state.path, '--json', '--set', 'train.epochs=100000', '--max-seconds', '4']);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ status: 'interrupted', error: { code: 'E_TIME_LIMIT', stage: 'train' } });
    const record = JSON.parse(readFileSync(join(out.runDir, 'run.json'), 'utf8'));
    expect(record).toMatchObject({ status: 'interrupted', error: { code: 'E_TIME_LIMIT' } });
    expect(keyedUses(state.path)).not.toContain('trainer/tfjs');
    verifyObjects(state.path);
  });

  it('--max-memory below what the process uses: E_MEMORY_LIMIT before the first stage, exit 1', () => {
    state = tempDir();
    const r = cli(['run', TINY, '--state-dir', state.path, '--json', '--max-memory', '20']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ status: 'interrupted', error: { code: 'E_MEMORY_LIMIT' } });
  });

  it('a generous --max-memory and --max-seconds change nothing', () => {
    state = tempDir();
    const r = cli(['run', TINY, '--state-dir', state.path, '--json', '--max-memory', '100000', '--max-seconds', '100000']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).status).toBe('success');
  });

  it('a limit that is not a positive number is a usage error (exit 2)', () => {
    for (const bad of [['--max-seconds', '0'], ['--max-memory', 'lots']]) {
      const r = cli(['run', TINY, ...bad]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^E_USAGE /m);
    }
  });
});
