import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { testContext } from '@seqpipe/core';
import { csvSource } from './csv.source.js';

const dir = mkdtempSync(join(tmpdir(), 'seqpipe-csv-stage-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const ctx = { pipelineDir: dir };
const params = { path: 'd.csv', time: 'date', missing: 'error' as const, header: 'auto' as const };

describe('source/csv', () => {
  it('fingerprint: the sha256 of the bytes, changing with any cell', async () => {
    writeFileSync(join(dir, 'd.csv'), 'date,v\n2000,1\n2001,2\n');
    const a = await csvSource.fingerprint!(params, ctx);
    expect(a).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(await csvSource.fingerprint!(params, ctx)).toBe(a);
    writeFileSync(join(dir, 'd.csv'), 'date,v\n2000,1\n2001,3\n');
    expect(await csvSource.fingerprint!(params, ctx)).not.toBe(a);
    await expect(csvSource.fingerprint!({ ...params, path: 'gone.csv' }, ctx)).rejects.toMatchObject({ code: 'E_CSV_NOT_FOUND' });
  });

  it('inspect: issues at the params that name what is missing', async () => {
    writeFileSync(join(dir, 'd.csv'), 'date,v\n2000,1\n');
    expect(await csvSource.inspect!({ ...params, columns: ['v'] }, ctx)).toEqual({ issues: [], facts: { columns: 1 } });
    expect((await csvSource.inspect!({ ...params, path: 'nope.csv' }, ctx)).issues).toMatchObject([{ code: 'E_CSV_NOT_FOUND', path: ['path'] }]);
    const r = await csvSource.inspect!({ ...params, columns: ['v', 'w'], where: { kind: 'x' } }, ctx);
    expect(r.issues).toMatchObject([
      { code: 'E_CSV_MISSING_COLUMN', path: ['columns', 1] },
      { code: 'E_CSV_MISSING_COLUMN', path: ['where', 'kind'], at: 'key' },
    ]);
  });

  it('run: E_INPUT_CHANGED when the bytes read are not those the job was keyed by', async () => {
    writeFileSync(join(dir, 'd.csv'), 'date,v\n2000,1\n2001,2\n');
    const external = await csvSource.fingerprint!(params, ctx);
    const same = await csvSource.run({ ...testContext('series', 1, dir), external }, {}, params);
    expect([...same.values]).toEqual([1, 2]);
    writeFileSync(join(dir, 'd.csv'), 'date,v\n2000,1\n2001,3\n');
    await expect(csvSource.run({ ...testContext('series', 1, dir), external }, {}, params)).rejects.toMatchObject({ code: 'E_INPUT_CHANGED', file: expect.stringMatching(/d\.csv$/), exitCode: 1 });
  });

  it('run: a file cut short after it was fingerprinted is E_INPUT_CHANGED, not the bad row the cut left', async () => {
    writeFileSync(join(dir, 'd.csv'), 'date,v\n2000,1\n2001,2\n2002,3\n');
    const external = await csvSource.fingerprint!(params, ctx);
    writeFileSync(join(dir, 'd.csv'), 'date,v\n2000,1\n2001,'); // truncated mid-row, as a rewrite in progress leaves it
    await expect(csvSource.run({ ...testContext('series', 1, dir), external }, {}, params)).rejects.toMatchObject({ code: 'E_INPUT_CHANGED' });
    // Without a keyed digest to compare with, the cut row is what it is.
    await expect(csvSource.run(testContext('series', 1, dir), {}, params)).rejects.toMatchObject({ code: expect.stringMatching(/^E_CSV_/) });
  });

  it('run: an aborted read throws rather than return part of the series', async () => {
    // Long enough that the read (about 30 ms per 300,000 rows here) is still going at 30 ms.
    const rows = Array.from({ length: 1_500_000 }, (_, i) => `${i},${i % 89}`);
    writeFileSync(join(dir, 'long.csv'), `i,v\n${rows.join('\n')}\n`);
    const long = { ...params, path: 'long.csv', time: undefined };
    const before = testContext('series', 1, dir);
    before.abort();
    await expect(csvSource.run(before, {}, long)).rejects.toMatchObject({ name: 'AbortError' });
    const during = testContext('series', 1, dir);
    setTimeout(() => during.abort(), 30);
    await expect(csvSource.run(during, {}, long)).rejects.toMatchObject({ name: 'AbortError' });
    expect((await csvSource.run(testContext('series', 1, dir), {}, long)).length).toBe(1_500_000);
  });

  it('run: reads relative to the pipeline folder and logs through the context', async () => {
    writeFileSync(join(dir, 'd.csv'), 'date,v\n2003,3\n2000,1\n2001,2\n');
    const c = testContext('series', 1, dir);
    const s = await csvSource.run(c, {}, params);
    expect([...s.values]).toEqual([1, 2, 3]);
    expect(c.logs).toEqual([expect.stringMatching(/^info: rows were not in time order/), expect.stringMatching(/^warn: W_CSV_IRREGULAR/)]);
  });
});
