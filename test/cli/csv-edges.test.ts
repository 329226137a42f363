/**
 * source/csv edge cases through the CLI: a file rewritten while it is read is never stored under
 * the digest of the content it had when the run was keyed; calendar and fixed steps are regular;
 * values at the edge of float64 fail where they overflow, never train to a NaN forecast.
 */
import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, startCli, tempDir } from '../helpers.js';

const work = tempDir('seqpipe-csv-edges-');
afterAll(() => work.remove());

const DAY = 86_400_000;
const iso = (t: number): string => new Date(t).toISOString();

/** Runs a two-stage pipeline over `csv` (a `t` column and values) in its own folder. */
function runCsv(name: string, csv: string, windows = 'lookback: 2'): { code: number; stdout: string; stderr: string } {
  const dir = join(work.path, name);
  mkdirSync(dir);
  writeFileSync(join(dir, 'data.csv'), csv);
  writeFileSync(join(dir, 'p.yaml'), `name: ${name}\nstages:\n  series: { uses: source/csv, with: { path: data.csv, time: t } }\n  windows: { uses: windower/sliding, from: series, with: { ${windows} } }\n`);
  return cli(['run', join(dir, 'p.yaml'), '--state-dir', join(dir, 'state')]);
}
const csvOf = (times: readonly number[], date = (t: number) => iso(t).slice(0, 10)): string => `t,v\n${times.map((t, i) => `${date(t)},${i % 7}`).join('\n')}\n`;

interface CacheLs {
  objects: { kind: string; stages: string[] }[];
}

describe('source/csv edges through the CLI', () => {
  it('a file rewritten after it was fingerprinted fails E_INPUT_CHANGED and stores no series', async () => {
    const dir = join(work.path, 'changed');
    const state = join(dir, 'state');
    const data = join(dir, 'data.csv');
    // Big enough that parsing takes a while after the stage says it is running (~1 s).
    const t0 = Date.UTC(2000, 0, 1);
    const rows = Array.from({ length: 100_000 }, (_, i) => `${new Date(t0 + i * 60_000).toISOString()},${i % 97}`);
    const text = `t,v\n${rows.join('\n')}\n`;
    mkdirSync(dir);
    writeFileSync(data, text);
    writeFileSync(join(dir, 'p.yaml'), 'name: changed\nstages:\n  series: { uses: source/csv, with: { path: data.csv, time: t } }\n  windows: { uses: windower/sliding, from: series, with: { lookback: 2 } }\n');
    const run = startCli(['run', join(dir, 'p.yaml'), '--json', '--state-dir', state]);
    await run.whenStderr(/series\s+source\/csv\s+running/);
    // Same length, same shape, one digit different in the last row: only the digest can tell.
    const fd = openSync(data, 'r+');
    writeSync(fd, text.endsWith('1\n') ? '2' : '1', text.length - 2);
    closeSync(fd);
    const r = await run.exited;
    expect(r.code, r.stderr).toBe(1);
    const out = JSON.parse(r.stdout) as { status: string; error: { code: string; file: string; stage: string } };
    expect(out.status).not.toBe('success');
    expect(out.error).toMatchObject({ code: 'E_INPUT_CHANGED', stage: 'series' });
    expect(out.error.file).toMatch(/data\.csv$/);
    expect(r.stderr).toMatch(/data\.csv: E_INPUT_CHANGED .*re-run once the file stops changing/);
    const ls = JSON.parse(cli(['cache', 'ls', '--json', '--state-dir', state]).stdout) as CacheLs;
    expect(ls.objects.filter((o) => o.kind === 'series' || o.stages.includes('series'))).toEqual([]);
  });

  it('a step of exactly 30 days is regular, before 1970 too; monthly month ends are regular', () => {
    for (const [name, start] of [['thirty', Date.UTC(2000, 0, 1)], ['thirty-1950', Date.UTC(1950, 0, 1)]] as const) {
      const r = runCsv(name, csvOf(Array.from({ length: 40 }, (_, i) => start + i * 30 * DAY)));
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).not.toContain('W_CSV_IRREGULAR');
    }
    const ends = Array.from({ length: 30 }, (_, i) => Date.UTC(1960, i + 1, 0));
    const r = runCsv('month-ends', csvOf(ends));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toContain('W_CSV_IRREGULAR');
  });

  it('hourly data with a gap warns in hours', () => {
    const t0 = Date.UTC(2000, 0, 1);
    const r = runCsv('hourly', csvOf([...Array.from({ length: 40 }, (_, i) => t0 + i * 3_600_000), t0 + 45 * 3_600_000], iso));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/W_CSV_IRREGULAR irregular spacing: 1 of 40 intervals differ from the usual step of 1 hour;/);
  });

  it('a file mixing CRLF and LF line ends is read', () => {
    const lines = Array.from({ length: 12 }, (_, i) => `${2000 + i},${i}${i % 2 ? '\r\n' : '\n'}`);
    const r = runCsv('mixed-ends', `t,v\r\n${lines.join('')}`);
    expect(r.code, r.stderr).toBe(0);
  });

  it('±1.7e308 fails E_VALUE_OVERFLOW at the scaler (exit 1, run failed), not a run of zeros and a NaN forecast', () => {
    const dir = join(work.path, 'overflow');
    mkdirSync(dir);
    const values = ['1.7e308', '-1.7e308', '0'];
    writeFileSync(join(dir, 'data.csv'), `t,v\n${Array.from({ length: 40 }, (_, i) => `${2000 + i},${values[i % 3]}`).join('\n')}\n`);
    writeFileSync(join(dir, 'p.yaml'), [
      'name: overflow', 'stages:',
      '  series: { uses: source/csv, with: { path: data.csv, time: t } }',
      '  scaled: { uses: scaler/minmax, from: series }',
      '  windows: { uses: windower/sliding, from: scaled, with: { lookback: 3 } }',
      '  split: { uses: splitter/ratio, from: windows, with: { train: 0.7, validation: 0.1 } }',
      '  model: { uses: model/rnn, with: { layers: [{ cell: simpleRNN, units: 2 }] } }',
      '  train: { uses: trainer/tfjs, from: { model: model, data: split }, with: { epochs: 1, batchSize: 16 } }',
      '  test: { uses: evaluator/regression, from: { model: train, data: split } }',
      '  next: { uses: predictor/next, from: { model: train, data: split }, with: { steps: 3 } }', '',
    ].join('\n'));
    const r = cli(['run', join(dir, 'p.yaml'), '--json', '--state-dir', join(dir, 'state')]);
    expect(r.code, r.stderr).toBe(1);
    const out = JSON.parse(r.stdout) as { status: string; error: { code: string; stage: string; line: number; col: number } };
    expect(out.status).toBe('failed');
    expect(out.error).toMatchObject({ code: 'E_VALUE_OVERFLOW', stage: 'scaled', line: 4, col: 3 });
    expect(r.stderr).not.toContain('E_INTERNAL');
  });
});
