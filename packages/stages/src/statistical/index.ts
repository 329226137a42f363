/** The M4 statistical benchmarks and their building blocks: pure functions over Float64Array. */
export { naive, seasonalNaive, naive2, ses, holt, damped, theta, comb, m4Benchmarks, M4_BENCHMARKS, M4_PUBLISHED_BENCHMARKS } from './benchmarks.js';
export type { M4BenchmarkName, StatisticalForecaster } from './benchmarks.js';
export { autocorrelations, isSeasonal, multiplicativeIndices, seasonalAdjustment } from './seasonality.js';
export type { SeasonalAdjustment } from './seasonality.js';
export { fitEts, etsForecast, initialStates, FORECAST_ALPHA_START, FORECAST_8_1_ALPHA_START } from './ets-additive.js';
export type { EtsFit, EtsOptions, EtsTrend } from './ets-additive.js';
export { nelderMead } from './nelder-mead.js';
export type { NelderMeadOptions, NelderMeadResult } from './nelder-mead.js';
