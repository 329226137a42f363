export { rnnModelStage, type RnnLayerParams, type RnnModelParams } from './stages/rnn.model.js';
export { mlpModelStage, type MlpModelParams } from './stages/mlp.model.js';
export { linearModelStage, type LinearModelParams } from './stages/linear.model.js';
export { nbeatsModelStage, type NbeatsModelParams, type NbeatsStackParams } from './stages/nbeats.model.js';
export { tfjsTrainerStage } from './stages/tfjs.trainer.js';
export { tfjsForecasterCodec } from './model/tfjs-forecaster.codec.js';
export { localForecasterCodec } from './model/local-forecaster.codec.js';
export { createLocalForecaster, isLocalForecaster, LOCAL_IMPL, type LocalForecaster } from './model/local-forecaster.js';
export { tfjsStages, tfjsCodecs, tfjsModule } from './tfjs.module.js';
export { loadTf, loadTfInfo, loadedTf, type TfLoad } from './backend/load-tf.js';
export type { BackendName, Tf } from './backend/tf-types.js';
export {
  createNumericEnvironment, type NumericEnvironmentOptions, type TfjsNumericEnvironment,
} from './backend/numeric-environment.js';
export { buildModel, type ModelShape } from './model/build-model.js';
export { createTfjsForecaster, isTfjsForecaster, TFJS_IMPL, type TfjsForecaster } from './model/tfjs-forecaster.js';
export type { TrainingParams } from './training/training-params.js';
export type { EpochResult } from './training/fit-loop.js';
