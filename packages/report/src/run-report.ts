/**
 * One run's report: runs/<id>/report.html plus each chart as an .svg beside it. Self-contained:
 * the charts are inline SVG, the CSS inline, no scripts.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { compareMetricNames, computedBy, statePaths } from '@seqpipe/core';
import type { RunRecord } from '@seqpipe/core';
import { stringify } from 'yaml';
import { forecastChart, lossChart, predictionsChart, type ForecastPointLike } from './charts.js';
import { escapeHtml, figure, num, page, table } from './html.js';
import { renderSvg, type ChartSpec } from './render-svg.js';
import { seriesHistogram, worstSeriesChart } from './panel-charts.js';
import { loadRunReportData, type Evaluation, type RunReportData } from './report-data.js';
import { SvgCache, type SvgRenderer } from './svg-cache.js';

export interface RenderedReport {
  readonly html: string;
  /** File name → SVG, e.g. `loss.svg`. */
  readonly charts: Readonly<Record<string, string>>;
}

const direct: SvgRenderer = { render: renderSvg };

export async function renderRunReport(data: RunReportData, svgs: SvgRenderer = direct): Promise<RenderedReport> {
  const { record } = data;
  const charts: Record<string, string> = {};
  const figures: string[] = [];
  const add = async (file: string, spec: ChartSpec | undefined, caption: string): Promise<void> => {
    if (!spec) return;
    charts[file] = await svgs.render(spec);
    figures.push(figure(charts[file]!, file, caption));
  };
  await add('loss.svg', lossChart(data.histories), 'Training and validation loss per epoch, from the trained model’s history.');
  await add('predictions.svg', predictionsChart(data.evaluations), 'Each evaluator’s predictions (first target, first horizon step) against the actual values.');
  // A panel: the spread of per-series metrics and the worst series, per evaluator.
  for (const e of data.evaluations) {
    if (!e.panel) continue;
    for (const metric of ['smape', 'mase']) {
      await add(`series-${e.stage}-${metric}.svg`, seriesHistogram(e.stage, metric, e.panel), `${e.stage}: how ${metric} spreads over the ${e.panel.series} series scored (the reported value is their mean; values above the 99th percentile fall in the last bar).`);
    }
    for (const [i, w] of e.panel.worst.entries()) {
      await add(`worst-${e.stage}-${i + 1}.svg`, worstSeriesChart(e.stage, w, e.panel), `${e.stage}: the series with the ${ordinal(i)}highest ${e.panel.rankedBy}, its test rows.`);
    }
  }
  const context = data.evaluations.find((e) => e.predictions && e.part === 'test')?.predictions;
  for (const [stage, forecast] of Object.entries(record.predictions)) {
    const f = forecast as { points?: ForecastPointLike[]; series?: string; panel?: { series: number; file: string } } | null;
    const points = f?.points ?? [];
    // A panel's forecast charts its first series alone: the evaluator's rows stack every series.
    const of = f?.series === undefined ? '' : ` for series "${f.series}"${f.panel ? ` (1 of ${f.panel.series}; every series in ${f.panel.file})` : ''}`;
    await add(`forecast-${stage}.svg`, forecastChart(stage, points, f?.series === undefined ? context : undefined), `Forecast by ${stage}${of}, after the last test rows.`);
  }
  const body = [
    header(record),
    '<h2>Metrics</h2>', metricsTable(data.evaluations), panelNote(record, data.evaluations),
    '<h2>Charts</h2>', figures.join('\n') || '<p>No charts: the run recorded no training history, evaluations or forecasts.</p>',
    '<h2>Forecast</h2>', forecastTable(record),
    '<h2>Stages</h2>', stagesTable(record),
    '<h2>Resolved pipeline</h2>', `<pre>${escapeHtml(stringify(data.pipeline))}</pre>`,
  ].join('\n');
  return { html: page(`seqpipe run ${record.runId} — ${record.pipeline.name}`, body), charts };
}

/**
 * (Re)writes runs/<id>/report.html and its SVGs; returns the report's path. Charts come from the
 * state dir's SVG cache when their specs were rendered before (svg-cache.ts).
 */
export async function writeRunReport(stateDir: string, record: RunRecord): Promise<string> {
  const dir = join(statePaths(stateDir).runs, record.runId);
  const { html, charts } = await renderRunReport(await loadRunReportData(stateDir, record), new SvgCache(stateDir));
  for (const [file, svg] of Object.entries(charts)) await writeFile(join(dir, file), svg);
  const path = join(dir, 'report.html');
  await writeFile(path, html);
  return path;
}

function header(r: RunRecord): string {
  const name = r.name ? ` “${escapeHtml(r.name)}”` : '';
  const tags = r.tags?.length ? ` · tags ${r.tags.map((t) => `<code>${escapeHtml(t)}</code>`).join(' ')}` : '';
  const sets = r.overrides?.length ? ` · ${r.overrides.map((o) => `<code>--set ${escapeHtml(o)}</code>`).join(' ')}` : '';
  return [
    `<h1>${escapeHtml(r.pipeline.name)}${name}</h1>`,
    `<p class="meta">run <code>${escapeHtml(r.runId)}</code> · <span class="status-${r.status}">${r.status}</span> in ${r.seconds.toFixed(2)} s · seed ${r.pipeline.seed}${tags}${sets}</p>`,
    `<p class="meta">${escapeHtml(r.pipeline.file)} · ${escapeHtml(computedBy(r.environment))} · started ${escapeHtml(r.startedAt)}</p>`,
    r.error ? `<p class="status-failed">${escapeHtml(r.error.code)}: ${escapeHtml(r.error.message)}</p>` : '',
  ].join('\n');
}

/** A per-step metric (`smape_h12`): shown apart, or a 48-step horizon buries the overall rows. */
const PER_STEP = /_h\d+$/;
const stepOf = (name: string): number => Number(/_h(\d+)$/.exec(name)![1]);

/**
 * Metrics as rows, evaluators as columns: the model beside its baselines; original-unit metrics,
 * then unit-free ones, skill and OWA, then model-unit ones (compareMetricNames). Per-step metrics
 * (horizon > 1) follow in a folded table, by metric, then step.
 */
export function metricsTable(evaluations: readonly Evaluation[]): string {
  if (!evaluations.length) return '<p>No evaluator in this pipeline.</p>';
  const names = [...new Set(evaluations.flatMap((e) => Object.keys(e.values)))];
  const head = ['metric', ...evaluations.map((e) => `${escapeHtml(e.stage)}${e.forecaster ? ` <small>(${escapeHtml(e.forecaster)})</small>` : ''}`)];
  const rows = (list: string[]): string[][] => list.map((n) => [escapeHtml(n), ...evaluations.map((e) => num(e.values[n]))]);
  // Grouped by units, original first (as the terminal lists them), not interleaved alphabetically.
  const overall = names.filter((n) => !PER_STEP.test(n)).sort(compareMetricNames);
  const steps = names.filter((n) => PER_STEP.test(n))
    .sort((a, b) => a.replace(PER_STEP, '').localeCompare(b.replace(PER_STEP, '')) || stepOf(a) - stepOf(b));
  if (!steps.length) return table(head, rows(overall));
  return `${table(head, rows(overall))}\n<details><summary>Per horizon step (${steps.length} rows)</summary>\n${table(head, rows(steps))}\n</details>`;
}

const ordinal = (i: number): string => ['', 'second ', 'third '][i] ?? `${i + 1}th `;

/** Which evaluators scored a panel: their sMAPE, MASE and MAPE are means over series; where the per-series files are. */
function panelNote(r: RunRecord, evaluations: readonly Evaluation[]): string {
  const panels = evaluations.filter((e) => e.panel);
  if (!panels.length) return '';
  const items = panels.map((e) => {
    const files = r.evaluations?.[e.stage];
    const where = files ? ` Per series: <a href="${escapeHtml(files.seriesCsv)}">${escapeHtml(files.seriesCsv)}</a>; forecasts: <a href="${escapeHtml(files.forecastsCsv)}">${escapeHtml(files.forecastsCsv)}</a>.` : '';
    return `<li><code>${escapeHtml(e.stage)}</code>: ${e.panel!.series.toLocaleString('en-US')} series.${where}</li>`;
  });
  return `<p class="meta">On a panel, smape, mase and mape are means over series of each series’ value (M4); mse, rmse, mae and r2 are pooled over all points; owa is ½(smape / baseline smape + mase / baseline mase).</p><ul>${items.join('')}</ul>`;
}

/** Each forecast point; an `intervals` column (`80% [lower, upper]` per level) when a forecaster gave them. */
function forecastTable(r: RunRecord): string {
  const points = Object.entries(r.predictions).flatMap(([stage, forecast]) => ((forecast as { points?: ForecastPointLike[] } | null)?.points ?? []).map((p) => ({ stage, p })));
  const withIntervals = points.some(({ p }) => p.intervals?.length);
  const rows = points.map(({ stage, p }) => [
    escapeHtml(stage), String(p.step), String(p.index), num(p.value),
    ...(withIntervals ? [(p.intervals ?? []).map((b) => `${b.level}% [${num(b.lower)}, ${num(b.upper)}]`).join(' ') || '—'] : []),
    num(p.actual), p.actual === undefined ? '—' : num(p.value - p.actual),
  ]);
  return rows.length ? table(['predictor', 'step', 'row', 'forecast', ...(withIntervals ? ['intervals'] : []), 'actual', 'error'], rows) : '<p>No predictor in this pipeline.</p>';
}

function stagesTable(r: RunRecord): string {
  return table(['stage', 'plugin', 'status', 'seconds'], r.stages.map((s) => [escapeHtml(s.id), escapeHtml(s.uses), s.status, s.seconds.toFixed(2)]));
}
