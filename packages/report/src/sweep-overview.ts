/**
 * A sweep report with more combinations than charts and tables can show apart (SUMMARISE_ABOVE):
 * the spread over all variants plus the best few combinations (sweep-ranking.ts), drawn and
 * tabulated. Everything stays in the sweep's JSON; the report says how much it leaves out.
 */
import type { SummaryRow } from '@seqpipe/core';
import { escapeHtml, figure, num, table } from './html.js';
import { differs, lossCurves, lossPoints, metricNames, variantValues, type LossCurve, type SweepContext, type SweepSections } from './sweep-context.js';
import { pm } from './sweep-labels.js';
import { quantile, rankCombos, type Ranking } from './sweep-ranking.js';
import { sweepLossSummaryChart, sweepMetricsSummaryChart, type LossBand, type MetricSpread } from './sweep-summary-charts.js';
import type { SeedValue } from './sweep-charts.js';

/** More grid combinations than this and the report summarises (one colour or column each is unreadable, and vega overflows its stack near 1000). */
export const SUMMARISE_ABOVE = 20;
/** Combinations drawn in full in the charts, and listed in the table. */
export const BEST_DRAWN = 5;
export const BEST_LISTED = 20;

export interface Overview extends SweepSections {
  readonly ranking: Ranking;
}

const key = (params: Readonly<Record<string, unknown>>): string => JSON.stringify(params);

export async function overviewSections(ctx: SweepContext, rows: readonly SummaryRow[]): Promise<Overview> {
  const { sweep } = ctx;
  // Variants with a run record (an interrupted sweep's others are counted in the report's header).
  const recorded = sweep.variants.filter((v) => ctx.byRun.has(v.runId)).length;
  const metrics = metricNames(rows);
  const values = new Map(metrics.map((m) => [m, variantValues(ctx, m)]));
  const differing = metrics.filter((m) => differs(values.get(m)!));
  const curves = lossCurves(ctx);
  const ranking = rankCombos(rows, differing, finalLoss(curves));
  const drawn = ranking.ranked.slice(0, BEST_DRAWN);
  // `1. units=12`: rank and combination, the same in both charts and the table.
  const rankedLabel = new Map(drawn.map((r, i) => [key(r.row.params), `${i + 1}. ${r.label}`]));
  const drawnLabels = [...rankedLabel.values()];
  const best = `the best ${drawn.length} of ${rows.length} combinations ${ranking.rule}`;
  const charts: Record<string, string> = {};
  const figures: string[] = [];

  const bestCurves = curves.filter((c) => rankedLabel.has(key(c.variant.params)));
  const lossSpec = sweepLossSummaryChart(lossBand(curves), lossPoints(bestCurves, (v) => rankedLabel.get(key(v.params))!), drawnLabels);
  if (lossSpec) {
    charts['loss.svg'] = await ctx.svgs.render(lossSpec);
    figures.push(figure(charts['loss.svg'], 'loss.svg', `Training loss per epoch over ${curves.length} curves of ${recorded} variants: the median (dashed) and 10–90% of the curves at each epoch (grey band); in colour, ${best}, one line per seed. ${ranking.why}`));
  }

  // Spread over every variant per metric that differs (*_original twins scale alike), then the best combinations' seeds.
  const plotted = differing.filter((m) => !m.endsWith('_original'));
  const allLabel = `all ${recorded} variants`;
  const spreads = plotted.map((m) => spread(m, values.get(m)!.map((v) => v.value)));
  const labelOf = new Map(drawn.map((r, i) => [r.label, drawnLabels[i]!]));
  const bestValues: SeedValue[] = plotted.flatMap((m) => values.get(m)!.flatMap((v) => (labelOf.has(v.combo) ? [{ ...v, combo: labelOf.get(v.combo)! }] : [])));
  const metricsSpec = sweepMetricsSummaryChart(spreads, bestValues, plotted, allLabel, drawnLabels);
  if (metricsSpec) {
    charts['metrics.svg'] = await ctx.svgs.render(metricsSpec);
    figures.push(figure(charts['metrics.svg'], 'metrics.svg', `Each metric that differs between variants. Top row, ${allLabel}: 10–90% (bar), min–max (line), median (black tick). Below, ${best}: every seed (dots), the mean (red tick)${sweep.seeds.length > 1 ? ', mean ± std (grey bar)' : ''}.`));
  }

  return { summary: summaryTable(ctx, rows, ranking, differing, values), figures, charts, ranking };
}

/** The best BEST_LISTED combinations, ranked, a column per metric that differs; the rest counted. */
function summaryTable(ctx: SweepContext, rows: readonly SummaryRow[], ranking: Ranking, differing: readonly string[], values: ReadonlyMap<string, readonly SeedValue[]>): string[] {
  const listed = ranking.ranked.slice(0, BEST_LISTED);
  // *_original twins (the same metric in original units) stay in the sweep JSON: the table is wide enough.
  const shown = differing.filter((m) => !m.endsWith('_original'));
  const columns = ranking.by && shown.includes(ranking.by) ? [ranking.by, ...shown.filter((m) => m !== ranking.by)] : shown;
  const byLoss = ranking.by === 'final training loss';
  const head = ['#', 'combination', ...(byLoss ? ['final loss'] : []), ...columns.map(escapeHtml)];
  const body = listed.map((r, i) => [String(i + 1), escapeHtml(r.label), ...(byLoss ? [num(r.score)] : []), ...columns.map((m) => pm(r.row.metrics[m]))]);
  const id = escapeHtml(ctx.sweep.sweepId);
  const same = [...values].filter(([m, v]) => v.length && !differing.includes(m)).map(([m, v]) => `<code>${escapeHtml(m)}</code> ${num(v[0]!.value)}`);
  return [
    `<h2>Metrics: the best ${listed.length} of ${rows.length} combinations, mean ± std over seeds</h2>`,
    `<p class="meta">${[
      `Combinations ${escapeHtml(ranking.rule)}.`, escapeHtml(ranking.why),
      rows.length > listed.length ? `${rows.length - listed.length} more are not listed here.` : '',
      `Every value${shown.length < differing.length ? ', in original units (*_original) too,' : ''} is in <a href="../${id}.json">${id}.json</a>.`,
    ].filter(Boolean).join(' ')}</p>`,
    table(head, body),
    ...(same.length ? [`<p class="meta">The same in every variant: ${same.join(', ')}.</p>`] : []),
  ];
}

/** Combination → mean last-epoch loss over its curves (the fallback ranking). */
function finalLoss(curves: readonly LossCurve[]): Map<string, number> {
  const sums = new Map<string, { sum: number; n: number }>();
  for (const c of curves) {
    const last = c.points.at(-1);
    if (!last || !Number.isFinite(last.loss)) continue;
    const s = sums.get(key(c.variant.params)) ?? { sum: 0, n: 0 };
    sums.set(key(c.variant.params), { sum: s.sum + last.loss, n: s.n + 1 });
  }
  return new Map([...sums].map(([k, s]) => [k, s.sum / s.n]));
}

/** Per epoch, over the curves that reached it: median and 10–90% (positive losses: the axis is log). */
function lossBand(curves: readonly LossCurve[]): LossBand[] {
  const byEpoch = new Map<number, number[]>();
  for (const c of curves) {
    for (const p of c.points) {
      if (!(p.loss > 0 && Number.isFinite(p.loss))) continue;
      const losses = byEpoch.get(p.epoch);
      if (losses) losses.push(p.loss);
      else byEpoch.set(p.epoch, [p.loss]);
    }
  }
  return [...byEpoch].sort(([a], [b]) => a - b).map(([epoch, losses]) => {
    const sorted = losses.sort((a, b) => a - b);
    return { epoch, p10: quantile(sorted, 0.1), median: quantile(sorted, 0.5), p90: quantile(sorted, 0.9) };
  });
}

function spread(metric: string, values: readonly number[]): MetricSpread {
  const sorted = [...values].sort((a, b) => a - b);
  return { metric, min: sorted[0]!, p10: quantile(sorted, 0.1), median: quantile(sorted, 0.5), p90: quantile(sorted, 0.9), max: sorted.at(-1)! };
}
