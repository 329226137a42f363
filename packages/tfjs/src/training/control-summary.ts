/**
 * What training control did, for the trainer's summary (and from there run.json and `--json`):
 * epochs run, where early stopping stopped, the best epoch whose weights were restored, and the
 * learning rate of the last epoch. Also the one log line saying so.
 */
import type { JsonObject, StageContext } from '@seqpipe/core';
import type { EpochControl } from '@seqpipe/kernels';
import type { EpochResult } from './fit-loop.js';
import type { TrainingParams } from './training-params.js';

export function controlSummary(control: EpochControl<unknown>, history: readonly EpochResult[], params: TrainingParams): JsonObject {
  const last = history.at(-1);
  const { bestEpoch, best } = control.state();
  const es = params.earlyStopping;
  const ran = last?.epoch ?? 0;
  return {
    epochsRun: ran,
    ...(es && ran < params.epochs ? { stoppedEpoch: ran } : {}),
    ...(es && bestEpoch > 0 ? { bestEpoch, monitor: es.monitor ?? 'val_loss', best } : {}),
    ...(last?.learningRate === undefined ? {} : { learningRate: last.learningRate }),
  };
}

/** `early stop at epoch 14, best epoch 9 (val_loss 0.0123)` or `best epoch 9 of 20 restored (…)`. */
export function logControl(ctx: StageContext, summary: JsonObject, params: TrainingParams): void {
  const { stoppedEpoch, bestEpoch, monitor, best, learningRate } = summary as {
    stoppedEpoch?: number; bestEpoch?: number; monitor?: string; best?: number; learningRate?: number;
  };
  const lr = params.lrSchedule && learningRate !== undefined ? `, final learning rate ${learningRate.toPrecision(4)}` : '';
  if (bestEpoch === undefined) {
    if (lr) ctx.log.info(`learning rate ${params.lrSchedule!.type}${lr}`);
    return;
  }
  const value = `${monitor} ${best!.toPrecision(4)}`;
  ctx.log.info(stoppedEpoch !== undefined
    ? `early stop at epoch ${stoppedEpoch}, best epoch ${bestEpoch} (${value})${lr}`
    : `no early stop in ${params.epochs} epochs, best epoch ${bestEpoch} (${value}) restored${lr}`);
}
