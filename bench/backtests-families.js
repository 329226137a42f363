#!/usr/bin/env node
/**
 * Model families on the backtests' folds, chosen without looking at the folds they are scored on.
 * Runs each pipelines/<name>.yaml (splitter/backtest, one evaluator per candidate: `<family>_test`)
 * at its own seed and at each of `--seeds`, then per run:
 *   - the family is chosen on fold 1 only (lowest fold-1 MASE among the trained models and
 *     ensembles; the baselines naive, drift and Theta are not candidates),
 *   - the chosen family is scored on folds 2..n beside naive's MASE on the same folds.
 * Writes bench/results/backtests-families.{json,md}; a hand-written "## Reading" section already in
 * the .md is kept (it is about the recorded numbers: re-read it after a re-run).
 *
 *   node bench/backtests-families.js [--seeds 1..5] [--jobs 2] [--no-cache] [PIPELINE-NAME…]
 *   node bench/backtests-families.js --render   (the .md again from the recorded .json)
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { renderMarkdown } from './backtests-families-md.js';

const root = join(import.meta.dirname, '..');
const DEFAULT_NAMES = ['sine-families-backtest', 'sp500-families-backtest', 'msft-families-backtest', 'us-employment-families-backtest'];
/** Evaluators of baselines: shown, never chosen. */
const BASELINES = ['naive_test', 'drift_test', 'theta_test'];
const NAIVE = 'naive_test';

function parseArgs(argv) {
  const opts = { seeds: [1, 2, 3, 4, 5], jobs: 2, noCache: false, names: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--seeds') {
      const [lo, hi] = argv[++i].split('..').map(Number);
      opts.seeds = hi === undefined ? argv[i].split(',').map(Number) : Array.from({ length: hi - lo + 1 }, (_, k) => lo + k);
    } else if (a === '--jobs') opts.jobs = Number(argv[++i]);
    else if (a === '--no-cache') opts.noCache = true;   // honest seconds: train everything again
    else if (a === '--render') opts.render = true;   // rewrite the .md from the recorded .json only
    else opts.names.push(a);
  }
  if (!opts.names.length) opts.names = DEFAULT_NAMES;
  return opts;
}

/** One pipeline run (`seed` undefined: the file's own seed): its --json object and wall seconds. */
function run(name, seed, noCache) {
  const started = Date.now();
  const args = [join(root, 'packages/cli/bin/seqpipe.js'), 'run', join(root, `pipelines/${name}.yaml`), '--json'];
  if (seed !== undefined) args.push('--seed', String(seed));
  if (noCache) args.push('--no-cache');
  const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'ignore'] });
  let stdout = '';
  child.stdout.on('data', (d) => (stdout += d));
  return new Promise((resolve, reject) => child.on('close', (code) => (code === 0
    ? resolve({ out: JSON.parse(stdout), seconds: (Date.now() - started) / 1000 })
    : reject(new Error(`${name} (seed ${seed ?? 'file'}) exited ${code}`)))));
}

/** Runs the tasks `jobs` at a time, in order of submission; results in task order. */
async function pool(tasks, jobs) {
  const results = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await tasks[i]();
    }
  };
  await Promise.all(Array.from({ length: Math.min(jobs, tasks.length) }, worker));
  return results;
}

const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
/** Sample standard deviation (n − 1), as the fold aggregate computes it; 0 for one value. */
const std = (xs) => (xs.length > 1 ? Math.sqrt(xs.reduce((a, x) => a + (x - mean(xs)) ** 2, 0) / (xs.length - 1)) : 0);

/** Per evaluator: MASE per fold, over all folds, over the held-out folds; then the choice. */
function summarise(name, seed, { out, seconds }) {
  const evaluators = Object.keys(out.metrics).filter((k) => !k.includes('@'));
  const folds = [...new Set(Object.keys(out.metrics).filter((k) => k.includes('@')).map((k) => k.split('@')[1]))];
  const rows = evaluators.map((e) => {
    const perFold = folds.map((f) => out.metrics[`${e}@${f}`].mase);
    const heldOut = perFold.slice(1);
    return {
      evaluator: e, baseline: BASELINES.includes(e), perFold,
      mase: out.metrics[e].mase_mean, maseStd: out.metrics[e].mase_std,
      heldOut: mean(heldOut), heldOutStd: std(heldOut), skillMae: out.metrics[e].skill_mae_mean,
    };
  });
  const models = rows.filter((r) => !r.baseline);
  const argmin = (rs, key) => rs.reduce((best, r) => (key(r) < key(best) ? r : best));
  const chosen = argmin(models, (r) => r.perFold[0]);
  const naive = rows.find((r) => r.evaluator === NAIVE);
  const foldsWon = chosen.perFold.slice(1).filter((m, i) => m < naive.perFold[i + 1]).length;
  return {
    name, seed: seed ?? out.seed, fileSeed: seed === undefined, runId: out.runId, backend: out.backend, seconds, folds, rows,
    stages: out.stages.length, cached: out.stages.filter((s) => s.cached).length,

    chosen: chosen.evaluator, chosenHeldOut: chosen.heldOut, naiveHeldOut: naive.heldOut, foldsWon, heldOutFolds: folds.length - 1,
    // For contrast only: what choosing on every fold (the folds also reported) would pick.
    optimistic: argmin(models, (r) => r.mase).evaluator,
    // And the choice if the baselines were candidates too.
    chosenWithBaselines: argmin(rows, (r) => r.perFold[0]).evaluator,
  };
}

const opts = parseArgs(process.argv.slice(2));
const jsonPath = join(root, 'bench/results/backtests-families.json');
const mdPath = join(root, 'bench/results/backtests-families.md');
if (opts.render) {
  const { runs, ...recorded } = JSON.parse(readFileSync(jsonPath, 'utf8'));
  writeMarkdown(recorded, runs);
  process.exit(0);
}
const loadBefore = loadavg();
const started = Date.now();
const tasks = [];
for (const name of opts.names) {
  tasks.push(() => run(name, undefined, opts.noCache).then((r) => summarise(name, undefined, r)));
  for (const seed of opts.seeds) tasks.push(() => run(name, seed, opts.noCache).then((r) => summarise(name, seed, r)));
}
const runs = await pool(tasks, opts.jobs);
const loadAfter = loadavg();
const meta = {
  command: `node bench/backtests-families.js --seeds ${opts.seeds[0]}..${opts.seeds.at(-1)} --jobs ${opts.jobs}${opts.noCache ? ' --no-cache' : ''}${opts.names === DEFAULT_NAMES ? '' : ` ${opts.names.join(' ')}`}`,
  date: new Date().toISOString(), cores: cpus().length,
  load: { before: loadBefore.map((x) => +x.toFixed(2)), after: loadAfter.map((x) => +x.toFixed(2)) },
  wallSeconds: (Date.now() - started) / 1000, names: opts.names, seeds: opts.seeds,
};
writeFileSync(jsonPath, `${JSON.stringify({ ...meta, runs }, null, 2)}\n`);
writeMarkdown(meta, runs);

/** Writes the .md, keeping a hand-written "## Reading" section of the previous one. */
function writeMarkdown(meta, runs) {
  const previous = existsSync(mdPath) ? readFileSync(mdPath, 'utf8') : '';
  const reading = previous.includes('\n## Reading') ? previous.slice(previous.indexOf('\n## Reading') + 1) : '';
  const md = renderMarkdown(meta, runs, reading);
  writeFileSync(mdPath, md);
  process.stdout.write(md);
}
