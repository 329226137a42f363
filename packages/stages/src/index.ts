/** @seqpipe/stages: the built-in data stages, the naive baseline and its codec, as one ContainerModule. */
import { CODEC, STAGE } from '@seqpipe/core';
import type { ArtifactCodec, StageDefinition } from '@seqpipe/core';
import { ContainerModule } from 'inversify';
import { naiveBaseline } from './baselines/naive.baseline.js';
import { naiveForecasterCodec } from './baselines/naive.codec.js';
import { regressionEvaluator } from './evaluators/regression.evaluator.js';
import { nextPredictor } from './predictors/next.predictor.js';
import { minMaxScaler } from './scalers/min-max.scaler.js';
import { csvSource } from './sources/csv/csv.source.js';
import { sineSource } from './sources/sine.source.js';
import { ratioSplitter } from './splitters/ratio.splitter.js';
import { slidingWindower } from './windowers/sliding.windower.js';

export { sineSource, linspace } from './sources/sine.source.js';
export type { SineParams } from './sources/sine.source.js';
export { csvSource } from './sources/csv/csv.source.js';
export { readCsvSeries } from './sources/csv/read-csv-series.js';
export type { CsvReadOptions, CsvReadParams } from './sources/csv/read-csv-series.js';
export type { CsvParams, MissingPolicy } from './sources/csv/csv-params.js';
export { parseTimestamp } from './sources/csv/parse-time.js';
export { minMaxScaler, fitMinMax, fitRows } from './scalers/min-max.scaler.js';
export type { MinMaxParams } from './scalers/min-max.scaler.js';
export { slidingWindower, windowCount } from './windowers/sliding.windower.js';
export type { SlidingParams } from './windowers/sliding.windower.js';
export { ratioSplitter, partSizes } from './splitters/ratio.splitter.js';
export type { PartSizes, RatioParams } from './splitters/ratio.splitter.js';
export { sliceWindows } from './splitters/slice-windows.js';
export { regressionEvaluator } from './evaluators/regression.evaluator.js';
export type { PartName, RegressionParams } from './evaluators/regression.evaluator.js';
export { nextPredictor } from './predictors/next.predictor.js';
export type { NextParams } from './predictors/next.predictor.js';
export { naiveBaseline } from './baselines/naive.baseline.js';
export { naiveForecasterCodec } from './baselines/naive.codec.js';
export { createNaiveForecaster, isNaiveForecaster } from './baselines/naive-forecaster.js';
export type { NaiveForecaster, NaiveShape } from './baselines/naive-forecaster.js';
export { mse, rmse, mae, regressionMetric, REGRESSION_METRICS } from './metrics/regression-metrics.js';
export type { RegressionMetricName } from './metrics/regression-metrics.js';
export { assertCompatible, predictChecked } from './forecasting/compatible.js';

export const builtinStages: readonly StageDefinition[] = [
  sineSource, csvSource, minMaxScaler, slidingWindower, ratioSplitter, regressionEvaluator, nextPredictor, naiveBaseline,
];

export const stageCodecs: readonly ArtifactCodec[] = [naiveForecasterCodec];

export const stagesModule: ContainerModule = new ContainerModule(({ bind }) => {
  for (const s of builtinStages) bind(STAGE).toConstantValue(s);
  for (const c of stageCodecs) bind(CODEC).toConstantValue(c);
});
