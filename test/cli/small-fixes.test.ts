/** Issue 8's small things: coded errors instead of stack traces, --json always one object, one backend line. */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, TINY, tempDir } from '../helpers.js';

const state = tempDir();
afterAll(() => state.remove());

describe('small fixes', () => {
  it('a directory given as the pipeline file is E_IS_DIRECTORY (exit 2)', () => {
    const dir = join(state.path, 'a-folder');
    mkdirSync(dir);
    const r = cli(['validate', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/E_IS_DIRECTORY/);
  });

  it('schema --write into a missing folder is a coded error naming the path, no stack trace', () => {
    const target = join(state.path, 'missing', 'schema.json');
    const r = cli(['schema', '--write', target]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`E_WRITE_FAILED cannot write "${target}"`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('with --json, a missing file and a usage error still print one JSON object', () => {
    const missing = cli(['run', join(state.path, 'nope.yaml'), '--json']);
    expect(missing.code).toBe(2);
    expect(JSON.parse(missing.stdout)).toMatchObject({ status: 'invalid', errors: [{ code: 'E_FILE_NOT_FOUND' }] });
    const bad = cli(['run', TINY, '--json', '--bogus']);
    expect(bad.code).toBe(2);
    expect(JSON.parse(bad.stdout)).toMatchObject({ status: 'invalid', errors: [{ code: 'E_USAGE' }] });
  });

  it('prints the backend line once (when TensorFlow computes: the layers engine)', () => {
    const r = cli(['run', TINY, '--state-dir', state.path, '--set', 'train.engine=layers']);
    expect(r.code).toBe(0);
    expect(r.stderr.match(/^backend /gm)).toHaveLength(1);
    expect(r.stderr).toMatch(/: 10 ran, 0 cached →/);
  });
});
