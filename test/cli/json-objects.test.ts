/**
 * Every command's --json prints ONE JSON object (never a bare array), so every output can grow a
 * field without breaking its readers: `plugins --json` is `{ stages: [...] }`, `runs --json` is
 * `{ runs: [...] }`. Audited here command by command, errors included.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, TINY, tempDir } from '../helpers.js';

const state = tempDir();
afterAll(() => state.remove());
const sd = ['--state-dir', state.path];

const object = (stdout: string): Record<string, unknown> => {
  const parsed: unknown = JSON.parse(stdout);
  expect(parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed), stdout.slice(0, 80)).toBe(true);
  expect(stdout.trimEnd().split('\n')).toHaveLength(1);
  return parsed as Record<string, unknown>;
};

describe('--json is one object for every command', () => {
  beforeAll(() => {
    expect(cli(['run', TINY, ...sd, '--name', 'a', '--json']).code).toBe(0);
    expect(cli(['run', TINY, ...sd, '--name', 'b', '--seed', '9', '--json']).code).toBe(0);
  });

  it.each([
    ['run FILE', ['run', TINY, ...sd, '--json'], 'runId'],
    ['sweep --seeds 1,2 --jobs 1', ['sweep', TINY, '--seeds', '1,2', '--jobs', '1', ...sd, '--json'], 'sweepId'],
    ['validate FILE', ['validate', TINY, '--json'], 'status'],
    ['plugins', ['plugins', '--json'], 'stages'],
    ['plugins FILE', ['plugins', TINY, '--json'], 'stages'],
    ['status FILE', ['status', TINY, ...sd, '--json'], 'stages'],
    ['runs', ['runs', ...sd, '--json'], 'runs'],
    ['show latest', ['show', 'latest', ...sd, '--json'], 'runId'],
    ['compare a b', ['compare', 'a', 'b', ...sd, '--json'], 'runs'],
    ['report latest', ['report', 'latest', ...sd, '--json'], 'report'],
    ['predict --run latest', ['predict', '--run', 'latest', ...sd, '--json'], 'points'],
    ['cache ls', ['cache', 'ls', ...sd, '--json'], 'objects'],
    ['cache verify', ['cache', 'verify', ...sd, '--json'], 'checked'],
    ['cache gc --dry-run', ['cache', 'gc', '--dry-run', ...sd, '--json'], 'action'],
  ])('seqpipe %s', (_label, args, field) => {
    const r = cli(args);
    expect(r.code, r.stderr).toBe(0);
    expect(object(r.stdout)).toHaveProperty(field);
  });

  it.each([
    ['run missing.yaml', ['run', join(state.path, 'missing.yaml'), '--json'], 2],
    ['plugins --bogus', ['plugins', '--bogus', '--json'], 2],
    ['show no-such-run', ['show', 'no-such-run', ...sd, '--json'], 2],
  ])('an error: seqpipe %s is one object with status and errors', (_label, args, code) => {
    const r = cli(args);
    expect(r.code).toBe(code);
    expect(object(r.stdout)).toMatchObject({ errors: [{ code: expect.stringMatching(/^E_/) }] });
  });
});
