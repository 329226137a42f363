/**
 * The catalogue of bad CSVs, through the CLI: each pipeline's first line states the code, where
 * it must be reported (the CSV's own line:col when found while reading it, the pipeline's
 * `with.<param>` when found by validation), the exit code, and any environment it needs:
 * `# expect: CODE FILE[:LINE:COL] exit N [env NAME=VALUE]`.
 */
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, ROOT, tempDir, type CliResult } from './helpers.js';

/** The built CLI, asynchronously, so the entries (mostly process start-up) run side by side. */
const cli = (args: readonly string[], env?: Record<string, string>): Promise<CliResult> =>
  new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd: ROOT, timeout: 120_000, env: { ...process.env, ...env } }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });

const rel = 'test/bad-csvs';
const dir = join(import.meta.dirname, 'bad-csvs');
const files = readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();
const state = tempDir('seqpipe-bad-csv-');
afterAll(() => state.remove());

function expectation(file: string) {
  const first = readFileSync(join(dir, file), 'utf8').split('\n')[0]!;
  const m = /^# expect: (\S+) ([^\s:]+)(?::(\d+):(\d+))? exit (\d)(?: env (\w+)=(\S+))?$/.exec(first);
  if (!m) throw new Error(`${file}: first line must be "# expect: CODE FILE[:LINE:COL] exit N [env NAME=VALUE]"`);
  return {
    code: m[1]!, file: `${rel}/${m[2]}`, ...(m[3] ? { line: Number(m[3]), col: Number(m[4]) } : {}),
    exit: Number(m[5]), env: m[6] ? { [m[6]]: m[7]! } : undefined,
  };
}

describe.concurrent('bad CSV catalogue', () => {
  it('has an entry for every source/csv error code', () => {
    const codes = new Set(files.map((f) => expectation(f).code));
    for (const code of ['E_CSV_VALUE', 'E_CSV_MISSING_VALUE', 'E_CSV_DUPLICATE_TIME', 'E_CSV_EMPTY', 'E_CSV_MISSING_COLUMN', 'E_CSV_NOT_FOUND', 'E_CSV_PARSE', 'E_CSV_TOO_LARGE', 'E_SERIES_TOO_SHORT']) {
      expect(codes, code).toContain(code);
    }
  });

  for (const file of files) {
    it(file, async () => {
      const want = expectation(file);
      const r = await cli(['run', `${rel}/${file}`, '--json', '--state-dir', state.path], want.env);
      expect(r.code, r.stderr).toBe(want.exit);
      const out = JSON.parse(r.stdout) as { errors?: unknown[]; error?: unknown };
      const error = want.exit === 2 ? out.errors?.[0] : out.error;
      const { exit: _exit, env: _env, ...where } = want;
      expect(error).toMatchObject(where);
      const position = 'line' in where ? `:${where.line}:${where.col}` : '';
      expect(r.stderr).toContain(`${want.file}${position}: ${want.code}`);
    });
  }
});
