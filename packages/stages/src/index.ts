/** @seqpipe/stages: the built-in data stages, the naive baseline and its codec, as one ContainerModule. */
import { CODEC, STAGE } from '@seqpipe/core';
import type { ArtifactCodec, StageDefinition } from '@seqpipe/core';
import { ContainerModule } from 'inversify';
import { naiveBaseline } from './baselines/naive.baseline.js';
import { naiveForecasterCodec } from './baselines/naive.codec.js';
import { driftBaseline, meanBaseline, seasonalBaseline } from './baselines/rule.baselines.js';
import { ruleCodec } from './baselines/rule-forecasters.js';
import { statisticalBaselines } from './baselines/statistical.baselines.js';
import { statisticalForecasterCodec } from './baselines/statistical-forecaster.js';
import { regressionEvaluator } from './evaluators/regression.evaluator.js';
import { nextPredictor } from './predictors/next.predictor.js';
import { minMaxScaler } from './scalers/min-max.scaler.js';
import { robustScaler } from './scalers/robust.scaler.js';
import { standardScaler } from './scalers/standard.scaler.js';
import { backtestSplitter } from './splitters/backtest.splitter.js';
import { csvSource } from './sources/csv/csv.source.js';
import { parquetSource } from './sources/duckdb/parquet.source.js';
import { sqlSource } from './sources/duckdb/sql.source.js';
import { sineSource } from './sources/sine.source.js';
import { diffTransform } from './transforms/diff.transform.js';
import { logTransform } from './transforms/log.transform.js';
import { ratioSplitter } from './splitters/ratio.splitter.js';
import { holdoutSplitter } from './splitters/holdout.splitter.js';
import { slidingWindower } from './windowers/sliding.windower.js';

export { sineSource, linspace } from './sources/sine.source.js';
export { logTransform } from './transforms/log.transform.js';
export { diffTransform, difference } from './transforms/diff.transform.js';
export type { SineParams } from './sources/sine.source.js';
export { minMaxScaler, minMaxColumn, fitRows } from './scalers/min-max.scaler.js';
export { standardScaler } from './scalers/standard.scaler.js';
export { robustScaler } from './scalers/robust.scaler.js';
export { fitRange, trainRows } from './scalers/fit-range.js';
export type { FitParams, RowRange } from './scalers/fit-range.js';
export { backtestSplitter, foldRange } from './splitters/backtest.splitter.js';
export type { BacktestParams } from './splitters/backtest.splitter.js';
export { csvSource } from './sources/csv/csv.source.js';
export { readCsvSeries } from './sources/csv/read-csv-series.js';
export type { CsvReadOptions, CsvReadParams } from './sources/csv/read-csv-series.js';
export type { CsvParams, MissingPolicy } from './sources/csv/csv-params.js';
export { parseTimestamp } from './sources/csv/parse-time.js';
export { readCell } from './sources/csv/cells.js';
export { readCsvTable } from './sources/csv/read-csv-table.js';
export type { TextTable } from './sources/csv/read-csv-table.js';
export { readParquetTable } from './sources/duckdb/read-parquet-table.js';
export { readParquetSeries } from './sources/duckdb/read-parquet.js';
export { parquetSource } from './sources/duckdb/parquet.source.js';
export { sqlSource } from './sources/duckdb/sql.source.js';
export type { ParquetParams, SqlParams, TableMapping } from './sources/duckdb/table-params.js';
export type { MinMaxParams } from './scalers/min-max.scaler.js';
export { slidingWindower, windowCount } from './windowers/sliding.windower.js';
export type { SlidingParams } from './windowers/sliding.windower.js';
export { ratioSplitter, partSizes } from './splitters/ratio.splitter.js';
export { holdoutSplitter, holdoutRows } from './splitters/holdout.splitter.js';
export type { PartSizes, RatioParams } from './splitters/ratio.splitter.js';
export { sliceWindows } from './splitters/slice-windows.js';
export { regressionEvaluator } from './evaluators/regression.evaluator.js';
export type { PartName, RegressionParams } from './evaluators/regression.evaluator.js';
export { nextPredictor } from './predictors/next.predictor.js';
export type { NextParams } from './predictors/next.predictor.js';
export { naiveBaseline } from './baselines/naive.baseline.js';
export { naiveForecasterCodec } from './baselines/naive.codec.js';
export { driftBaseline, meanBaseline, seasonalBaseline } from './baselines/rule.baselines.js';
export { createRuleForecaster, ruleCodec } from './baselines/rule-forecasters.js';
export type { RuleForecaster, RuleImpl } from './baselines/rule-forecasters.js';
export { naive2Baseline, sesBaseline, holtBaseline, dampedBaseline, thetaBaseline, combBaseline, statisticalBaselines } from './baselines/statistical.baselines.js';
export type { StatisticalParams } from './baselines/statistical.baselines.js';
export { createStatisticalForecaster, isStatisticalForecaster, statisticalForecasterCodec, STATISTICAL_METHODS, STATISTICAL_IMPL } from './baselines/statistical-forecaster.js';
export type { StatisticalForecasterModel, StatisticalMethod } from './baselines/statistical-forecaster.js';
export { createNaiveForecaster, isNaiveForecaster } from './baselines/naive-forecaster.js';
export type { NaiveForecaster, NaiveShape } from './baselines/naive-forecaster.js';
export { mse, rmse, mae, mape, smape, r2, naiveScale, regressionMetric, REGRESSION_METRICS, RELATIVE_METRICS } from './metrics/regression-metrics.js';
export type { RegressionMetricName, RelativeMetricName } from './metrics/regression-metrics.js';
export { m4Smape, m4Mase, m4MaseScale, owa } from './metrics/m4-metrics.js';
export type { M4Scores } from './metrics/m4-metrics.js';
export * as statistical from './statistical/index.js';
export { assertCompatible, predictChecked } from './forecasting/compatible.js';

export const builtinStages: readonly StageDefinition[] = [
  sineSource, csvSource, parquetSource, sqlSource, logTransform, diffTransform, minMaxScaler, standardScaler, robustScaler, slidingWindower, ratioSplitter, holdoutSplitter, backtestSplitter,
  regressionEvaluator, nextPredictor, naiveBaseline, seasonalBaseline, driftBaseline, meanBaseline, ...statisticalBaselines,
];

export const stageCodecs: readonly ArtifactCodec[] = [naiveForecasterCodec, ruleCodec('seasonal-naive'), ruleCodec('drift'), ruleCodec('mean'), statisticalForecasterCodec];

export const stagesModule: ContainerModule = new ContainerModule(({ bind }) => {
  for (const s of builtinStages) bind(STAGE).toConstantValue(s);
  for (const c of stageCodecs) bind(CODEC).toConstantValue(c);
});
