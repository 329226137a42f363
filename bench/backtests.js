#!/usr/bin/env node
/**
 * Backtest table: runs each pipelines/<name>.yaml (a splitter/backtest pipeline) and writes the
 * MASE of every evaluator, mean ± std over folds and per fold, to bench/results/backtests.{json,md}.
 * The pipelines run concurrently, one process each.
 *
 *   node bench/backtests.js sine-gru-backtest [more pipeline names…]
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const names = process.argv.slice(2);
if (!names.length) throw new Error('usage: node bench/backtests.js PIPELINE-NAME…');
const fmt = (n) => (n === undefined ? '—' : n.toFixed(3));

/** One pipeline's run: its --json object and wall seconds. */
function run(name) {
  const started = Date.now();
  const child = spawn(process.execPath, [join(root, 'packages/cli/bin/seqpipe.js'), 'run', join(root, `pipelines/${name}.yaml`), '--json'],
    { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  let stdout = '';
  child.stdout.on('data', (d) => (stdout += d));
  return new Promise((resolve, reject) => child.on('close', (code) => (code === 0 ? resolve({ out: JSON.parse(stdout), seconds: (Date.now() - started) / 1000 }) : reject(new Error(`${name} exited ${code}`)))));
}

const runs = await Promise.all(names.map(run));
const results = names.map((name, i) => {
  const { out, seconds } = runs[i];
  const evaluators = Object.keys(out.metrics).filter((k) => !k.includes('@'));
  const folds = [...new Set(Object.keys(out.metrics).filter((k) => k.includes('@')).map((k) => k.split('@')[1]))];
  const rows = evaluators.map((e) => ({
    evaluator: e,
    mase: out.metrics[e].mase_mean, maseStd: out.metrics[e].mase_std,
    maeOriginal: out.metrics[e].mae_original_mean, skillMae: out.metrics[e].skill_mae_mean,
    perFold: folds.map((f) => out.metrics[`${e}@${f}`]?.mase),
  }));
  return { name, backend: out.backend, runId: out.runId, seconds, folds, rows };
});

writeFileSync(join(root, 'bench/results/backtests.json'), `${JSON.stringify(results, null, 2)}\n`);
const md = [
  '# Backtests: model vs baselines (MASE, mean ± std over folds)',
  '',
  `Command: \`node bench/backtests.js ${names.join(' ')}\` — ${new Date().toISOString().slice(0, 10)}. MASE < 1 beats the`,
  "in-sample naive forecast of each fold's training rows; compare the model's row with the baselines'.",
  '',
];
for (const r of results) {
  md.push(`## ${r.name} (${r.folds.length} folds, backend ${r.backend}, ${r.seconds.toFixed(0)} s wall, concurrent with the others)`, '');
  md.push(`| evaluator | MASE mean ± std | ${r.folds.map((f) => `MASE ${f}`).join(' | ')} | MAE (original) | skill_mae vs naive |`);
  md.push(`| --- | --- | ${r.folds.map(() => '---').join(' | ')} | --- | --- |`);
  for (const row of r.rows) {
    md.push(`| ${row.evaluator} | ${fmt(row.mase)} ± ${fmt(row.maseStd)} | ${row.perFold.map(fmt).join(' | ')} | ${fmt(row.maeOriginal)} | ${fmt(row.skillMae)} |`);
  }
  md.push('');
}
writeFileSync(join(root, 'bench/results/backtests.md'), `${md.join('\n')}\n`);
process.stdout.write(`${md.join('\n')}\n`);
