import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, describe, expect, it } from 'vitest';
import { parquetColumnNames } from './parquet-footer.js';

const dir = mkdtempSync(join(tmpdir(), 'seqpipe-parquet-footer-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Writes `select` to dir/name as Parquet with DuckDB, and returns the column names DuckDB reads back. */
async function write(name: string, select: string, options = ''): Promise<{ file: string; names: string[] }> {
  const connection = await (await DuckDBInstance.create(':memory:')).connect();
  const file = join(dir, name);
  await connection.run(`COPY (${select}) TO '${file}' (FORMAT parquet${options})`);
  const names = (await connection.runAndReadAll(`SELECT * FROM read_parquet('${file}') LIMIT 0`)).columnNames();
  connection.closeSync();
  return { file, names };
}

describe('parquetColumnNames (the footer alone, no DuckDB)', () => {
  it('reads the top-level names DuckDB reads, nested columns once, in order', async () => {
    const { file, names } = await write('types.parquet', `
      SELECT 1::TINYINT AS "tiny", 2::BIGINT AS big, 1.5::DOUBLE AS "a value", 3.25::DECIMAL(12,3) AS dec, 'x' AS s, true AS b,
        DATE '2000-01-01' AS d, TIMESTAMP '2000-01-01 10:00' AS ts, {'k': 1, 'inner': {'z': [1, 2]}} AS st, [1, 2, 3] AS l,
        MAP {'a': 1} AS m, 'ünï"cødé' AS "naïve ""quoted""", NULL::INTEGER AS "null"`);
    expect(names).toHaveLength(13);
    expect(await parquetColumnNames(file)).toEqual(names);
  });

  it('reads a wide schema with many row groups (long lists, varint lengths)', async () => {
    const select = `SELECT ${Array.from({ length: 300 }, (_, i) => `range + ${i} AS c${i}`).join(', ')} FROM range(5000)`;
    const { file, names } = await write('wide.parquet', select, ', ROW_GROUP_SIZE 1000');
    expect(await parquetColumnNames(file)).toEqual(names);
  });

  it('refuses what is not Parquet: a CSV, an empty file, a cut footer', async () => {
    writeFileSync(join(dir, 'x.csv'), 'a,b\n1,2\n3,4\n5,6\n');
    await expect(parquetColumnNames(join(dir, 'x.csv'))).rejects.toThrow(/PAR1/);
    writeFileSync(join(dir, 'empty.parquet'), '');
    await expect(parquetColumnNames(join(dir, 'empty.parquet'))).rejects.toThrow(/too short/);
    const { file } = await write('ok.parquet', 'SELECT 1 AS a, 2 AS b');
    const bytes = readFileSync(file);
    // Keep the tail (length + PAR1) but zero the footer's first bytes: the struct no longer decodes.
    const length = bytes.readUInt32LE(bytes.length - 8);
    const broken = Buffer.from(bytes);
    broken.fill(0xff, bytes.length - 8 - length, bytes.length - 8 - length + 6);
    writeFileSync(join(dir, 'broken.parquet'), broken);
    await expect(parquetColumnNames(join(dir, 'broken.parquet'))).rejects.toThrow();
    writeFileSync(join(dir, 'cut.parquet'), Buffer.concat([Buffer.from('PAR1'), bytes.subarray(bytes.length - 8)]));
    await expect(parquetColumnNames(join(dir, 'cut.parquet'))).rejects.toThrow(/does not fit/);
  });
});
