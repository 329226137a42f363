import { CODEC, NUMERIC_ENV, STAGE } from '@seqpipe/core';
import { fusedForecasterCodec } from '@seqpipe/kernels';
import type { ArtifactCodec, StageDefinition } from '@seqpipe/core';
import { ContainerModule } from 'inversify';
import { createNumericEnvironment } from './backend/numeric-environment.js';
import { localForecasterCodec } from './model/local-forecaster.codec.js';
import { tfjsForecasterCodec } from './model/tfjs-forecaster.codec.js';
import { linearModelStage } from './stages/linear.model.js';
import { mlpModelStage } from './stages/mlp.model.js';
import { nbeatsModelStage } from './stages/nbeats.model.js';
import { rnnModelStage } from './stages/rnn.model.js';
import { tfjsTrainerStage } from './stages/tfjs.trainer.js';

export const tfjsStages: readonly StageDefinition[] = [rnnModelStage, mlpModelStage, linearModelStage, nbeatsModelStage, tfjsTrainerStage];
export const tfjsCodecs: readonly ArtifactCodec[] = [
  tfjsForecasterCodec as unknown as ArtifactCodec, fusedForecasterCodec as unknown as ArtifactCodec, localForecasterCodec as unknown as ArtifactCodec,
];

/** Binds the tfjs stages, the network codecs (tfjs-layers, fused, and one model per series) and the numeric environment. Loads no TensorFlow. */
export function tfjsModule(stateDir: string): ContainerModule {
  return new ContainerModule(({ bind }) => {
    for (const stage of tfjsStages) bind(STAGE).toConstantValue(stage);
    for (const codec of tfjsCodecs) bind(CODEC).toConstantValue(codec);
    bind(NUMERIC_ENV).toConstantValue(createNumericEnvironment(stateDir));
  });
}
