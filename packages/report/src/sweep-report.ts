/**
 * A sweep's report, `sweeps/<sweepId>/report.html` (+ one SVG per chart beside it): what was
 * varied, each metric as mean ± std over seeds per grid combination, a chart per metric that
 * differs between variants (every seed's value, the mean, ± std; one faceted chart), every variant's loss curve, and
 * the variants with links to their own run reports. Built from the sweep record and the variants'
 * run records like any run report (report-data.ts): JSON only, TensorFlow never loads.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readRun, sweepsDir, type RunRecord, type SweepRecord } from '@seqpipe/core';
import { escapeHtml, figure, num, page, table } from './html.js';
import { renderSvg } from './render-svg.js';
import { loadRunReportData, type RunReportData } from './report-data.js';
import type { RenderedReport } from './run-report.js';
import { SvgCache, type SvgRenderer } from './svg-cache.js';
import { sweepLossChart, sweepMetricsChart, type LossPoint, type SeedValue } from './sweep-charts.js';

const short = (name: string): string => name.slice(name.lastIndexOf('.') + 1);
const value = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));

/** `cell=gru units=64`: a grid combination (the params without the seed). */
export function comboLabel(params: Readonly<Record<string, unknown>>): string {
  const parts = Object.entries(params).map(([k, v]) => `${short(k)}=${value(v)}`);
  return parts.length ? parts.join(' ') : 'all';
}

const pm = (s: { mean: number; std: number; n: number } | undefined): string =>
  !s || s.n === 0 ? '—' : s.n === 1 ? num(s.mean) : `${num(s.mean)} ± ${s.std === 0 ? '0' : num(s.std)}`;

export async function renderSweepReport(sweep: SweepRecord, runs: readonly RunReportData[], svgs: SvgRenderer = { render: renderSvg }): Promise<RenderedReport> {
  const title = `seqpipe sweep ${sweep.name ?? sweep.pipeline.name}`;
  const axes = Object.keys(sweep.grid);
  const rows = sweep.summary ?? [];
  const combos = rows.map((r) => comboLabel(r.params));
  const byRun = new Map(runs.map((d) => [d.record.runId, d]));
  const variantOf = new Map(sweep.variants.map((v) => [v.runId, v]));
  const charts: Record<string, string> = {};
  const figures: string[] = [];

  // Loss curves: a colour per combination, a line per seed (and trainer, for backtest folds).
  const loss: LossPoint[] = [];
  for (const d of runs) {
    const v = variantOf.get(d.record.runId);
    if (!v) continue;
    const trainers = Object.entries(d.histories);
    for (const [trainer, history] of trainers) {
      for (const h of history) {
        if (h.loss !== null) loss.push({ combo: comboLabel(v.params), curve: `seed ${v.seed}${trainers.length > 1 ? ` ${trainer}` : ''}`, epoch: h.epoch, loss: h.loss });
      }
    }
  }
  const lossSpec = sweepLossChart(loss, combos);
  if (lossSpec) {
    charts['loss.svg'] = await svgs.render(lossSpec);
    figures.push(figure(charts['loss.svg'], 'loss.svg', 'Training loss per epoch of every variant: one colour per combination, one line per seed.'));
  }

  // One faceted chart of the metrics that differ between variants; *_original twins scale alike.
  const metrics = [...new Set(rows.flatMap((r) => Object.keys(r.metrics)))];
  const values: SeedValue[] = [];
  const plotted: string[] = [];
  for (const metric of metrics.filter((m) => !m.endsWith('_original'))) {
    const dot = metric.indexOf('.');
    const mine: SeedValue[] = [];
    for (const v of sweep.variants) {
      const x = byRun.get(v.runId)?.record.metrics[metric.slice(0, dot)]?.[metric.slice(dot + 1)];
      if (typeof x === 'number' && Number.isFinite(x)) mine.push({ metric, combo: comboLabel(v.params), seed: v.seed, value: x });
    }
    if (new Set(mine.map((x) => x.value)).size < 2) continue; // a baseline's metric: the same everywhere
    values.push(...mine);
    plotted.push(metric);
  }
  const metricsSpec = sweepMetricsChart(values, plotted, combos);
  if (metricsSpec) {
    charts['metrics.svg'] = await svgs.render(metricsSpec);
    figures.push(figure(charts['metrics.svg'], 'metrics.svg', `Each metric that differs between variants, per combination: every seed (dots), the mean (red tick)${sweep.seeds.length > 1 ? ', mean ± std (bar)' : ''}.`));
  }

  const summaryTable = table(['metric', ...combos.map(escapeHtml)], metrics.map((m) => [escapeHtml(m), ...rows.map((r) => pm(r.metrics[m]))]));
  const variantsTable = table(['#', ...axes.map((a) => escapeHtml(short(a))), 'seed', 'status', 'seconds', 'run'], sweep.variants.map((v, i) => {
    const record = byRun.get(v.runId)?.record;
    const status = record?.status ?? v.status ?? 'incomplete';
    const seconds = record ? record.stages.filter((s) => s.status === 'ran').reduce((a, s) => a + s.seconds, 0).toFixed(2) : '—';
    const link = record ? `<a href="../../runs/${escapeHtml(v.runId)}/report.html">${escapeHtml(v.runId)}</a>` : escapeHtml(v.runId);
    return [String(i + 1), ...axes.map((a) => escapeHtml(value(v.params[a]))), String(v.seed), `<span class="status-${escapeHtml(status)}">${escapeHtml(status)}</span>`, seconds, link];
  }));
  const grid = axes.length ? axes.map((a) => `<code>${escapeHtml(a)}</code> ∈ ${escapeHtml(sweep.grid[a]!.map(value).join(', '))}`).join('; ') : 'no grid';
  const meta = [
    `sweep <code>${escapeHtml(sweep.sweepId)}</code> of <code>${escapeHtml(sweep.pipeline.file)}</code> (pipeline ${escapeHtml(sweep.pipeline.name)})`,
    `<span class="status-${escapeHtml(sweep.status)}">${escapeHtml(sweep.status)}</span>${sweep.seconds === undefined ? '' : ` in ${sweep.seconds.toFixed(2)} s`} on ${sweep.jobs === Infinity || sweep.jobs === null ? 'all' : sweep.jobs} job slot(s)`,
    `${sweep.variants.length} variants: ${grid}; seeds ${escapeHtml(sweep.seeds.join(', '))}`,
    ...(sweep.stages ? [`${sweep.stages.ran} stage jobs ran, ${sweep.stages.cached} stage results came from the cache or another variant`] : []),
  ];
  const missing = sweep.variants.filter((v) => !byRun.has(v.runId)).length;
  const body = [
    `<h1>${escapeHtml(title)}</h1>`, ...meta.map((m) => `<p class="meta">${m}</p>`),
    ...(missing ? [`<p class="meta">${missing} variant(s) have no run record (the sweep was interrupted): they are left out below.</p>`] : []),
    '<h2>Metrics: mean ± std over seeds</h2>', summaryTable,
    '<h2>Charts</h2>', figures.length ? figures.join('\n') : '<p>Nothing to plot: no metrics or losses were recorded.</p>',
    '<h2>Variants</h2>', variantsTable,
  ].join('\n');
  return { html: page(title, body), charts };
}

/**
 * Writes `sweeps/<sweepId>/report.html` and its SVGs; returns the report's path. Charts go through
 * the SVG cache, so a fully cached re-run of a sweep writes its report without loading vega.
 */
export async function writeSweepReport(stateDir: string, sweep: SweepRecord): Promise<string> {
  const records = await Promise.all(sweep.variants.map((v) => readRun(stateDir, v.runId).catch(() => undefined)));
  const data = await Promise.all(records.filter((r): r is RunRecord => r !== undefined).map((r) => loadRunReportData(stateDir, r)));
  const { html, charts } = await renderSweepReport(sweep, data, new SvgCache(stateDir));
  const dir = join(sweepsDir(stateDir), sweep.sweepId);
  await mkdir(dir, { recursive: true });
  for (const [name, svg] of Object.entries(charts)) await writeFile(join(dir, name), svg);
  const file = join(dir, 'report.html');
  await writeFile(file, html);
  return file;
}
