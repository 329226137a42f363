/**
 * A sweep's report, `sweeps/<sweepId>/report.html` (+ one SVG per chart beside it): what was
 * varied, each metric as mean ± std over seeds per grid combination, a chart per metric that
 * differs between variants (every seed's value, the mean, ± std; one faceted chart), every variant's loss curve, and
 * the variants with links to their own run reports. Above SUMMARISE_ABOVE combinations the charts
 * and table summarise instead (sweep-overview.ts): the spread over all variants plus the best few
 * combinations; above VARIANTS_INLINE variants their list moves to pages beside the report.
 * Built from the sweep record and the variants' run records like any run report (report-data.ts):
 * JSON only, TensorFlow never loads.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readRun, summarize, sweepsDir, type SweepRecord } from '@seqpipe/core';
import { escapeHtml, page } from './html.js';
import { renderSvg } from './render-svg.js';
import { loadRunHistories } from './report-data.js';
import type { RenderedReport } from './run-report.js';
import { mapLimit } from './map-limit.js';
import type { SweepContext, SweepVariant, VariantData } from './sweep-context.js';
import { detailSections } from './sweep-detail.js';
import { value } from './sweep-labels.js';
import { BEST_LISTED, overviewSections, SUMMARISE_ABOVE } from './sweep-overview.js';
import { variantsSection } from './sweep-variants.js';
import { SvgCache, type SvgRenderer } from './svg-cache.js';

export { comboLabel } from './sweep-labels.js';

export interface RenderedSweepReport extends RenderedReport {
  /** File name → HTML page beside the report (the variants' list, when it is long). */
  readonly pages: Readonly<Record<string, string>>;
}

/** Run records read at once while gathering a sweep's variants. */
const READ_CONCURRENCY = 16;
/** Grid values listed per axis in the report's header; the sweep JSON has them all. */
const GRID_VALUES_SHOWN = 20;

export async function renderSweepReport(sweep: SweepRecord, runs: readonly VariantData[], svgs: SvgRenderer = { render: renderSvg }): Promise<RenderedSweepReport> {
  const title = `seqpipe sweep ${sweep.name ?? sweep.pipeline.name}`;
  const axes = Object.keys(sweep.grid);
  const byRun = new Map(runs.map((d) => [d.record.runId, d]));
  const variantOf = new Map(sweep.variants.map((v) => [v.runId, v]));
  const ctx: SweepContext = { sweep, runs, byRun, variantOf, svgs };
  const combos = new Set(sweep.variants.map((v) => JSON.stringify(v.params))).size;

  let sections;
  let best: SweepVariant[] = [];
  if (combos > SUMMARISE_ABOVE) {
    // An interrupted sweep has no summary yet: summarise the variants that have a record.
    const rows = sweep.summary ?? summarize(sweep.variants.flatMap((v) => {
      const record = byRun.get(v.runId)?.record;
      return record ? [{ params: v.params, seed: v.seed, record }] : [];
    }));
    const overview = await overviewSections(ctx, rows);
    // The listed combinations' variants, best first.
    best = overview.ranking.ranked.slice(0, BEST_LISTED).flatMap((r) => r.row.runIds.flatMap((id) => variantOf.get(id) ?? []));
    sections = overview;
  } else {
    sections = await detailSections(ctx, sweep.summary ?? []);
  }
  const variants = variantsSection(ctx, title, best);

  const listValues = (values: readonly unknown[]): string =>
    values.length > GRID_VALUES_SHOWN ? `${values.slice(0, GRID_VALUES_SHOWN).map(value).join(', ')}, … (${values.length} values)` : values.map(value).join(', ');
  const grid = axes.length ? axes.map((a) => `<code>${escapeHtml(a)}</code> ∈ ${escapeHtml(listValues(sweep.grid[a]!))}`).join('; ') : 'no grid';
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
    ...sections.summary,
    '<h2>Charts</h2>', sections.figures.length ? sections.figures.join('\n') : '<p>Nothing to plot: no metrics or losses were recorded.</p>',
    '<h2>Variants</h2>', ...variants.html,
  ].join('\n');
  return { html: page(title, body), charts: sections.charts, pages: variants.pages };
}

/**
 * Writes `sweeps/<sweepId>/report.html`, its SVGs and pages; returns the report's path. Charts go
 * through the SVG cache, so a fully cached re-run of a sweep writes its report without loading
 * vega. Variants are read READ_CONCURRENCY at a time: a 10,000-variant sweep never opens
 * 10,000 files at once.
 */
export async function writeSweepReport(stateDir: string, sweep: SweepRecord): Promise<string> {
  const data = await mapLimit(sweep.variants, READ_CONCURRENCY, async (v) => {
    const record = await readRun(stateDir, v.runId).catch(() => undefined);
    return record && loadRunHistories(stateDir, record);
  });
  const { html, charts, pages } = await renderSweepReport(sweep, data.filter((d): d is VariantData => d !== undefined), new SvgCache(stateDir));
  const dir = join(sweepsDir(stateDir), sweep.sweepId);
  await mkdir(dir, { recursive: true });
  for (const [name, file] of Object.entries({ ...charts, ...pages })) await writeFile(join(dir, name), file);
  const file = join(dir, 'report.html');
  await writeFile(file, html);
  return file;
}
