/**
 * What a run loads (issue 7: a fully cached re-run must start fast). The CLI runs under a loader
 * hook that lists every module it imports: a fully cached re-run must import neither vega (its
 * report's charts come from the SVG cache) nor TensorFlow, and the fused engine never needs
 * TensorFlow at all. Each run that should load one is checked to show it, so the trace is live.
 * A sweep is held to the same: no backend line unless TensorFlow loads, no vega when fully cached.
 * DuckDB (≈70 MB native, for source/parquet and source/sql) loads only when such a source runs.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, ROOT, TINY, tempDir } from '../helpers.js';

const state = tempDir();
const traces = tempDir('seqpipe-trace-');
afterAll(() => {
  state.remove();
  traces.remove();
});

const TRACE = join(ROOT, 'test/fixtures/trace/trace-imports.mjs');
let n = 0;

/** Runs the bin under the import trace; SEQPIPE_BACKEND=cpu makes the backend known without a load, with or without tfjs-node. */
function traced(...args: string[]): { code: number; stdout: string; stderr: string; modules: string[] } {
  // validate and graph take no state dir.
  const file = join(traces.path, `trace-${++n}.txt`);
  rmSync(file, { force: true });
  const r = spawnSync(process.execPath, ['--import', TRACE, BIN, ...args, ...(['graph', 'validate'].includes(args[0]!) ? [] : ['--state-dir', state.path])], {
    cwd: ROOT, encoding: 'utf8', timeout: 120_000, env: { ...process.env, SEQPIPE_BACKEND: 'cpu', SEQPIPE_TRACE_IMPORTS: file },
  });
  const modules = readFileSync(file, 'utf8').split('\n').filter(Boolean);
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr, modules };
}

const loads = (modules: readonly string[], pkg: string): boolean => modules.some((m) => m.includes(`/node_modules/${pkg}/`));
const charts = (runDir: string): Record<string, string> =>
  Object.fromEntries(readdirSync(runDir).filter((f) => f.endsWith('.svg')).map((f) => [f, readFileSync(join(runDir, f), 'utf8')]));

describe('what a run loads', () => {
  let first: { runDir: string };

  it('a fresh run trains with the fused engine without TensorFlow, prints no backend line, and renders its charts with vega', () => {
    const r = traced('run', TINY, '--json');
    expect(r.code).toBe(0);
    first = JSON.parse(r.stdout);
    expect(loads(r.modules, 'vega')).toBe(true);
    expect(loads(r.modules, '@tensorflow')).toBe(false);
    expect(r.stderr).toMatch(/engine fused/);
    expect(r.stderr).not.toMatch(/^backend /m);
    // run.json and the report say what computed: the fused engine, no TensorFlow backend.
    const environment = JSON.parse(readFileSync(join(first.runDir, 'run.json'), 'utf8')).environment;
    expect(environment).toMatchObject({ engines: ['fused'], tensorflowLoaded: false });
    expect(environment).not.toHaveProperty('backend');
    const report = readFileSync(join(first.runDir, 'report.html'), 'utf8');
    expect(report).toContain('· engine fused ·');
    expect(report).not.toMatch(/backend (cpu|wasm|tensorflow)/);
  });

  it('a fully cached re-run imports neither vega nor TensorFlow, and writes the same charts', () => {
    const r = traced('run', TINY, '--json');
    expect(r.code).toBe(0);
    const again = JSON.parse(r.stdout);
    expect(again.stages.every((s: { cached: boolean }) => s.cached)).toBe(true);
    expect(r.modules.some((m) => m.endsWith('/packages/cli/bin/seqpipe.js'))).toBe(true);
    expect(loads(r.modules, 'vega')).toBe(false);
    expect(loads(r.modules, 'vega-lite')).toBe(false);
    expect(loads(r.modules, '@tensorflow')).toBe(false);
    const cached = charts(again.runDir);
    expect(Object.keys(cached).sort()).toEqual(['forecast-next.svg', 'loss.svg', 'predictions.svg']);
    expect(cached).toEqual(charts(first.runDir));
    expect(readFileSync(join(again.runDir, 'report.html'), 'utf8')).toContain(again.runId);
  });

  it('the layers engine loads TensorFlow and prints the backend it computed on, once', () => {
    const r = traced('run', TINY, '--set', 'train.engine=layers', '--json');
    expect(r.code).toBe(0);
    expect(loads(r.modules, '@tensorflow')).toBe(true);
    expect(r.stderr.match(/^backend cpu /gm)).toHaveLength(1);
    expect(r.stderr).toMatch(/engine layers/);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ engines: ['layers'], backend: 'cpu' });
    expect(readFileSync(join(out.runDir, 'report.html'), 'utf8')).toContain('· engine layers · backend cpu (tfjs ');
  });
});

describe('what a sweep loads', () => {
  const sweep = ['sweep', TINY, '--seeds', '1,2', '--grid', 'model.layers.0.units=4,5', '--jobs', '1', '--json'];
  let first: { report: string };
  const sweepCharts = (report: string): Record<string, string> => charts(dirname(report));

  it('a fused-engine sweep loads no TensorFlow, prints no backend line, and renders its charts with vega', () => {
    const r = traced(...sweep);
    expect(r.code).toBe(0);
    first = JSON.parse(r.stdout);
    expect(loads(r.modules, 'vega')).toBe(true);
    expect(loads(r.modules, '@tensorflow')).toBe(false);
    expect(r.stderr).not.toMatch(/^backend /m);
  });

  it('a fully cached sweep re-run imports neither vega nor TensorFlow, and writes the same charts', () => {
    const r = traced(...sweep);
    expect(r.code).toBe(0);
    const again = JSON.parse(r.stdout);
    expect(again.variants.every((v: { stages: { cached: boolean }[] }) => v.stages.every((s) => s.cached))).toBe(true);
    expect(loads(r.modules, 'vega')).toBe(false);
    expect(loads(r.modules, 'vega-lite')).toBe(false);
    expect(loads(r.modules, '@tensorflow')).toBe(false);
    expect(again.report).not.toBe(first.report);
    const cached = sweepCharts(again.report);
    expect(Object.keys(cached).sort()).toEqual(['loss.svg', 'metrics.svg']);
    expect(cached).toEqual(sweepCharts(first.report));
  });

  it('a layers-engine sweep loads TensorFlow and prints the backend it computed on, once', () => {
    const r = traced('sweep', TINY, '--seeds', '1,2', '--jobs', '1', '--set', 'train.engine=layers');
    expect(r.code).toBe(0);
    expect(loads(r.modules, '@tensorflow')).toBe(true);
    expect(r.stderr.match(/^backend cpu /gm)).toHaveLength(1);
  });
});

describe('what a Parquet or SQL pipeline loads', () => {
  const pipeline = join(traces.path, 'parquet.yaml');
  beforeAll(async () => {
    const connection = await (await DuckDBInstance.create(':memory:')).connect();
    await connection.run(`COPY (SELECT DATE '2000-01-01' + range::INTEGER AS day, sin(range / 5) AS v FROM range(60)) TO '${join(traces.path, 'p.parquet')}' (FORMAT parquet)`);
    connection.closeSync();
    writeFileSync(pipeline, [
      'name: parquet-startup',
      'stages:',
      '  p: { uses: source/parquet, with: { path: p.parquet, time: day } }',
      "  q: { uses: source/sql, with: { query: \"SELECT day, v * 2 AS w FROM 'p.parquet'\", files: [p.parquet], time: day } }",
      '  w: { uses: windower/sliding, from: p, with: { lookback: 4 } }',
      '  x: { uses: windower/sliding, from: q, with: { lookback: 4 } }',
      '',
    ].join('\n'));
  });

  it('validate and graph read the Parquet footer without loading DuckDB', () => {
    for (const command of ['validate', 'graph']) {
      const r = traced(command, pipeline);
      expect(r.code, r.stderr).toBe(0);
      expect(loads(r.modules, '@duckdb'), command).toBe(false);
    }
  });

  it('a fresh run loads DuckDB; a fully cached re-run does not', () => {
    const fresh = traced('run', pipeline, '--json');
    expect(fresh.code, fresh.stderr).toBe(0);
    expect(loads(fresh.modules, '@duckdb/node-api')).toBe(true);
    const again = traced('run', pipeline, '--json');
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout).stages.every((s: { cached: boolean }) => s.cached)).toBe(true);
    expect(loads(again.modules, '@duckdb')).toBe(false);
  });
});
