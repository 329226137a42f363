export { glorotUniform, orthogonal } from './network/keras-initializers.js';
export {
  activationCode, FUSED_ACTIVATIONS, isFusedActivation, UnsupportedActivationError, type ActivationCode, type FusedActivation,
} from './network/activations.js';
export {
  GATES, HEAD_LAYER_NAME, networkLayout, recurrentLayerName, recurrentOnly, weightTensors,
  type LayerLayout, type WeightTensors, type NetworkLayout, type NetworkShape, type TensorSlot,
} from './network/layout.js';
export {
  DENSE_LAYER_NAME, FAMILY_HEAD, familyTensors, LINEAR_REMAINDER_HEAD, LINEAR_TREND, LINEAR_TREND_HEAD, NBEATS_DEFAULTS, nbeatsLayer, nbeatsPlan,
  type FamilySlot, type NbeatsBlock, type NbeatsGroup, type NbeatsPlan,
} from './network/family-layout.js';
export { backcastTimes, forecastTimes, movingAverageKernel, seasonalityBasis, trendBasis } from './network/family-bases.js';
export { initialParams, initialWeights, type WeightValue } from './network/initial-weights.js';
export { FusedNetwork, type LossKind } from './network/fused-network.js';
export { CHUNK_ROWS, ChunkedNetwork } from './network/chunked-network.js';
export { MAX_THREADS, startChunkThreads, threadSetting } from './network/chunk-threads.js';
export {
  kernelKind, kernelsIdentity, loadNativeProducts, NATIVE_KERNELS_ID, NativeKernelsUnavailableError, nativeProductsPath, type KernelKind,
} from './native/native-products.js';
export { FusedDenseNetwork } from './network/dense-network.js';
export { denseLayout, isFusedDenseSpec, type DenseFamilySpec, type DenseLayerLayout, type DenseNetworkLayout } from './network/dense-layout.js';
export { createFusedNetwork, fusedLayout, isDenseLayout, trainableTensors, type FusedLayout, type FusedTrainable } from './network/fused-factory.js';
export { familyTopology } from './forecaster/family-topology.js';
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
  medianIndex, OUTPUT_LAYOUT, pointForecast, quantileIntervals, quantileLevels, quantilePairs, sortQuantiles, withQuantileIntervals, type QuantilePair,
} from './forecaster/quantiles.js';
export { pinballLoss, repeatTargets } from './training/pinball.js';
