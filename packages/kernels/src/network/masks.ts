/**
 * Dropout masks, described per network so that a batch split into chunks (chunked-network.ts)
 * draws the whole batch's masks in the single network's order and hands each chunk its rows.
 * A slot is one mask array of `width` values per row; the layers engine draws it `draws` times
 * (an RNN layer draws one mask per gate and uses the first), and it is on when 0 < rate < 1.
 */
import type { Rng } from '@seqpipe/core';

export interface MaskSlot {
  readonly rate: number;
  /** Values per batch row. */
  readonly width: number;
  /** Masks drawn in a row (tfjs-layers draws one per gate); the first is kept. */
  readonly draws: number;
}

export const maskOn = (rate: number): boolean => rate > 0 && rate < 1;

/** Draws one mask of n values (tfjs's order and values); `into` keeps them. */
export function fillMask(rng: Rng, rate: number, into: Float32Array | undefined, n: number): void {
  // tfjs holds the mask in a Float32Array: the kept value is float32(1/(1−rate)).
  const keep = Math.fround(1 / (1 - rate));
  for (let k = 0; k < n; k++) {
    const v = rng.next() < rate ? 0 : keep;
    if (into) into[k] = v;
  }
}

/** A network whose masks are described by slots: what ChunkedNetwork needs to spread a batch's masks. */
export interface Masked {
  /** The slots in draw order. */
  readonly maskSlots: readonly MaskSlot[];
  /** Slot s's array (rows × width, this network's rows). */
  maskArray(slot: number): Float32Array;
  /** Slot s is applied in training passes iff flags[s] is 1. */
  setMaskFlags(flags: ArrayLike<number>): void;
}

/** Draws the slots' masks for B rows into a network's arrays, in order, and sets its flags. */
export function drawSlotMasks(net: Masked, rng: Rng, B: number): void {
  const flags = net.maskSlots.map((s, i) => {
    if (!maskOn(s.rate)) return 0;
    for (let k = 0; k < s.draws; k++) fillMask(rng, s.rate, k === 0 ? net.maskArray(i) : undefined, B * s.width);
    return 1;
  });
  net.setMaskFlags(flags);
}
