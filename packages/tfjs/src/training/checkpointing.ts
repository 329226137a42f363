/**
 * What both engines share around checkpoints: finding a usable one to resume from (a checkpoint
 * that does not fit this training is ignored with a note, never half-used), and saving one.
 * Saving is cheap next to training (one atomic write of about three times the weights), and
 * resuming needs the same key, so `checkpointEvery` is a volatile param: it never changes the key
 * or the trained bytes.
 */
import { messages, restoreRng, type StageContext } from '@seqpipe/core';
import { controlFromScalars, EpochControl, hasControl } from '@seqpipe/kernels';
import { decodeCheckpoint, encodeCheckpoint, type CheckpointTensor, type TrainingCheckpoint } from './checkpoint.codec.js';
import type { TrainingParams } from './training-params.js';

/** Epochs between checkpoints when the pipeline does not say (see ARCHITECTURE.md). */
export const DEFAULT_CHECKPOINT_EVERY = 10;

export async function findCheckpoint(
  ctx: StageContext, engine: TrainingCheckpoint['engine'], params: TrainingParams, fits: (c: TrainingCheckpoint) => void,
): Promise<TrainingCheckpoint | undefined> {
  const encoded = await ctx.checkpoints?.load();
  if (!encoded) return undefined;
  try {
    const c = decodeCheckpoint(encoded);
    if (c.engine !== engine) throw new Error(`was written by the ${c.engine} engine`);
    if (c.epochs !== params.epochs || c.optimizer.name !== params.optimizer || hasControl(params) !== (c.control !== undefined)) {
      throw new Error('was written for other training params');
    }
    if (c.control) controlFromScalars(c.control);
    if (!(c.epoch >= 1 && c.epoch < c.epochs && c.history.length === c.epoch)) throw new Error(`has an impossible epoch ${c.epoch}/${c.epochs}`);
    restoreRng(c.rng);
    restoreRng(c.dropoutRng);
    fits(c);
    return c;
  } catch (error) {
    ctx.log.warn(`W_CHECKPOINT_IGNORED ${messages.W_CHECKPOINT_IGNORED(ctx.stageId, (error as Error).message)}`);
    return undefined;
  }
}

/** Saves checkpoints every `checkpointEvery` epochs; undefined when disabled (0) or the context has no store. */
export function checkpointSaver(ctx: StageContext, params: TrainingParams): { every: number; save(c: TrainingCheckpoint): Promise<void> } | undefined {
  const every = params.checkpointEvery ?? DEFAULT_CHECKPOINT_EVERY;
  const store = ctx.checkpoints;
  if (!store || every <= 0) return undefined;
  return { every, save: (c) => store.save(encodeCheckpoint(c), { epoch: c.epoch, epochs: c.epochs }) };
}

/** The checkpoint's tensors whose names start with `prefix`, in order. */
export function tensorsOf(c: TrainingCheckpoint, prefix: 'weight:' | 'optimizer:' | 'best:'): CheckpointTensor[] {
  return c.tensors.filter((t) => t.name.startsWith(prefix));
}

/**
 * The training control of these params (undefined without earlyStopping or lrSchedule), resumed
 * from the checkpoint's state and best weights when there is one; `best` turns its tensors into
 * the engine's copy.
 */
export function controlOf<W>(params: TrainingParams, resume: TrainingCheckpoint | undefined, best: (t: CheckpointTensor[]) => W): EpochControl<W> | undefined {
  if (!hasControl(params)) return undefined;
  const saved = resume?.control ? controlFromScalars(resume.control) : undefined;
  const tensors = resume ? tensorsOf(resume, 'best:') : [];
  return new EpochControl<W>(params, saved, tensors.length ? best(tensors) : undefined);
}
