/**
 * `seqpipe init DATA` through the CLI: every CSV under data/ (and the M4 Hourly panel when it has
 * been fetched) gives a pipeline that validates and runs (one epoch here), the same bytes for the
 * same input, with its data path relative to the written file; the rules' choices (--yes, or
 * stdin not a terminal) are asserted; answers on a terminal (a pseudo-terminal via script(1))
 * change them; and the catalogue of hostile files in test/bad-init/ gives coded, located errors.
 */
import { execFile, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, copyFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, cli, ROOT, tempDir, type CliResult } from '../helpers.js';

const work = tempDir('seqpipe-init-');
const state = join(work.path, 'state');
afterAll(() => work.remove());

/** Every CSV under data/ (the M4 files under data/m4/ are not redistributed: the Hourly panel when present). */
const HOURLY = join(ROOT, 'data/m4/hourly-panel.csv');
const DATA = [...readdirSync(join(ROOT, 'data')).filter((f) => f.endsWith('.csv')).sort().map((f) => `data/${f}`), ...(existsSync(HOURLY) ? ['data/m4/hourly-panel.csv'] : [])];

const init = (args: readonly string[], cwd = ROOT): CliResult => cli(['init', ...args], { cwd });
const read = (file: string): string => readFileSync(file, 'utf8');

interface RunSummary { status: string; metrics: Record<string, Record<string, number>> }

/** `FILE[:LINE:COL]: CODE message` on stderr. */
function located(stderr: string): { file: string; line?: number; col?: number; code: string } {
  const m = /^(.+?)(?::(\d+):(\d+))?: (E_[A-Z0-9_]+) /m.exec(stderr);
  if (!m) throw new Error(`no coded error in: ${stderr}`);
  return { file: m[1]!, ...(m[2] ? { line: Number(m[2]), col: Number(m[3]) } : {}), code: m[4]! };
}

describe('seqpipe init on every bundled CSV', () => {
  it('lists the bundled CSVs (sp500, stocks, us-employment)', () => {
    expect(DATA).toEqual(expect.arrayContaining(['data/sp500.csv', 'data/stocks.csv', 'data/us-employment.csv']));
  });

  for (const data of DATA) {
    it(`${data}: init, validate and run (one epoch) all succeed`, () => {
      const out = join(work.path, `${data.replaceAll('/', '_')}.yaml`);
      const made = init([data, '--out', out]);
      expect(made.code, made.stderr).toBe(0);
      expect(made.stdout).toMatch(/^wrote .*: .*horizon \d+/);
      const text = read(out);
      // The data path is relative to the written file, as the bundled pipelines' are.
      expect(text).toContain(`path: ${relative(work.path, join(ROOT, data))}`);
      const valid = cli(['validate', out]);
      expect(valid.code, valid.stderr).toBe(0);
      const run = cli(['run', out, '--set', 'train.epochs=1', '--json', '--state-dir', state]);
      expect(run.code, run.stderr).toBe(0);
      // Dozens of stages in flight at once (3 folds × baselines) raise no Node warning.
      expect(run.stderr).not.toMatch(/Warning/);
      const summary = JSON.parse(run.stdout) as RunSummary;
      expect(summary.status).toBe('success');
      const gru = Object.entries(summary.metrics).find(([id]) => id.startsWith('test_gru'))![1];
      expect(gru).toHaveProperty('owa');
      expect(gru).toHaveProperty('skill_mase');
      expect(Object.keys(summary.metrics).some((id) => id.startsWith('test_theta'))).toBe(true);
    }, 180_000);
  }
});

describe('seqpipe init: output', () => {
  it('is stable: the same input gives the same bytes (also after --force)', () => {
    const a = join(work.path, 'stable-a.yaml');
    const b = join(work.path, 'stable-b.yaml');
    expect(init(['data/stocks.csv', '--out', a]).code).toBe(0);
    expect(init(['data/stocks.csv', '--out', b]).code).toBe(0);
    expect(read(a)).toBe(read(b));
    expect(init(['data/stocks.csv', '--out', a, '--force']).code).toBe(0);
    expect(read(a)).toBe(read(b));
  });

  it('refuses to overwrite without --force (E_INIT_EXISTS, exit 2), leaving the file as it was', () => {
    const file = join(work.path, 'exists.yaml');
    writeFileSync(file, 'keep me\n');
    const r = init(['data/sp500.csv', '--out', file]);
    expect(r.code).toBe(2);
    expect(located(r.stderr)).toMatchObject({ code: 'E_INIT_EXISTS', file });
    expect(read(file)).toBe('keep me\n');
  });

  it('writes pipelines/NAME.yaml when the working directory has pipelines/, with the data path relative to it', () => {
    const dir = join(work.path, 'project');
    mkdirSync(join(dir, 'pipelines'), { recursive: true });
    mkdirSync(join(dir, 'data'), { recursive: true });
    copyFileSync(join(ROOT, 'data/sp500.csv'), join(dir, 'data/S&P 500.csv'));
    const r = init(['data/S&P 500.csv'], dir);
    expect(r.code, r.stderr).toBe(0);
    const text = read(join(dir, 'pipelines/s-p-500.yaml'));
    expect(text).toContain('path: "../data/S&P 500.csv"');
    expect(text).toContain('name: s-p-500');
    expect(cli(['validate', 'pipelines/s-p-500.yaml'], { cwd: dir }).code).toBe(0);
  });

  it('a single series is backtested, a panel held out (M4), with the season and the rule that chose it in a comment', () => {
    const single = join(work.path, 'sp500.yaml');
    const panel = join(work.path, 'stocks.yaml');
    init(['data/sp500.csv', '--out', single]);
    init(['data/stocks.csv', '--out', panel]);
    expect(read(single)).toMatch(/uses: splitter\/backtest/);
    expect(read(single)).toMatch(/time: "date", monthly \(1 month\)/);
    expect(read(single)).toMatch(/# {3}season 12: the calendar's 12/);
    expect(read(panel)).toMatch(/with: \{ test: 18 \}/);
    expect(read(panel)).toMatch(/series: symbol/);
    expect(read(panel)).toMatch(/seasonal: \{ uses: baseline\/seasonal, from: split, with: \{ period: 12 \} \}/);
    expect(read(panel)).toMatch(/uses: predictor\/next[\s\S]*steps: 18/);
  });
});

describe('seqpipe init: ambiguities', () => {
  const twoTimes = join(work.path, 'two-times.csv');
  writeFileSync(twoTimes, `recorded,month,units,price\n${Array.from({ length: 40 }, (_, i) => {
    const d = new Date(Date.UTC(2000, i, 1)).toISOString().slice(0, 10);
    return `${d}T12:00,${d},${100 + (i % 12) * 3 + i},${(50 + Math.sin(i)).toFixed(3)}`;
  }).join('\n')}\n`);

  it('--yes (and stdin not a terminal) takes the rules: the leftmost time column, the leftmost series column, the leftmost numeric column', () => {
    const out = join(work.path, 'rules.yaml');
    const r = init([twoTimes, '--out', out, '--yes']);
    expect(r.code, r.stderr).toBe(0);
    const text = read(out);
    expect(text).toMatch(/time: recorded, columns: \[units\]/);
    expect(text).toContain('#   time column: recorded, by rule (the leftmost timestamp column); the others: month');
    expect(text).toContain('#   forecast: units, by rule (the leftmost numeric column); the others: price');
    expect(text).toContain('#   model inputs: no, by rule (no: the baselines see the forecast column alone, and a forecast past the end needs no future inputs); the others: yes');
    // stdin not a terminal (spawnSync's pipe): the same rules, the same bytes.
    const piped = join(work.path, 'rules-piped.yaml');
    expect(init([twoTimes, '--out', piped]).code).toBe(0);
    expect(read(piped)).toBe(text);
    const stocks = join(work.path, 'stocks-rules.yaml');
    expect(init(['data/stocks.csv', '--out', stocks, '--yes']).stdout).toContain('series column: symbol, by rule');
    const jobs = join(work.path, 'jobs-rules.yaml');
    expect(init(['data/us-employment.csv', '--out', jobs, '--yes']).stdout).toContain('forecast: nonfarm, by rule (the leftmost numeric column); the others: private, goods_producing');
  });

  const script = spawnSync('script', ['--version'], { encoding: 'utf8' });
  it.skipIf(script.status !== 0)('on a terminal (a pseudo-terminal), the answers choose: time 2, forecast "price", the other column as an input; it runs', async () => {
    const out = join(work.path, 'asked.yaml');
    const command = [process.execPath, BIN, 'init', twoTimes, '--out', out].map((a) => `'${a}'`).join(' ');
    const r = await new Promise<{ code: number; stdout: string }>((resolve) => {
      const child = spawn('script', ['-qec', command, '/dev/null'], { cwd: ROOT, timeout: 60_000 });
      let stdout = '';
      // Each answer typed once its question shows: the second time column, a column by name, yes.
      const answers: [string, string][] = [['Which column is the time?', '2\n'], ['Which column to forecast?', 'price\n'], ['as inputs too?', 'yes\n']];
      child.stdout.on('data', (d) => {
        stdout += d;
        while (answers.length && stdout.includes(answers[0]![0])) child.stdin.write(answers.shift()![1]);
        if (!answers.length) child.stdin.end();
      });
      child.on('close', (code) => resolve({ code: code ?? -1, stdout }));
    });
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).toContain('Which column is the time?');
    const text = read(out);
    expect(text).toMatch(/time: month, columns: \[price, units\]/);
    expect(text).toContain('#   time column: month, answered on the terminal');
    expect(text).toContain('#   forecast: price, answered on the terminal');
    expect(text).toContain('#   model inputs: yes, answered on the terminal');
    expect(text).toMatch(/target: price, features: all/);
    const run = cli(['run', out, '--set', 'train.epochs=1', '--json', '--state-dir', state]);
    expect(run.code, run.stderr).toBe(0);
  }, 120_000);
});

describe('seqpipe init: integer series ids and gaps', () => {
  it('store ids (integers) are the series, sales with gaps are interpolated, and the pipeline runs', () => {
    const file = join(work.path, 'sales.csv');
    const rows: string[] = [];
    for (const store of [1, 2, 3]) {
      for (let i = 0; i < 36; i++) {
        const gap = store === 2 && i === 10;
        rows.push(`${store},${new Date(Date.UTC(2010, i, 1)).toISOString().slice(0, 10)},${gap ? 'NA' : (100 * store + 10 * Math.sin((2 * Math.PI * i) / 12) + i).toFixed(1)}`);
      }
    }
    writeFileSync(file, `store,date,sales\n${rows.join('\n')}\n`);
    const out = join(work.path, 'sales.yaml');
    const r = init([file, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(read(out)).toContain('with: { path: sales.csv, time: date, series: store, columns: [sales], missing: interpolate }');
    const run = cli(['run', out, '--set', 'train.epochs=1', '--json', '--state-dir', state]);
    expect(run.code, run.stderr).toBe(0);
  }, 120_000);
});

describe('seqpipe init on a Parquet file', () => {
  it('reads the columns\' types, writes source/parquet, and the pipeline runs', async () => {
    const file = join(work.path, 'stocks.parquet');
    const connection = await (await DuckDBInstance.create(':memory:')).connect();
    await connection.run(`COPY (SELECT symbol, strptime(date, '%b %d %Y')::DATE AS date, price FROM read_csv('${join(ROOT, 'data/stocks.csv')}')) TO '${file}' (FORMAT parquet)`);
    connection.closeSync();
    const out = join(work.path, 'stocks-parquet.yaml');
    const r = init([file, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(read(out)).toMatch(/uses: source\/parquet\n {4}with: \{ path: stocks.parquet, time: date, series: symbol, columns: \[price\] \}/);
    const run = cli(['run', out, '--set', 'train.epochs=1', '--json', '--state-dir', state]);
    expect(run.code, run.stderr).toBe(0);
  }, 120_000);
});

describe('seqpipe init: hostile files (test/bad-init/)', () => {
  const dir = join(ROOT, 'test/bad-init');
  const expected = JSON.parse(read(join(dir, 'expected.json'))) as Record<string, { code: string; line?: number; col?: number }>;
  const files = readdirSync(dir).filter((f) => f !== 'expected.json').sort();

  it('has an expectation for every file, and covers every init error code', () => {
    expect(Object.keys(expected).sort()).toEqual(files);
    const codes = new Set(Object.values(expected).map((e) => e.code));
    for (const code of ['E_INIT_NOT_TABLE', 'E_INIT_NO_VALUES', 'E_INIT_TOO_SHORT']) expect(codes).toContain(code);
  });

  for (const name of files) {
    it(`${name}: ${expected[name]?.code}, located, exit 2, nothing written`, async () => {
      const out = join(work.path, `bad-${name}.yaml`);
      const r = await new Promise<CliResult>((resolve) => {
        execFile(process.execPath, [BIN, 'init', `test/bad-init/${name}`, '--out', out], { cwd: ROOT, timeout: 60_000 }, (error, stdout, stderr) =>
          resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr }));
      });
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      const want = expected[name]!;
      expect(located(r.stderr)).toEqual({ file: `test/bad-init/${name}`, ...(want.line ? { line: want.line, col: want.col } : {}), code: want.code });
      expect(existsSync(out)).toBe(false);
    });
  }

  it('binary content (a NUL byte) is not a table', () => {
    const file = join(work.path, 'binary.csv');
    writeFileSync(file, Buffer.from([0x64, 0x61, 0x74, 0x65, 0x2c, 0x00, 0x01, 0x02, 0x0a]));
    const r = init([file, '--out', join(work.path, 'binary.yaml')]);
    expect(r.code).toBe(2);
    expect(located(r.stderr).code).toBe('E_INIT_NOT_TABLE');
  });

  it('an unreadable path (missing, a folder) is E_INIT_UNREADABLE at the path, exit 2', () => {
    for (const path of ['data/no-such.csv', 'data']) {
      const r = init([path, '--out', join(work.path, 'none.yaml')]);
      expect(r.code).toBe(2);
      expect(located(r.stderr)).toEqual({ file: path, code: 'E_INIT_UNREADABLE' });
    }
  });

  it('a file over the CSV size limit is E_CSV_TOO_LARGE, and an --out folder that does not exist E_WRITE_FAILED, both exit 2', () => {
    const big = cli(['init', 'data/sp500.csv', '--out', join(work.path, 'big.yaml')], { env: { SEQPIPE_CSV_MAX_BYTES: '100' } });
    expect(big.code).toBe(2);
    expect(located(big.stderr)).toEqual({ file: 'data/sp500.csv', code: 'E_CSV_TOO_LARGE' });
    const nowhere = init(['data/sp500.csv', '--out', join(work.path, 'no/such/dir.yaml')]);
    expect(nowhere.code).toBe(2);
    expect(nowhere.stderr).toContain('E_WRITE_FAILED');
  });

  it('no data file is a usage error', () => {
    const r = init([]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('E_USAGE');
  });
});
