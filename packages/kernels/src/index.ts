export { glorotUniform, orthogonal } from './network/keras-initializers.js';
export {
  activationCode, FUSED_ACTIVATIONS, isFusedActivation, UnsupportedActivationError, type ActivationCode, type FusedActivation,
} from './network/activations.js';
export {
  GATES, HEAD_LAYER_NAME, networkLayout, recurrentLayerName, weightTensors,
  type LayerLayout, type WeightTensors, type NetworkLayout, type NetworkShape, type TensorSlot,
} from './network/layout.js';
export { initialParams, initialWeights, type WeightValue } from './network/initial-weights.js';
export { FusedNetwork, type LossKind } from './network/fused-network.js';
export { CHUNK_ROWS, ChunkedNetwork } from './network/chunked-network.js';
export { MAX_THREADS, startChunkThreads, threadSetting } from './network/chunk-threads.js';
export { createFusedOptimizer, EPSILON, type FusedOptimizer, type OptimizerName, type OptimizerState } from './training/optimizers.js';
export { clipGradients, type ClipOptions } from './training/clip.js';
export {
  controlFromScalars, controlScalars, cosineRate, EpochControl, hasControl, isDecayed, MonitorMissingError, valLossMonitor,
  type ControlOptions, type ControlState, type EarlyStoppingOptions, type EpochVerdict, type LrSchedule, type Monitor,
} from './training/epoch-control.js';
export { applyWeightDecay, decayRanges } from './training/weight-decay.js';
export { datasetLoss, endEpoch, fusedFit, type EpochResult, type FusedFitCheckpoint, type FusedFitHooks, type FusedFitResume, type FusedTrainingParams } from './training/fused-fit.js';
export {
  createFusedForecaster, FUSED_IMPL, isFusedForecaster, type ForecasterShape, type FusedForecaster,
} from './forecaster/fused-forecaster.js';
export { fusedForecasterCodec } from './forecaster/fused-forecaster.codec.js';
export { MODEL_NAME, TFJS_LAYERS_VERSION, tfjsTopology } from './forecaster/tfjs-topology.js';
export {
  medianIndex, OUTPUT_LAYOUT, pointForecast, quantileIntervals, quantileLevels, quantilePairs, sortQuantiles, type QuantilePair,
} from './forecaster/quantiles.js';
export { pinballLoss, repeatTargets } from './training/pinball.js';
