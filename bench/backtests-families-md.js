/** The Markdown page of bench/backtests-families.js: summary, choice over seeds, every candidate's row. */

// Below 1e-12 is rounding (a std over identical runs), not a value.
const fmt = (n) => (n === undefined || Number.isNaN(n) ? '—' : Math.abs(n) < 1e-12 ? '0' : Math.abs(n) < 1e-3 ? n.toExponential(1) : n.toFixed(3));
const family = (evaluator) => evaluator.replace(/_test$/, '');
const verdict = (r) => (r.chosenHeldOut < r.naiveHeldOut ? 'beats naive' : '**loses to naive**');
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
const std = (xs) => (xs.length > 1 ? Math.sqrt(xs.reduce((a, x) => a + (x - mean(xs)) ** 2, 0) / (xs.length - 1)) : 0);
const dataset = (name) => name.replace(/-families-backtest$/, '');

export function renderMarkdown(meta, runs, reading) {
  const fileRuns = runs.filter((r) => r.fileSeed);
  const held = (r) => `folds 2–${r.folds.length}`;
  const md = [
    '# Backtests by model family, the family chosen on the first fold (MASE)',
    '',
    `Command: \`${meta.command}\` (after \`npm run build\`) — ${meta.date.slice(0, 16).replace('T', ' ')} UTC, ` +
      `${meta.wallSeconds.toFixed(0)} s wall for ${runs.length} runs, ${meta.cores} cores, load average (1/5/15 min) ` +
      `${meta.load.before.join(' / ')} before and ${meta.load.after.join(' / ')} after (other jobs shared the machine). ` +
      `Backend ${fileRuns[0]?.backend}, every family trained by the fused engine (\`engine: auto\`).`,
    '',
    'Pipelines: ' + meta.names.map((n) => `[pipelines/${n}.yaml](../../pipelines/${n}.yaml)`).join(', ') + '. Each has the',
    'folds of its model-only backtest (4 rolling origins, horizon 1; 10 test windows on the real data, 100 on the sine), every',
    'candidate trained with the same optimiser and epochs, and one evaluator per candidate. MASE < 1 beats the in-sample',
    "naive forecast of each fold's rows before its test block; compare a row with naive's row on the same folds.",
    '',
    '**Selection rule.** Per dataset and run, the family with the lowest MASE on fold 1 (the earliest origin) among the',
    'trained models and ensembles — rnn (the GRU/LSTM of the original backtest), mlp, linear, dlinear, nbeats, median,',
    "mlp_seeds — is chosen; it is then scored on folds 2–4 only, beside naive's MASE on folds 2–4. The baselines (naive,",
    'drift, theta) are shown, never chosen. Choosing on the folds one reports would be optimistic; the',
    '"optimistic" column shows what that would pick. splitter/backtest has no validation part inside a fold, hence fold 1.',
    '',
    `## Outcome at each pipeline's own seed`,
    '',
    '| dataset | chosen on fold 1 | chosen, MASE folds 2–4 | naive, folds 2–4 | folds won vs naive | verdict | optimistic pick (all folds) | fold-1 pick with baselines as candidates |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const r of fileRuns) {
    md.push(`| ${dataset(r.name)} (seed ${r.seed}) | ${family(r.chosen)} | ${fmt(r.chosenHeldOut)} | ${fmt(r.naiveHeldOut)} | ${r.foldsWon} of ${r.heldOutFolds} | ${verdict(r)} | ${family(r.optimistic)} | ${family(r.chosenWithBaselines)} |`);
  }
  md.push('', `## The rule over pipeline seeds ${meta.seeds[0]}–${meta.seeds.at(-1)} (\`--seed N\`: other initial weights, same folds)`, '');
  md.push('| dataset | chosen per seed | chosen, MASE folds 2–4: mean over seeds (min–max) | naive, folds 2–4 | seeds where the chosen family beats naive |');
  md.push('| --- | --- | --- | --- | --- |');
  for (const name of meta.names) {
    const rs = runs.filter((r) => r.name === name && !r.fileSeed);
    if (!rs.length) continue;
    const xs = rs.map((r) => r.chosenHeldOut);
    md.push(`| ${dataset(name)} | ${rs.map((r) => `${r.seed}: ${family(r.chosen)}`).join(', ')} | ${fmt(mean(xs))} (${fmt(Math.min(...xs))}–${fmt(Math.max(...xs))}) | ${fmt(rs[0].naiveHeldOut)} | ${rs.filter((r) => r.chosenHeldOut < r.naiveHeldOut).length} of ${rs.length} |`);
  }
  md.push('', '(mlp_seeds is the mean of the MLP at seeds 1–5 whatever the run\'s seed, so it is the same model in every run.)', '');
  for (const r of fileRuns) {
    const timing = `${r.seconds.toFixed(0)} s wall, ${r.cached} of ${r.stages} stages cached`;
    md.push(`## ${dataset(r.name)}: every candidate (seed ${r.seed}; ${timing}; run ${r.runId})`, '');
    md.push(`| candidate | ${r.folds.map((f, i) => (i === 0 ? `MASE ${f} (choice)` : `MASE ${f}`)).join(' | ')} | MASE ${held(r)} mean ± std | MASE all folds mean ± std | skill_mae vs naive | ${held(r)} over seeds ${meta.seeds[0]}–${meta.seeds.at(-1)}: mean ± std (times chosen) |`);
    md.push(`| --- | ${r.folds.map(() => '---').join(' | ')} | --- | --- | --- | --- |`);
    const seeded = runs.filter((s) => s.name === r.name && !s.fileSeed);
    for (const row of r.rows) {
      const mark = row.evaluator === r.chosen ? ' ← chosen' : row.baseline ? ' (baseline)' : '';
      const xs = seeded.map((s) => s.rows.find((x) => x.evaluator === row.evaluator).heldOut);
      const chosenCount = seeded.filter((s) => s.chosen === row.evaluator).length;
      const overSeeds = xs.length ? `${fmt(mean(xs))} ± ${fmt(std(xs))}${row.baseline ? '' : ` (${chosenCount})`}` : '—';
      md.push(`| ${family(row.evaluator)}${mark} | ${row.perFold.map(fmt).join(' | ')} | ${fmt(row.heldOut)} ± ${fmt(row.heldOutStd)} | ${fmt(row.mase)} ± ${fmt(row.maseStd)} | ${fmt(row.skillMae)} | ${overSeeds} |`);
    }
    md.push('');
  }
  if (reading) md.push(reading.trimEnd(), '');
  return `${md.join('\n')}\n`;
}
