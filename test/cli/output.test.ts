/**
 * stdout is seqpipe's: every byte of a command's output reaches a slow pipe reader before the
 * process exits, and nothing but seqpipe's own output lands on it (a plugin's console.log goes to stderr).
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, cli, ROOT, TINY, tempDir } from '../helpers.js';

const state = tempDir();
afterAll(() => state.remove());

/**
 * A reader that takes 4 KiB at a time and sleeps 1 ms between reads, as `seqpipe … | reader`:
 * the 64 KiB pipe stays full, so seqpipe's writes queue. Prints what it read, as JSON facts.
 */
const SLOW_READER = `
const fs = require('node:fs');
const buf = Buffer.alloc(4096), parts = [], nap = new Int32Array(new SharedArrayBuffer(4));
for (let n; (n = fs.readSync(0, buf, 0, buf.length, null)) > 0; ) { parts.push(Buffer.from(buf.subarray(0, n))); Atomics.wait(nap, 0, 0, 1); }
const text = Buffer.concat(parts).toString('utf8');
let parsed = null; try { parsed = JSON.parse(text); } catch {}
process.stdout.write(JSON.stringify({ bytes: text.length, points: parsed?.points?.length ?? null, parsed: parsed !== null }));
`;

function throughSlowReader(args: readonly string[]): { code: number; bytes: number; points: number | null; parsed: boolean; stderr: string } {
  const quote = (s: string): string => `'${s.replaceAll("'", `'\\''`)}'`;
  const command = `${[process.execPath, BIN, ...args].map(quote).join(' ')} | ${quote(process.execPath)} -e ${quote(SLOW_READER)}; exit $(( PIPESTATUS[0] ))`;
  const r = spawnSync('bash', ['-c', command], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status ?? -1, ...JSON.parse(r.stdout || '{}'), stderr: r.stderr };
}

describe('stdout through a slow pipe', () => {
  let runId = '';
  beforeAll(() => {
    const r = cli(['run', TINY, '--state-dir', state.path, '--json']);
    expect(r.code, r.stderr).toBe(0);
    runId = JSON.parse(r.stdout).runId;
  });

  it('predict --json of 100,000 steps (over 10 MB) arrives whole and parses', () => {
    const r = throughSlowReader(['predict', '--run', runId, '--steps', '100000', '--state-dir', state.path, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.bytes).toBeGreaterThan(10_000_000);
    expect(r.parsed).toBe(true);
    expect(r.points).toBe(100_000);
  });

  it('an error exit waits for its output too', () => {
    const r = throughSlowReader(['predict', '--run', 'no-such-run', '--state-dir', state.path, '--json']);
    expect(r.code).toBe(2);
    expect(r.parsed).toBe(true);
  });
});

describe('a plugin writing to stdout', () => {
  const dir = tempDir('seqpipe-noisy-');
  afterAll(() => dir.remove());
  const pipeline = join(dir.path, 'noisy.yaml');
  writeFileSync(join(dir.path, 'noisy.js'), `
console.log('noisy: imported');
process.stdout.write('noisy: raw write at import\\n');
export default {
  uses: 'transform/noisy', version: '1', description: 'Passes its series through, talking on stdout.',
  params: { type: 'object', additionalProperties: false, properties: {} },
  inputs: { series: 'series' }, output: 'series',
  async run(_ctx, { series }) {
    console.log('noisy: running');
    console.info('noisy: info');
    return series;
  },
};
`);
  writeFileSync(pipeline, [
    'name: noisy', 'seed: 1', 'plugins: [./noisy.js]', 'stages:',
    '  series: { uses: source/sine, with: { points: 60 } }',
    '  loud: { uses: transform/noisy, from: series }',
    '  windows: { uses: windower/sliding, from: loud, with: { lookback: 4 } }',
    '  split: { uses: splitter/ratio, from: windows, with: { train: 0.7 } }',
    '  naive: { uses: baseline/naive, from: split }',
    '  next: { uses: predictor/next, from: { model: naive, data: split }, with: { from: end, steps: 2 } }',
    '',
  ].join('\n'));
  const stateDir = join(dir.path, 'state');

  const sd = ['--state-dir', stateDir];
  it.each([
    ['run', ['run', pipeline, ...sd, '--json']],
    ['validate', ['validate', pipeline, '--json']],
    ['plugins', ['plugins', pipeline, '--json']],
    ['status', ['status', pipeline, ...sd, '--json']],
    ['sweep --jobs 1', ['sweep', pipeline, '--seeds', '1,2', '--jobs', '1', ...sd, '--json']],
  ])('%s --json: stdout is one JSON object; the plugin\'s output is on stderr', (_name, args) => {
    const r = cli(args);
    expect(r.code, r.stderr).toBe(0);
    const parsed: unknown = JSON.parse(r.stdout);
    expect(parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)).toBe(true);
    expect(r.stdout).not.toMatch(/noisy:/);
    expect(r.stderr).toMatch(/noisy: imported\nnoisy: raw write at import\n/);
  });

  it('the stage\'s own console output reaches stderr when it runs', () => {
    const r = cli(['run', pipeline, '--no-cache', '--json', '--state-dir', stateDir]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).status).toBe('success');
    expect(r.stderr).toMatch(/noisy: running\nnoisy: info\n/);
  });
});
