/**
 * Per-layer work arrays, allocated once for a batch capacity and reused by every step (no
 * allocation in the training loop). Time-major: step t of a batch of B rows starts at t·B·width.
 */
import type { Allocate } from '../wasm/arena.js';
import type { LayerLayout } from './layout.js';

export interface LayerBuffers {
  /** Input after the dropout mask, [T][B][in]. */
  readonly xin: Float32Array;
  /** Previous output after the recurrent dropout mask, [T][B][units]. */
  readonly hp: Float32Array;
  /** Outputs, [T+1][B][units]; h[0] is the zero initial state. */
  readonly h: Float32Array;
  /** Gate pre-activations and activations, [T][B][gates·units]. */
  readonly a: Float32Array;
  readonly y: Float32Array;
  /** LSTM: cell state [T+1][B][units]. GRU: r ∘ hp, [T][B][units]. */
  readonly c: Float32Array;
  /** LSTM: activation(c), [T+1][B][units]. */
  readonly tc: Float32Array;
  readonly md: Float32Array;
  readonly mr: Float32Array;
  hasMd: boolean;
  hasMr: boolean;
  /** Gradient of the loss with respect to each output h[t+1], from the layer above, [T][B][units]. */
  readonly dOut: Float32Array;
  readonly dA: Float32Array;
  readonly dh: Float32Array;
  readonly dhp: Float32Array;
  readonly dc: Float32Array;
  readonly tmp: Float32Array;
  readonly dx: Float32Array;
}

export function layerBuffers(l: LayerLayout, lookback: number, batch: number, f: Allocate): LayerBuffers {
  const T = lookback;
  const U = l.units;
  const GU = l.gates * U;
  const lstm = l.cell === 'lstm';
  return {
    xin: f(T * batch * l.inputDim),
    hp: f(T * batch * U),
    h: f((T + 1) * batch * U),
    a: f(T * batch * GU),
    y: f(T * batch * GU),
    c: f(l.cell === 'simpleRNN' ? 0 : (T + 1) * batch * U),
    tc: f(lstm ? (T + 1) * batch * U : 0),
    md: f(batch * l.inputDim),
    mr: f(batch * U),
    hasMd: false,
    hasMr: false,
    dOut: f(T * batch * U),
    dA: f(batch * GU),
    dh: f(batch * U),
    dhp: f(batch * U),
    dc: f(batch * U),
    tmp: f(batch * U),
    dx: f(batch * l.inputDim),
  };
}
