/**
 * Saved runs that cannot do what was asked say precisely why (exit 2): a run interrupted before
 * its predictor finished is E_RUN_UNFINISHED (not "add a predictor"), and a damaged run.json is
 * E_RUN_CORRUPT at its path (not "missing").
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, TINY, tempDir } from '../helpers.js';

const state = tempDir();
afterAll(() => state.remove());
const sp = (...args: string[]) => cli([...args, '--state-dir', state.path]);

describe('predict on a run interrupted before its predictor finished', () => {
  let runId = '';
  beforeAll(() => {
    const r = sp('run', TINY, '--set', 'train.epochs=100000', '--max-seconds', '1', '--json');
    expect(r.code).toBe(1);
    ({ runId } = JSON.parse(r.stdout));
  });

  it('is E_RUN_UNFINISHED naming what stopped it and the predictor, exit 2', () => {
    const r = sp('predict', '--run', runId);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^E_RUN_UNFINISHED run ${runId} was interrupted \\(E_TIME_LIMIT at stage "train"\\) before its predictor "next" finished`));
    expect(r.stderr).toContain(`seqpipe run ${TINY}`);
    expect(r.stderr).not.toMatch(/add a predictor/);
  });

  it('with --input and --json too', () => {
    const csv = join(state.path, 'new.csv');
    writeFileSync(csv, 'value\n1\n2\n3\n4\n5\n6\n7\n');
    const r = sp('predict', '--run', runId, '--input', csv, '--json');
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout)).toMatchObject({ status: 'invalid', errors: [{ code: 'E_RUN_UNFINISHED' }] });
  });
});

describe('a truncated run.json', () => {
  let runId = '';
  let path = '';
  beforeAll(() => {
    const r = sp('run', TINY, '--json');
    expect(r.code, r.stderr).toBe(0);
    const run = JSON.parse(r.stdout);
    runId = run.runId;
    path = join(run.runDir, 'run.json');
    writeFileSync(path, readFileSync(path, 'utf8').slice(0, 100));
  });

  it.each([
    ['show', (id: string) => ['show', id]],
    ['report', (id: string) => ['report', id]],
    ['predict', (id: string) => ['predict', '--run', id]],
    ['compare', (id: string) => ['compare', id, id]],
  ])('%s: E_RUN_CORRUPT at its path, exit 2', (_name, args) => {
    for (const ref of [runId, 'latest']) {
      const r = sp(...args(ref));
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`^${path.replaceAll(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: E_RUN_CORRUPT the record of run ${runId} is damaged: its run.json is`));
      expect(r.stderr).not.toMatch(/E_RUN_INCOMPLETE|has no run\.json/);
    }
  });

  it('runs lists it as corrupt, not incomplete', () => {
    const listed = JSON.parse(sp('runs', '--json').stdout).runs;
    expect(listed.find((r: { runId: string }) => r.runId === runId)).toMatchObject({ status: 'corrupt' });
    expect(sp('runs').stdout).toMatch(new RegExp(`${runId} +tiny-rnn +corrupt`));
  });

  it('--json: the one error object carries the path', () => {
    const r = sp('show', runId, '--json');
    expect(JSON.parse(r.stdout)).toMatchObject({ status: 'invalid', errors: [{ code: 'E_RUN_CORRUPT', file: path }] });
  });
});
