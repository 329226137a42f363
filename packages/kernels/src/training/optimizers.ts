/**
 * Adam, SGD and RMSprop over the flat parameter array, exactly as tfjs-core updates a variable
 * (tfjs defaults equal Keras's): Adam β1 0.9, β2 0.999, ε 1e-7 added to √v̂, bias correction by
 * 1 − β^t with β^t kept as a running product; RMSprop ρ 0.9, no momentum, ε inside the root
 * (w −= lr·g / √(ms + ε), as tfjs does); SGD w −= lr·g.
 */
import type { AdamKernel } from '../wasm/arena.js';

export type OptimizerName = 'adam' | 'sgd' | 'rmsprop';

export interface FusedOptimizer {
  /** params −= update(grads), in place. */
  step(params: Floats, grads: Floats): void;
  /** The rate of the following steps (schedules); not part of `state()`: the schedule's state holds it. */
  setLearningRate(lr: number): void;
  /** A copy of everything the next steps depend on (for checkpoints). */
  state(): OptimizerState;
  /** Continues from a `state()` of the same optimizer and size, bit for bit. */
  restore(state: OptimizerState): void;
}

/** Adam: scalars [β1^t, β2^t], arrays [m, v]; RMSprop: arrays [ms]; SGD: nothing. */
/** The fused network's float32 parameters, or a caller's float64 copy. */
export type Floats = Float32Array | Float64Array;

export interface OptimizerState {
  readonly scalars: readonly number[];
  readonly arrays: readonly Float64Array[];
}

function restoreArrays(into: readonly Floats[], state: OptimizerState, scalars: number): void {
  if (state.scalars.length !== scalars || state.arrays.length !== into.length || state.arrays.some((a, i) => a.length !== into[i]!.length)) {
    throw new TypeError('optimizer state does not fit this optimizer');
  }
  into.forEach((a, i) => a.set(state.arrays[i]!));
}

/** tfjs's backend epsilon for float32 backends, used when an optimizer is built without one. */
export const EPSILON = 1e-7;

/** Plain-JS optimizers; FusedNetwork.createOptimizer runs Adam in WASM with the same arithmetic. */
export function createFusedOptimizer(name: OptimizerName, learningRate: number, size: number): FusedOptimizer {
  switch (name) {
    case 'adam': return adam(learningRate, size);
    case 'sgd': {
      let lr = learningRate;
      return {
        step: (p, g) => { for (let i = 0; i < p.length; i++) p[i] -= lr * g[i]; },
        setLearningRate: (v) => { lr = v; },
        state: () => ({ scalars: [], arrays: [] }),
        restore: (s) => restoreArrays([], s, 0),
      };
    }
    case 'rmsprop': return rmsprop(learningRate, size);
  }
}

function adam(lr: number, size: number): FusedOptimizer {
  return new Adam(lr, size);
}

/** Adam in WASM over state arrays in the network's memory. */
export class WasmAdam implements FusedOptimizer {
  private accBeta1 = 0.9;
  private accBeta2 = 0.999;

  constructor(private readonly kernel: AdamKernel, private lr: number, private readonly m: Float32Array, private readonly v: Float32Array) {}

  step(p: Floats, g: Floats): void {
    if (!(p instanceof Float32Array && g instanceof Float32Array)) throw new TypeError('WasmAdam steps its network\'s own float32 arrays');
    this.kernel(p, g, this.m, this.v, this.lr, 0.9, 0.999, 1 - this.accBeta1, 1 - this.accBeta2, EPSILON);
    this.accBeta1 *= 0.9;
    this.accBeta2 *= 0.999;
  }

  setLearningRate(lr: number): void {
    this.lr = lr;
  }

  state(): OptimizerState {
    return { scalars: [this.accBeta1, this.accBeta2], arrays: [Float64Array.from(this.m), Float64Array.from(this.v)] };
  }

  restore(state: OptimizerState): void {
    restoreArrays([this.m, this.v], state, 2);
    [this.accBeta1, this.accBeta2] = state.scalars as [number, number];
  }
}

/** Adam in JS, moments in float32 like the network's (so it is the reference WasmAdam is tested against). */
class Adam implements FusedOptimizer {
  private readonly m: Float32Array;
  private readonly v: Float32Array;
  private accBeta1 = 0.9;
  private accBeta2 = 0.999;

  constructor(private lr: number, size: number, private readonly beta1 = 0.9, private readonly beta2 = 0.999) {
    this.m = new Float32Array(size);
    this.v = new Float32Array(size);
    this.accBeta1 = beta1;
    this.accBeta2 = beta2;
  }

  step(p: Floats, g: Floats): void {
    const { m, v, beta1, beta2, lr } = this;
    const c1 = 1 - this.accBeta1;
    const c2 = 1 - this.accBeta2;
    const k1 = 1 - beta1;
    const k2 = 1 - beta2;
    const n = m.length;
    for (let i = 0; i < n; i++) {
      const gi = g[i];
      const mi = m[i] * beta1 + gi * k1;
      const vi = v[i] * beta2 + gi * gi * k2;
      m[i] = mi;
      v[i] = vi;
      p[i] -= (lr * (mi / c1)) / (Math.sqrt(vi / c2) + EPSILON);
    }
    this.accBeta1 *= beta1;
    this.accBeta2 *= beta2;
  }

  setLearningRate(lr: number): void {
    this.lr = lr;
  }

  state(): OptimizerState {
    return { scalars: [this.accBeta1, this.accBeta2], arrays: [Float64Array.from(this.m), Float64Array.from(this.v)] };
  }

  restore(state: OptimizerState): void {
    restoreArrays([this.m, this.v], state, 2);
    [this.accBeta1, this.accBeta2] = state.scalars as [number, number];
  }
}

class RmsProp implements FusedOptimizer {
  private readonly ms: Float64Array;

  constructor(private lr: number, size: number, private readonly rho = 0.9) {
    this.ms = new Float64Array(size);
  }

  step(p: Floats, g: Floats): void {
    const { ms, rho, lr } = this;
    const n = ms.length;
    for (let i = 0; i < n; i++) {
      const gi = g[i];
      const s = ms[i] * rho + gi * gi * (1 - rho);
      ms[i] = s;
      p[i] -= (gi * lr) / Math.sqrt(s + EPSILON);
    }
  }

  setLearningRate(lr: number): void {
    this.lr = lr;
  }

  state(): OptimizerState {
    return { scalars: [], arrays: [this.ms.slice()] };
  }

  restore(state: OptimizerState): void {
    restoreArrays([this.ms], state, 0);
  }
}

function rmsprop(lr: number, size: number): FusedOptimizer {
  return new RmsProp(lr, size);
}
