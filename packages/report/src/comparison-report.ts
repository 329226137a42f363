/**
 * A report comparing several runs (a sweep's variants, or any runs): the parameters that differ,
 * one metrics table with deltas against the first run, a bar chart per metric and the loss curves.
 */
import { writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { compareRuns } from '@seqpipe/core';
import type { RunRecord } from '@seqpipe/core';
import { lossChart, metricBars } from './charts.js';
import { escapeHtml, figure, num, page, signed, table } from './html.js';
import { renderSvg } from './render-svg.js';
import { loadRunReportData, type RunReportData } from './report-data.js';
import type { RenderedReport } from './run-report.js';
import { SvgCache, type SvgRenderer } from './svg-cache.js';

const label = (r: RunRecord): string => r.name ?? r.runId;

export async function renderComparisonReport(
  runs: readonly RunReportData[], title = 'seqpipe comparison', svgs: SvgRenderer = { render: renderSvg },
): Promise<RenderedReport> {
  const cmp = compareRuns(runs.map((d) => d.record), runs.map((d) => d.pipeline));
  const labels = runs.map((d) => label(d.record));
  const charts: Record<string, string> = {};
  const figures: string[] = [];
  const histories: Record<string, RunReportData['histories'][string]> = {};
  for (const d of runs) for (const [trainer, h] of Object.entries(d.histories)) histories[`${label(d.record)} ${trainer}`] = h;
  const loss = lossChart(histories);
  if (loss) {
    charts['loss.svg'] = await svgs.render(loss);
    figures.push(figure(charts['loss.svg'], 'loss.svg', 'Loss per epoch, every run.'));
  }
  for (const m of cmp.metrics.filter((row) => !row.metric.endsWith('_original'))) {
    const bars = m.values.flatMap((v, i) => (v === undefined ? [] : [{ run: labels[i]!, value: v }]));
    const spec = metricBars(`${m.stage} ${m.metric}`, bars);
    if (!spec) continue;
    const file = `metric-${m.stage}-${m.metric}.svg`.replace(/[^A-Za-z0-9._-]/g, '_');
    charts[file] = await svgs.render(spec);
    figures.push(figure(charts[file]!, file, `${m.stage} ${m.metric} per run.`));
  }
  const runsTable = table(['run', 'pipeline', 'seed', 'status', 'seconds'], cmp.runs.map((r, i) => [
    escapeHtml(labels[i]!), escapeHtml(r.pipeline), String(r.seed), `<span class="status-${r.status}">${r.status}</span>`, r.seconds.toFixed(2),
  ]));
  const paramsTable = cmp.params.length
    ? table(['parameter', ...labels.map(escapeHtml)], cmp.params.map((p) => [escapeHtml(p.path), ...p.values.map((v) => escapeHtml(v === undefined ? '—' : JSON.stringify(v)))]))
    : '<p>The resolved pipelines are identical.</p>';
  const metricsTable = table(['stage', 'metric', ...labels.map((l, i) => (i === 0 ? escapeHtml(l) : `${escapeHtml(l)}</th><th>Δ`))], cmp.metrics.map((m) => [
    escapeHtml(m.stage), escapeHtml(m.metric),
    ...m.values.flatMap((v, i) => (i === 0 ? [num(v)] : [num(v), signed(m.deltas[i])])),
  ]));
  const body = [
    `<h1>${escapeHtml(title)}</h1>`, `<p class="meta">${runs.length} runs; deltas are against the first.</p>`,
    '<h2>Runs</h2>', runsTable, '<h2>Parameters that differ</h2>', paramsTable,
    '<h2>Metrics</h2>', metricsTable, '<h2>Charts</h2>', figures.join('\n'),
  ].join('\n');
  return { html: page(title, body), charts };
}

/** Writes the comparison to `file` and its SVGs beside it; returns the file. */
export async function writeComparisonReport(stateDir: string, records: readonly RunRecord[], file: string, title?: string): Promise<string> {
  const data = await Promise.all(records.map((r) => loadRunReportData(stateDir, r)));
  const { html, charts } = await renderComparisonReport(data, title, new SvgCache(stateDir));
  for (const [name, svg] of Object.entries(charts)) await writeFile(join(dirname(file), name), svg);
  await writeFile(file, html);
  return file;
}
