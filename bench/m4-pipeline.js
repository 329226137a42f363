#!/usr/bin/env node
/**
 * The M4 protocol end to end: runs pipelines/m4-weekly.yaml and pipelines/m4-hourly.yaml (the M4's
 * statistical benchmarks as stages, and on Hourly global models across all 414 series with conformal
 * intervals) and sets their panel means of sMAPE, MASE and OWA (against Naive2), and on Hourly the
 * MSIS and ACD of the 95% intervals, beside the published tables
 * (bench/m4-published.json, read from 'Evaluation and Ranks.xlsx' of Mcompetitions/M4-methods).
 * Writes bench/results/m4-pipeline.md (or --out's name).
 *
 *   scripts/fetch-m4.sh && node scripts/m4/to-panel.mjs Hourly && node scripts/m4/to-panel.mjs Weekly
 *   npm run build && node bench/m4-pipeline.js [--state-dir DIR] [--out m4-pipeline]
 * The fused engine trains with the kernels this machine has (native where `npm run setup-native` built
 * them; SEQPIPE_KERNELS=wasm for the WASM ones) on SEQPIPE_THREADS threads (default 1); the file names both.
 *
 * The Hourly run trains the GRU, the MLP, the DLinear and the N-BEATS stack (about 15 minutes on 2 cores; with
 * --state-dir of pipelines/m4-hourly-search.yaml's run, they are cache hits).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values: opts } = parseArgs({ options: { 'state-dir': { type: 'string', default: join(root, '.seqpipe-m4') }, out: { type: 'string', default: 'm4-pipeline' } } });
const published = JSON.parse(readFileSync(join(root, 'bench/m4-published.json'), 'utf8'));
const bin = join(root, 'packages/cli/bin/seqpipe.js');

function run(pipeline) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [bin, 'run', join(root, 'pipelines', pipeline), '--json', '--state-dir', opts['state-dir']], { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`${pipeline} failed (exit ${r.status}):\n${r.stderr.slice(-2000)}`);
  const out = JSON.parse(r.stdout);
  return { out, seconds: (performance.now() - t0) / 1000 };
}

const METHODS = [['Naive', 'naive'], ['sNaive', 'snaive'], ['Naive2', 'naive2'], ['SES', 'ses'], ['Holt', 'holt'], ['Damped', 'damped'], ['Theta', 'theta'], ['Com', 'comb']];
const f3 = (v) => (v === undefined ? '—' : v.toFixed(3));
const pct = (a, b) => `${a >= b ? '+' : ''}${((100 * (a - b)) / b).toFixed(2)}%`;

const lines = [
  '# The M4 protocol through seqpipe pipelines, beside the published M4 table',
  '',
  `\`node bench/m4-pipeline.js\` on ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, ${new Date().toISOString().slice(0, 10)}.`,
  '',
  'Protocol (the competition\'s): the last `horizon` rows of every series (Hourly 48, Weekly 13) are forecast from the origin just',
  'before them (`splitter/holdout`) and scored once; sMAPE (percent) and MASE (scaled by each series\' in-sample seasonal-naive MAE,',
  'period 24 for Hourly, 1 for Weekly) are computed per series and averaged over series; OWA = ½(sMAPE/sMAPE of Naive2 + MASE/MASE',
  'of Naive2) from those means. The statistical benchmarks are the `baseline/*` stages, each fitted per series on its whole',
  'history before the origin (in original units, through the per-series scaler where there is one).',
  `Published: ${published.source}`,
  '',
];

for (const [name, pipeline] of [['Weekly', 'm4-weekly.yaml'], ['Hourly', 'm4-hourly.yaml']]) {
  const { out, seconds } = run(pipeline);
  const ran = out.stages.filter((s) => s.status === 'ran').length;
  lines.push(`## ${name} (\`seqpipe run pipelines/${pipeline}\`: ${seconds.toFixed(0)} s here, ${ran} of ${out.stages.length} stages run, the rest cache hits)`, '');
  lines.push('| method | sMAPE ours | published | Δ | MASE ours | published | Δ | OWA ours | published |', '| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const [label, stage] of METHODS) {
    const m = out.metrics[`${stage}_test`];
    const p = published.scores[label][name];
    lines.push(`| ${label} | ${f3(m.smape)} | ${f3(p.smape.value)} | ${pct(m.smape, p.smape.value)} | ${f3(m.mase)} | ${f3(p.mase.value)} | ${pct(m.mase, p.mase.value)} | ${f3(m.owa)} | ${f3(p.owa.value)} |`);
  }
  const gru = out.metrics.gru_test;
  if (gru) {
    const v = out.metrics.gru_val;
    for (const [label, rows] of Object.entries(published.hourlyOthers)) {
      const p = rows.Hourly;
      lines.push(`| published: ${label} | — | ${f3(p.smape.value)} | | — | ${f3(p.mase.value)} | | — | ${f3(p.owa.value)} |`);
    }
    lines.push(`| seqpipe global GRU (test rows, scored once) | ${f3(gru.smape)} | | | ${f3(gru.mase)} | | | ${f3(gru.owa)} | |`);
    const chosen = out.metrics.families_pi_test;
    if (chosen) lines.push(`| **seqpipe median of GRU, MLP, DLinear, N-BEATS (the choice; test rows, scored once)** | **${f3(chosen.smape)}** | | | **${f3(chosen.mase)}** | | | **${f3(chosen.owa)}** | |`);
    lines.push('', `On the validation rows (the 48 before the test rows, where the choices were made): the GRU sMAPE ${f3(v.smape)}, MASE ${f3(v.mase)}, OWA ${f3(v.owa)}${out.metrics.families_val ? `; the ensemble sMAPE ${f3(out.metrics.families_val.smape)}, MASE ${f3(out.metrics.families_val.mase)}, OWA ${f3(out.metrics.families_val.owa)}` : ''}.`);
    const trainers = out.stages.filter((s) => s.uses === 'trainer/tfjs');
    const hits = trainers.filter((s) => s.status === 'hit').map((s) => s.id);
    const trained = trainers.filter((s) => s.status !== 'hit').map((s) => `${s.id} ${s.seconds.toFixed(0)} s`);
    const threads = process.env.SEQPIPE_THREADS || '1';
    lines.push(`Training (fused engine, ${(out.kernels ?? ['wasm']).join(', ')} kernels, ${threads} thread${threads === '1' ? '' : 's'}): ${[...trained, ...(hits.length ? [`${hits.join(', ')}: cache hits here (trained by the search run; its times are in m4-hourly-search.md)`] : [])].join('; ')}.`);
    lines.push('How the models were chosen, on the validation rows only: [m4-hourly-search.md](m4-hourly-search.md).');
    // The 95% intervals: split conformal calibrated on the validation rows, beside the published interval table.
    const pis = [['GRU + conformal', out.metrics.gru_pi_test], ['median of GRU, MLP, DLinear, N-BEATS + conformal (the choice)', chosen]].filter(([, m]) => m?.msis !== undefined);
    if (pis.length) {
      lines.push('', '### 95% intervals (`interval/conformal`, levels 80 and 95, calibrated on the validation rows)', '');
      lines.push('| method | coverage_95 | coverage_80 | MSIS | ACD |', '| --- | --- | --- | --- | --- |');
      for (const [label, m] of pis) lines.push(`| seqpipe ${label} | ${(100 * m.coverage_95).toFixed(1)}% | ${(100 * m.coverage_80).toFixed(1)}% | ${f3(m.msis)} | ${f3(m.acd)} |`);
      for (const [label, rows] of Object.entries(published.hourlyIntervals.scores)) lines.push(`| published: ${label} | | | ${f3(rows.Hourly.msis.value)} | ${f3(rows.Hourly.acd.value)} |`);
      lines.push('', `Published interval rows: ${published.hourlyIntervals.source}`);
      lines.push('MSIS and ACD as the M4 computed them (bench/m4-naive-intervals.js reproduces the published Naive row from the M4 files); other point forecasts with conformal intervals: [m4-hourly-intervals.md](m4-hourly-intervals.md).');
    }
  }
  lines.push('');
}
mkdirSync(join(root, 'bench/results'), { recursive: true });
writeFileSync(join(root, `bench/results/${opts.out}.md`), `${lines.join('\n')}\n`);
console.log(lines.join('\n'));
