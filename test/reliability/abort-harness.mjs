#!/usr/bin/env node
/**
 * Graceful-abort harness: stops `seqpipe run` on a multi-million-row CSV pipeline at seeded moments
 * — Ctrl-C (SIGINT), `--max-seconds`, `--max-memory` — during the CSV read and the stages after it,
 * and rewrites the CSV under a running read. After each trial:
 *   - every stored object hashes to its name, every manifest points at such an object, and
 *     `seqpipe cache verify` passes;
 *   - a stopped run is recorded as interrupted (never success, never failed), or it finished first;
 *   - a rewritten file fails the run with E_INPUT_CHANGED (or the run read one whole version);
 *   - with the original file back, a fresh run's stage digests equal an uninterrupted run's:
 *     nothing partial or mixed was ever keyed as the file's content.
 *
 *   node test/reliability/abort-harness.mjs [--rows 2000000] [--trials 50] [--rewrites 20] [--seed 1] [--out FILE.md]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runsOf, seeded, storeProblems } from './kill-harness.mjs';

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'packages/cli/bin/seqpipe.js');

/** `t,v` rows: a noisy sine, values from a seeded generator. */
function csvText(rows, seed) {
  const rng = seeded(seed);
  const lines = ['t,v'];
  for (let i = 0; i < rows; i++) lines.push(`${i},${(Math.sin(i / 50) * 100 + rng() * 10).toFixed(4)}`);
  return `${lines.join('\n')}\n`;
}

const PIPELINE = `name: abort-harness
stages:
  series: { uses: source/csv, with: { path: data.csv, columns: [v] } }
  scaled: { uses: scaler/minmax, from: series, with: { fitFraction: 0.8 } }
  windows: { uses: windower/sliding, from: scaled, with: { lookback: 8 } }
  split: { uses: splitter/ratio, from: windows, with: { train: 0.8 } }
  naive: { uses: baseline/naive, from: { data: split } }
  naive_test: { uses: evaluator/regression, from: { model: naive, data: split } }
`;

function start(dir, stateDir, extra = []) {
  const child = spawn(process.execPath, [BIN, 'run', join(dir, 'pipeline.yaml'), '--state-dir', stateDir, '--json', ...extra], { cwd: dir });
  let stdout = '', stderr = '', peak = 0;
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const sampler = setInterval(() => {
    try {
      const kb = Number(/^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0);
      peak = Math.max(peak, kb / 1024);
    } catch {}
  }, 20);
  const exited = new Promise((resolve) => child.on('close', (code, signal) => {
    clearInterval(sampler);
    resolve({ code, signal, stdout, stderr, peakMb: peak });
  }));
  return { child, exited, stderr: () => stderr };
}

const digests = (stateDir, runId) => {
  const record = runsOf(stateDir).find((r) => r.id === runId)?.record;
  return Object.fromEntries((record?.stages ?? []).map((s) => [s.id, s.digest]));
};
const lastRunId = (stdout) => {
  try {
    return JSON.parse(stdout).runId;
  } catch {
    return undefined;
  }
};

function cacheVerify(stateDir) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, 'cache', 'verify', '--state-dir', stateDir, '--json']);
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('close', (code) => resolve({ code, out }));
  });
}

/** Three ways a file changes under a reader: in place (same length), truncated and rewritten, replaced by rename. */
function rewrite(file, how, original) {
  const changed = original.replace(/,(\d)/, (_, d) => `,${(Number(d) + 1) % 10}`); // same length, first value changed
  if (how === 0) {
    const at = Math.floor(original.length * 0.9);
    const text = original.slice(0, at) + original.slice(at).replace(/\d/, (d) => String((Number(d) + 1) % 10));
    writeFileSync(file, text);
  } else if (how === 1) writeFileSync(file, `${changed}${original.slice(original.indexOf('\n') + 1, original.indexOf('\n') + 2000)}`);
  else {
    writeFileSync(`${file}.new`, changed);
    renameSync(`${file}.new`, file);
  }
}

export async function runTrials({ rows = 2_000_000, trials = 50, rewrites = 20, seed = 1, log = () => {} } = {}) {
  const rng = seeded(seed);
  const dir = mkdtempSync(join(tmpdir(), 'seqpipe-abort-'));
  const file = join(dir, 'data.csv');
  const original = csvText(rows, seed);
  writeFileSync(file, original);
  writeFileSync(join(dir, 'pipeline.yaml'), PIPELINE);
  try {
    // Two uninterrupted runs: the faster sets the time scale (a busy moment would stretch it and
    // leave later stops after the end); the first's digests are the truth.
    const refs = [];
    for (const name of ['reference', 'reference-2']) {
      const t0 = performance.now();
      const r = await start(dir, join(dir, name)).exited;
      if (r.code !== 0) throw new Error(`reference run failed: ${r.stderr}`);
      // The run's own seconds plus start-up: the report written after run.json (seconds for 2M rows)
      // is no part of the run a stop can interrupt.
      const out = JSON.parse(r.stdout);
      const startup = 500;
      refs.push({ ...r, duration: Math.min(performance.now() - t0, out.seconds * 1000 + startup), seconds: out.seconds, read: out.stages.find((s) => s.id === 'series').seconds });
    }
    const ref = refs[0];
    const duration = Math.min(...refs.map((r) => r.duration));
    const readSeconds = Math.min(...refs.map((r) => r.read));
    // --max-seconds counts from the run's start, not the process's: aimed within the run's own seconds.
    const runSeconds = Math.min(...refs.map((r) => r.seconds));
    const expected = digests(join(dir, 'reference'), lastRunId(ref.stdout));
    log(`reference: ${(duration / 1000).toFixed(2)} s, read ${readSeconds} s, peak ${ref.peakMb.toFixed(0)} MB, ${original.length} bytes`);

    const results = [];
    for (let i = 0; i < trials + rewrites; i++) {
      const stateDir = join(dir, `trial-${i}`);
      const rewriting = i >= trials;
      const mode = rewriting ? 'rewrite' : ['SIGINT', '--max-seconds', '--max-memory'][i % 3];
      // Stratified over the run: the k-th trial of a mode at (k + u)/n of it, so all phases are hit.
      const n = rewriting ? rewrites : Math.ceil(trials / 3);
      const k = rewriting ? i - trials : Math.floor(i / 3);
      // Over the first 90% of the reference: a trial run is not slower than it, so later moments
      // would mostly find the run finished.
      const at = (0.9 * (k + rng())) / n;
      const extra = mode === '--max-seconds' ? ['--max-seconds', (0.01 + at * runSeconds).toFixed(2)]
        : mode === '--max-memory' ? ['--max-memory', String(Math.round(80 + at * Math.max(10, ref.peakMb - 80)))] : [];
      const run = start(dir, stateDir, extra);
      let timer;
      if (mode === 'SIGINT') timer = setTimeout(() => run.child.kill('SIGINT'), at * duration);
      if (rewriting) {
        // Aimed at the read: after the series stage starts, within its measured duration.
        const onData = () => {
          if (!/▶ series/.test(run.stderr())) return;
          run.child.stderr.off('data', onData);
          timer = setTimeout(() => rewrite(file, k % 3, original), at * readSeconds * 1000);
        };
        run.child.stderr.on('data', onData);
      }
      const r = await run.exited;
      clearTimeout(timer);
      writeFileSync(file, original);
      const problems = [];
      if (/E_INTERNAL|\n\s+at /.test(r.stderr)) problems.push('an internal error or stack trace');
      const record = runsOf(stateDir).find((x) => x.id === lastRunId(r.stdout))?.record;
      const status = record?.status ?? 'no record';
      const code = record?.error?.code;
      if (rewriting) {
        if (!(status === 'success' || code === 'E_INPUT_CHANGED')) problems.push(`rewrite gave ${status} ${code ?? ''}`);
      } else if (status === 'no record' && r.signal === 'SIGINT' && runsOf(stateDir).length === 0) {
        // Ctrl-C during Node's start-up or validation, before any run existed: the process ends
        // as any command does on SIGINT, leaving nothing behind (checked below as for every trial).
      } else if (!(status === 'success' || (status === 'interrupted' && ['E_INTERRUPTED', 'E_TIME_LIMIT', 'E_MEMORY_LIMIT'].includes(code)))) {
        problems.push(`stopped run recorded as ${status} ${code ?? ''}`);
      }
      problems.push(...storeProblems(stateDir));
      const verify = await cacheVerify(stateDir);
      if (verify.code !== 0) problems.push(`cache verify exited ${verify.code}`);
      const fresh = await start(dir, stateDir).exited;
      if (fresh.code !== 0) problems.push(`fresh run exited ${fresh.code}`);
      else {
        const got = digests(stateDir, lastRunId(fresh.stdout));
        for (const [id, digest] of Object.entries(expected)) if (got[id] !== digest) problems.push(`fresh run: ${id} differs from the uninterrupted run`);
      }
      const stoppedIn = (record?.stages ?? []).find((s) => s.status === 'interrupted' || s.status === 'failed')?.id
        ?? (status === 'success' ? 'finished first' : status === 'no record' ? 'before the run started' : '—');
      const result = { trial: i, mode, extra: extra.join(' '), status, code: code ?? '', stoppedIn, problems };
      results.push(result);
      log(`trial ${i}: ${mode} ${extra.join(' ')} → ${status} ${code ?? ''} in ${stoppedIn}; ${problems.length ? `FAILED: ${problems.join('; ')}` : 'ok'}`);
      rmSync(stateDir, { recursive: true, force: true });
    }
    return { duration, readSeconds, peakMb: ref.peakMb, bytes: original.length, rows, results };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A markdown table: trials per mode and the stage they stopped in, survived, data lost. */
export function summarize(report, { seed, command }) {
  const groups = new Map();
  for (const r of report.results) {
    const key = `${r.mode} | ${r.stoppedIn} | ${r.status} ${r.code}`.trim();
    const g = groups.get(key) ?? { trials: 0, survived: 0 };
    g.trials++;
    if (!r.problems.length) g.survived++;
    groups.set(key, g);
  }
  const lost = report.results.filter((r) => r.problems.length).length;
  return [
    `Abort harness: ${report.results.length} trials, seed ${seed}, ${report.rows} rows (${(report.bytes / 1e6).toFixed(1)} MB), reference run ${(report.duration / 1000).toFixed(2)} s (read ${report.readSeconds} s, peak ${report.peakMb.toFixed(0)} MB) (\`${command}\`).`,
    '',
    '| how | stopped in | recorded | trials | survived |',
    '| --- | --- | --- | --- | --- |',
    ...[...groups].sort(([a], [b]) => a.localeCompare(b)).map(([key, g]) => `| ${key} | ${g.trials} | ${g.survived} |`),
    `| **all** | | | ${report.results.length} | ${report.results.length - lost} |`,
    '',
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: {
    rows: { type: 'string', default: '2000000' }, trials: { type: 'string', default: '50' }, rewrites: { type: 'string', default: '20' },
    seed: { type: 'string', default: '1' }, out: { type: 'string' },
  } });
  const opts = { rows: Number(values.rows), trials: Number(values.trials), rewrites: Number(values.rewrites), seed: Number(values.seed) };
  const report = await runTrials({ ...opts, log: (line) => console.error(line) });
  const table = summarize(report, { seed: opts.seed, command: `node test/reliability/abort-harness.mjs --rows ${opts.rows} --trials ${opts.trials} --rewrites ${opts.rewrites} --seed ${opts.seed}` });
  process.stdout.write(table);
  if (values.out) writeFileSync(values.out, table);
  process.exit(report.results.some((r) => r.problems.length) ? 1 : 0);
}
