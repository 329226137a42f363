import { createHash } from 'node:crypto';

/** A seeded generator (sfc32): fast, 128-bit state, identical on every platform. */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Standard normal (Box–Muller). */
  normal(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** In-place Fisher–Yates shuffle. */
  shuffle<T>(items: T[] | Int32Array | Uint32Array): void;
  /** The generator's whole state (four uint32): `restoreRng(state)` continues exactly from here. */
  state(): RngState;
}

export type RngState = readonly [number, number, number, number];

export function createRng(seed: number): Rng {
  const rng = sfc32([0x9e3779b9, 0x243f6a88, 0xb7e15162, seed >>> 0]);
  for (let i = 0; i < 15; i++) rng.next(); // mix the seed in
  return rng;
}

/** A generator continuing from a saved `state()` (a resumed training's shuffle and dropout streams). */
export function restoreRng(state: RngState): Rng {
  if (state.length !== 4 || !state.every((v) => Number.isInteger(v) && v >= 0 && v <= 0xffffffff)) {
    throw new TypeError('an Rng state is four uint32 values');
  }
  return sfc32(state);
}

function sfc32(initial: RngState): Rng {
  let [a, b, c, d] = initial;
  const u32 = (): number => {
    a >>>= 0; b >>>= 0; c >>>= 0; d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return t >>> 0;
  };
  const next = (): number => u32() / 4294967296;
  return {
    next,
    normal() {
      const u = 1 - next();
      const v = next();
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    },
    int(n) {
      return Math.floor(next() * n);
    },
    shuffle(items) {
      for (let i = items.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        const tmp = items[i]!;
        items[i] = items[j]!;
        items[j] = tmp;
      }
    },
    state: () => [a >>> 0, b >>> 0, c >>> 0, d >>> 0],
  };
}

/** A stage's seed: a pure function of the pipeline seed and the stage id, not of run order. */
export function deriveSeed(pipelineSeed: number, stageId: string): number {
  return createHash('sha256').update(`${pipelineSeed}\u0000${stageId}`).digest().readUInt32LE(0);
}
