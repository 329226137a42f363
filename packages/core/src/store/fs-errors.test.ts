import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SeqpipeError } from '../errors/seqpipe-error.js';
import { stateError } from './fs-errors.js';

const errno = (code: string, path?: string): NodeJS.ErrnoException =>
  Object.assign(new Error(`${code}: something, open '${path}'`), { code, ...(path ? { path } : {}) });

describe('stateError', () => {
  it.each([
    ['ENOSPC', 'E_STATE_NO_SPACE'],
    ['EDQUOT', 'E_STATE_NO_SPACE'],
    ['EROFS', 'E_STATE_READ_ONLY'],
    ['EACCES', 'E_STATE_PERMISSION'],
    ['EPERM', 'E_STATE_PERMISSION'],
    ['EISDIR', 'E_STATE_IO'],
    ['EIO', 'E_STATE_IO'],
    ['EMFILE', 'E_TOO_MANY_FILES'],
    ['ENFILE', 'E_TOO_MANY_FILES'],
  ])('%s → %s naming the path, exit 1, the errno as cause', (code, expected) => {
    const cause = errno(code, '/state/objects/ab/x');
    const e = stateError(cause, '/fallback') as SeqpipeError;
    expect(e).toBeInstanceOf(SeqpipeError);
    expect(e).toMatchObject({ code: expected, exitCode: 1, cause });
    expect(e.message).toContain('/state/objects/ab/x');
  });

  it('ENOTDIR names the ancestor that is a file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'seqpipe-fs-errors-'));
    try {
      const file = join(dir, 'file');
      writeFileSync(file, 'x');
      const e = stateError(errno('ENOTDIR', join(file, 'a', 'b')), 'x') as SeqpipeError;
      expect(e).toMatchObject({ code: 'E_STATE_NOT_DIR' });
      expect(e.message).toContain(`"${file}"`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('passes coded errors and non-errno errors through unchanged', () => {
    const coded = new SeqpipeError('E_USAGE', 'x');
    const plain = new TypeError('bug');
    expect(stateError(coded, 'p')).toBe(coded);
    expect(stateError(plain, 'p')).toBe(plain);
  });
});
