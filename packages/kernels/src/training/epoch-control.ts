/**
 * Training control consulted by both engines' loops (fused-fit.ts here, fit-loop.ts in the tfjs
 * package) and by any model family that trains through them: the learning rate of each epoch
 * (cosine decay or reduce-on-plateau) and early stopping on a monitored loss. The loops ask
 * `learningRate(epoch)` before an epoch, report it with `endEpoch`, copy the weights when it says
 * `improved`, stop when it says `stop`, and put the copy back at the end. Everything it depends on
 * is in `state()`, so a checkpoint resumes it bit for bit. Pure JS, no TensorFlow.
 */

export type Monitor = 'val_loss' | 'loss';

export interface EarlyStoppingOptions {
  /** Epochs without an improvement larger than `minDelta` before training stops. */
  readonly patience: number;
  /** An epoch improves on the best only if monitored + minDelta < best (Keras min_delta). Default 0. */
  readonly minDelta?: number;
  /** Default val_loss: the loss on the split's validation part. */
  readonly monitor?: Monitor;
}

export type LrSchedule =
  | {
    readonly type: 'plateau';
    /** new lr = max(lr · factor, minLr). Default 0.1 (Keras). */
    readonly factor?: number;
    /** Epochs without improvement before reducing. Default 10 (Keras). */
    readonly patience?: number;
    readonly minLr?: number;
    /** Default 1e-4 (Keras ReduceLROnPlateau min_delta). */
    readonly minDelta?: number;
    readonly monitor?: Monitor;
  }
  | {
    readonly type: 'cosine';
    /** The learning rate the decay ends towards. Default 0. */
    readonly minLr?: number;
    /** Epochs of linear warm-up before the decay. Default 0. */
    readonly warmup?: number;
  };

export interface ControlOptions {
  readonly learningRate: number;
  readonly epochs: number;
  readonly earlyStopping?: EarlyStoppingOptions;
  readonly lrSchedule?: LrSchedule;
}

/** Everything the next epochs depend on, for checkpoints. Infinity is a legal `best`. */
export interface ControlState {
  /** The learning rate plateau reduction reached (cosine recomputes it from the epoch). */
  readonly lr: number;
  /** Early stopping: best monitored loss, its epoch (0: none yet), epochs since. */
  readonly best: number;
  readonly bestEpoch: number;
  readonly wait: number;
  /** Reduce-on-plateau's own best and wait (Keras keeps them apart from early stopping's). */
  readonly plateauBest: number;
  readonly plateauWait: number;
}

export interface EpochVerdict {
  /** The weights now are the best so far: copy them. */
  readonly improved: boolean;
  /** Stop after this epoch (early stopping's patience ran out). */
  readonly stop: boolean;
}

/** Whether any control is configured: without it the loops run exactly as before. */
export function hasControl(o: { readonly earlyStopping?: unknown; readonly lrSchedule?: unknown }): boolean {
  return o.earlyStopping !== undefined || o.lrSchedule !== undefined;
}

/** Cosine decay per epoch (1-based), after `warmup` epochs rising linearly to the base rate. */
export function cosineRate(base: number, epoch: number, epochs: number, minLr = 0, warmup = 0): number {
  if (epoch <= warmup) return (base * epoch) / warmup;
  const t = (epoch - 1 - warmup) / (epochs - warmup);
  return minLr + (base - minLr) * 0.5 * (1 + Math.cos(Math.PI * t));
}

/** The param that monitors the validation loss (for errors), if any does. */
export function valLossMonitor(o: Pick<ControlOptions, 'earlyStopping' | 'lrSchedule'>): 'earlyStopping' | 'lrSchedule' | undefined {
  const { earlyStopping: es, lrSchedule: lr } = o;
  if (es && (es.monitor ?? 'val_loss') === 'val_loss') return 'earlyStopping';
  if (lr?.type === 'plateau' && (lr.monitor ?? 'val_loss') === 'val_loss') return 'lrSchedule';
  return undefined;
}

/** `W` is the engine's copy of the weights (the fused engine's Float64Array, the layers engine's float32 values). */
export class EpochControl<W = unknown> {
  private s: ControlState;
  /** The best epoch's weights, copied by the loop when `endEpoch` says `improved`. */
  best?: W;

  constructor(private readonly o: ControlOptions, state?: ControlState, best?: W) {
    this.s = state ?? { lr: o.learningRate, best: Infinity, bestEpoch: 0, wait: 0, plateauBest: Infinity, plateauWait: 0 };
    if (best !== undefined) this.best = best;
  }

  /** For the error when the validation loss is missing. */
  get monitoredBy(): string {
    return valLossMonitor(this.o) ?? 'earlyStopping';
  }

  get earlyStopping(): boolean {
    return this.o.earlyStopping !== undefined;
  }

  /** The learning rate for `epoch` (1-based). */
  learningRate(epoch: number): number {
    const lr = this.o.lrSchedule;
    if (lr?.type === 'cosine') return cosineRate(this.o.learningRate, epoch, this.o.epochs, lr.minLr ?? 0, lr.warmup ?? 0);
    return this.s.lr;
  }

  /** After epoch `epoch`'s losses are known: updates the schedule and early stopping. */
  endEpoch(epoch: number, losses: { readonly loss: number; readonly valLoss?: number }): EpochVerdict {
    const value = (m: Monitor | undefined): number => {
      const v = (m ?? 'val_loss') === 'loss' ? losses.loss : losses.valLoss;
      if (v === undefined) throw new MonitorMissingError();
      return v;
    };
    let { lr, best, bestEpoch, wait, plateauBest, plateauWait } = this.s;
    const sched = this.o.lrSchedule;
    if (sched?.type === 'plateau') {
      // Keras ReduceLROnPlateau (mode min, no cooldown) exactly: improvement when current < best − minDelta.
      const current = value(sched.monitor);
      if (current < plateauBest - (sched.minDelta ?? 1e-4)) {
        plateauBest = current;
        plateauWait = 0;
      } else {
        plateauWait++;
        const minLr = sched.minLr ?? 0;
        if (plateauWait >= (sched.patience ?? 10) && lr > minLr) {
          lr = Math.max(lr * (sched.factor ?? 0.1), minLr);
          plateauWait = 0;
        }
      }
    }
    let improved = false;
    let stop = false;
    const es = this.o.earlyStopping;
    if (es) {
      // Keras EarlyStopping (mode min) exactly: improvement when current + minDelta < best.
      const current = value(es.monitor);
      if (current + (es.minDelta ?? 0) < best) {
        best = current;
        bestEpoch = epoch;
        wait = 0;
        improved = true;
      } else {
        wait++;
        stop = wait >= es.patience;
      }
    }
    this.s = { lr, best, bestEpoch, wait, plateauBest, plateauWait };
    return { improved, stop };
  }

  state(): ControlState {
    return { ...this.s };
  }
}

/** The monitored loss is the validation loss and this training has none. */
export class MonitorMissingError extends Error {
  constructor() {
    super('val_loss is monitored but there is no validation part');
  }
}

/** Scalars of a state in a fixed order, for checkpoints; `fromScalars` reverses it. */
export function controlScalars(s: ControlState): number[] {
  return [s.lr, s.best, s.bestEpoch, s.wait, s.plateauBest, s.plateauWait];
}

export function controlFromScalars(v: readonly number[]): ControlState {
  if (v.length !== 6) throw new Error('has a damaged training-control state');
  const [lr, best, bestEpoch, wait, plateauBest, plateauWait] = v as [number, number, number, number, number, number];
  return { lr, best, bestEpoch, wait, plateauBest, plateauWait };
}

/** Decoupled weight decay (Keras optimizer weight_decay): w −= lr·wd·w on kernels, biases excluded. */
export function isDecayed(tensorName: string): boolean {
  return !/bias$/.test(tensorName);
}
