/**
 * source/parquet and source/sql through the CLI (the bundled bin, with @duckdb/node-api left
 * outside the bundle): a Parquet pipeline runs to metrics and reads the very series source/csv
 * reads from the same data; the file's bytes are in the key; a query joins a CSV and a Parquet
 * file; and bad inputs are reported in the catalogue style (code, file:line:col, exit code).
 * Parquet files are written by DuckDB itself into a temp dir: nothing binary is committed.
 */
import { copyFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, ROOT, tempDir } from '../helpers.js';

const work = tempDir('seqpipe-duckdb-cli-');
const state = join(work.path, 'state');
afterAll(() => work.remove());

/** work/name ← the rows of `select` as Parquet (DuckDB reads data/ from the repository). */
async function parquet(name: string, select: string): Promise<void> {
  const connection = await (await DuckDBInstance.create(':memory:')).connect();
  await connection.run(`COPY (${select}) TO '${join(work.path, name)}' (FORMAT parquet)`);
  connection.closeSync();
}
const SP500 = `SELECT strptime(date, '%b %d %Y')::DATE AS date, price FROM read_csv('${join(ROOT, 'data/sp500.csv')}')`;

/** The downstream stages every pipeline here shares (so equal series mean cache hits). */
const DOWNSTREAM = `  scaled: { uses: scaler/minmax, from: series, with: { fitFraction: 0.8 } }
  windows: { uses: windower/sliding, from: scaled, with: { lookback: 12 } }
  split: { uses: splitter/ratio, from: windows, with: { train: 0.8 } }
  naive: { uses: baseline/naive, from: split }
  test: { uses: evaluator/regression, from: { model: naive, data: split } }
  other: { uses: source/sine, with: { points: 50 } }
`;
/** The source stage's `with:` entries start on line 7, column 7. */
const pipeline = (uses: string, withLines: string): string => `name: duckdb-cli
seed: 1
stages:
  series:
    uses: ${uses}
    with:
${withLines.trim().split('\n').map((l) => `      ${l.trim()}`).join('\n')}
${DOWNSTREAM}`;

interface Summary {
  status: string;
  stages: { id: string; status: string }[];
  metrics: Record<string, Record<string, number>>;
  error?: { code: string; message: string; file?: string; line?: number; col?: number; stage?: string };
  errors?: { code: string; message: string; file?: string; line?: number; col?: number }[];
}
function run(file: string, text?: string): Summary & { code: number; stderr: string } {
  if (text !== undefined) writeFileSync(join(work.path, file), text);
  const r = cli(['run', file, '--json', '--state-dir', state], { cwd: work.path });
  return { ...(JSON.parse(r.stdout) as Summary), code: r.code, stderr: r.stderr };
}
const ran = (s: Summary): string[] => s.stages.filter((x) => x.status === 'ran').map((x) => x.id).sort();
const DEPENDENTS = ['naive', 'scaled', 'series', 'split', 'test', 'windows'];

beforeAll(async () => {
  await parquet('prices.parquet', SP500);
  await parquet('long.parquet', `SELECT strptime(date, '%b %d %Y')::DATE AS date, symbol, price FROM read_csv('${join(ROOT, 'data/stocks.csv')}')`);
  copyFileSync(join(ROOT, 'data/stocks.csv'), join(work.path, 'stocks.csv'));
  writeFileSync(join(work.path, 'notes.parquet'), 'date,price\n2000-01-01,1\n');
});

describe('source/parquet through the CLI', () => {
  const PARQUET = pipeline('source/parquet', 'path: prices.parquet\ntime: date\ncolumns: [price]');

  it('source/parquet → scaler → windower → splitter → naive → evaluator runs, and its series is source/csv\'s on the same data', () => {
    const first = run('parquet.yaml', PARQUET);
    expect(first.code, first.stderr).toBe(0);
    expect(ran(first)).toEqual([...DEPENDENTS, 'other'].sort());
    expect(first.metrics.test!.mae).toBeGreaterThan(0);
    // The CSV twin: same downstream stages; an identical series makes every one of them a hit.
    const csv = run('csv.yaml', pipeline('source/csv', `path: ${join(ROOT, 'data/sp500.csv')}\ntime: date\ncolumns: [price]`));
    expect(csv.code, csv.stderr).toBe(0);
    expect(ran(csv)).toEqual(['series']);
    expect(csv.metrics).toEqual(first.metrics);
  });

  it('keys on the bytes: a touched file is all hits, an edited value re-runs the source and what depends on it', async () => {
    utimesSync(join(work.path, 'prices.parquet'), new Date(), new Date(Date.now() + 60_000));
    expect(ran(run('parquet.yaml'))).toEqual([]);
    await parquet('prices.parquet', `SELECT date, CASE WHEN date = DATE '2005-06-01' THEN 999.5 ELSE price END AS price FROM (${SP500})`);
    const edited = run('parquet.yaml');
    expect(edited.code, edited.stderr).toBe(0);
    expect(ran(edited)).toEqual(DEPENDENTS);
    expect(edited.stages.find((s) => s.id === 'other')!.status).toBe('hit');
    await parquet('prices.parquet', SP500);
  });
});

describe('source/sql through the CLI', () => {
  it('joins and filters a CSV and a Parquet file into a two-column series', () => {
    const query = `query: "SELECT p.date, s.price AS msft, p.price AS sp500 FROM read_csv('stocks.csv') s JOIN 'prices.parquet' p ON strptime(s.date, '%b %d %Y')::DATE = p.date WHERE s.symbol = 'MSFT'"`;
    const r = run('sql.yaml', pipeline('source/sql', `${query}\nfiles: [stocks.csv, prices.parquet]\ntime: date`));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stages.find((s) => s.id === 'series')!.status).toBe('ran');
    expect(Object.keys(r.metrics.test!)).toContain('mae');
    expect(run('sql.yaml').stages.every((s) => s.status === 'hit')).toBe(true);
  });
});

/** Bad inputs: what is found by validate is at the pipeline's with.<param> (exit 2), the rest while running (exit 1). */
const CATALOGUE: { name: string; uses: string; with: string; code: string; exit: 1 | 2; at?: [number, number]; file?: string; message?: RegExp }[] = [
  { name: 'a missing Parquet file', uses: 'source/parquet', with: 'path: nope.parquet', code: 'E_DATA_NOT_FOUND', exit: 2, at: [7, 13] },
  { name: 'a file that is not Parquet', uses: 'source/parquet', with: 'path: notes.parquet', code: 'E_PARQUET_INVALID', exit: 2, at: [7, 13] },
  { name: 'a missing column', uses: 'source/parquet', with: 'path: prices.parquet\ntime: date\ncolumns: [prise]', code: 'E_DATA_MISSING_COLUMN', exit: 2, at: [9, 17], message: /did you mean "price"\?; its columns: "date", "price"/ },
  { name: 'a missing where column', uses: 'source/parquet', with: 'path: long.parquet\ntime: date\nwhere: { symbl: MSFT }', code: 'E_DATA_MISSING_COLUMN', exit: 2, at: [9, 16] },
  { name: 'a text value column', uses: 'source/parquet', with: 'path: long.parquet\ntime: date\ncolumns: [symbol]', code: 'E_DATA_COLUMN_TYPE', exit: 1, file: 'long.parquet', message: /"symbol".*VARCHAR, not numeric/ },
  { name: 'a repeated time (no where)', uses: 'source/parquet', with: 'path: long.parquet\ntime: date\ncolumns: [price]', code: 'E_DATA_DUPLICATE_TIME', exit: 1, file: 'long.parquet', message: /2000-01-01 at row 124 \(first at row 1\)/ },
  { name: 'where matching nothing', uses: 'source/parquet', with: 'path: long.parquet\ntime: date\nwhere: { symbol: MSFX }', code: 'E_DATA_EMPTY', exit: 1, file: 'long.parquet', message: /did you mean "MSFT"/ },
  { name: 'a listed file missing', uses: 'source/sql', with: "query: SELECT 1 AS v\nfiles: [prices.parquet, gone.csv]", code: 'E_DATA_NOT_FOUND', exit: 2, at: [8, 31] },
  { name: 'a SQL syntax error', uses: 'source/sql', with: "query: SELEC date FROM 'prices.parquet'\nfiles: [prices.parquet]", code: 'E_SQL', exit: 1, at: [4, 3], message: /Parser Error: syntax error at or near "SELEC"/ },
  { name: 'a file the query reads but files does not list', uses: 'source/sql', with: "query: SELECT * FROM 'stocks.csv'\nfiles: [prices.parquet]", code: 'E_SQL', exit: 1, at: [4, 3], message: /Permission Error.*listed under "files"/ },
  { name: 'a column the result lacks', uses: 'source/sql', with: "query: SELECT date, price FROM 'prices.parquet'\nfiles: [prices.parquet]\ntime: dates", code: 'E_DATA_MISSING_COLUMN', exit: 1, at: [4, 3], message: /in the query's result — did you mean "date"/ },
  { name: 'a NULL under missing: error', uses: 'source/sql', with: "query: SELECT date, NULLIF(price, 1394.46) AS price FROM 'prices.parquet'\nfiles: [prices.parquet]\ntime: date", code: 'E_DATA_MISSING_VALUE', exit: 1, at: [4, 3], message: /column "price" .* at row 1; set missing/ },
];

describe('bad DuckDB-source inputs', () => {
  CATALOGUE.forEach((c, i) => {
    it(`${c.name}: ${c.code} exit ${c.exit}`, () => {
      const r = run(`bad-${i}.yaml`, pipeline(c.uses, c.with));
      expect(r.code, r.stderr).toBe(c.exit);
      const error = c.exit === 2 ? r.errors?.[0] : r.error;
      const file = c.file ?? `bad-${i}.yaml`;
      expect(error).toMatchObject({ code: c.code, file, ...(c.at ? { line: c.at[0], col: c.at[1] } : {}), ...(c.message ? { message: expect.stringMatching(c.message) } : {}) });
      expect(r.stderr).toContain(`${file}${c.at ? `:${c.at[0]}:${c.at[1]}` : ''}: ${c.code}`);
      expect(r.stderr).not.toMatch(/\n\s+at /); // never a stack trace
    });
  });
});
