/** @seqpipe/report: HTML reports with SVG charts (Vega-Lite rendered in Node) from run records. */
export { renderSvg, type ChartSpec } from './render-svg.js';
export { loadRunReportData, loadRunHistories, type RunReportData, type Evaluation, type EpochLoss, type PredictionSeries } from './report-data.js';
export { renderRunReport, writeRunReport, metricsTable, type RenderedReport } from './run-report.js';
export { renderComparisonReport, writeComparisonReport } from './comparison-report.js';
export { lossChart, predictionsChart, forecastChart, metricBars } from './charts.js';
export { renderSweepReport, writeSweepReport, comboLabel, type RenderedSweepReport } from './sweep-report.js';
export { sweepMetricsChart, sweepLossChart } from './sweep-charts.js';
export { sweepLossSummaryChart, sweepMetricsSummaryChart } from './sweep-summary-charts.js';
export { SvgCache, svgKey, vegaVersions, type SvgRenderer } from './svg-cache.js';
