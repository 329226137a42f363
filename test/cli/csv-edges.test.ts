/**
 * source/csv edge cases through the CLI: a file rewritten while it is read is never stored under
 * the digest of the content it had when the run was keyed.
 */
import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, startCli, tempDir } from '../helpers.js';

const work = tempDir('seqpipe-csv-edges-');
afterAll(() => work.remove());

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
});
