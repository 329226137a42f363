/**
 * A sweep report with few combinations draws everything: every variant's loss curve (a colour per
 * combination), every seed's value of each metric that differs, and a column per combination.
 */
import type { SummaryRow } from '@seqpipe/core';
import { escapeHtml, figure, table } from './html.js';
import { differs, lossCurves, lossPoints, metricNames, variantValues, type SweepContext, type SweepSections } from './sweep-context.js';
import { sweepLossChart, sweepMetricsChart, type SeedValue } from './sweep-charts.js';
import { comboLabel, pm } from './sweep-labels.js';

export async function detailSections(ctx: SweepContext, rows: readonly SummaryRow[]): Promise<SweepSections> {
  const combos = rows.map((r) => comboLabel(r.params));
  const charts: Record<string, string> = {};
  const figures: string[] = [];

  // Loss curves: a colour per combination, a line per seed (and trainer, for backtest folds).
  const lossSpec = sweepLossChart(lossPoints(lossCurves(ctx)), combos);
  if (lossSpec) {
    charts['loss.svg'] = await ctx.svgs.render(lossSpec);
    figures.push(figure(charts['loss.svg'], 'loss.svg', 'Training loss per epoch of every variant: one colour per combination, one line per seed.'));
  }

  // One faceted chart of the metrics that differ between variants; *_original twins scale alike.
  const metrics = metricNames(rows);
  const values: SeedValue[] = [];
  const plotted: string[] = [];
  for (const metric of metrics.filter((m) => !m.endsWith('_original'))) {
    const mine = variantValues(ctx, metric);
    if (!differs(mine)) continue;
    values.push(...mine);
    plotted.push(metric);
  }
  const metricsSpec = sweepMetricsChart(values, plotted, combos);
  if (metricsSpec) {
    charts['metrics.svg'] = await ctx.svgs.render(metricsSpec);
    figures.push(figure(charts['metrics.svg'], 'metrics.svg', `Each metric that differs between variants, per combination: every seed (dots), the mean (red tick)${ctx.sweep.seeds.length > 1 ? ', mean ± std (bar)' : ''}.`));
  }

  const summaryTable = table(['metric', ...combos.map(escapeHtml)], metrics.map((m) => [escapeHtml(m), ...rows.map((r) => pm(r.metrics[m]))]));
  return { summary: ['<h2>Metrics: mean ± std over seeds</h2>', summaryTable], figures, charts };
}
