/**
 * LSTM as tfjs-layers and Keras compute it, gate blocks i, f, c, o:
 *   z = xin·K + hp·R + b; i = σ(zi), f = σ(zf), g = act(zc), o = σ(zo);
 *   c = f∘c_prev + i∘g; h = o∘act(c).
 */
import { scaleByDerivative, wasmCellActivations } from './activations.js';
import type { Gemm } from '../wasm/arena.js';
import type { LayerBuffers } from './layer-buffers.js';
import type { LayerLayout } from './layout.js';

export function lstmForward(l: LayerLayout, w: LayerBuffers, p: Float32Array, t: number, B: number, mm: Gemm): void {
  const U = l.units;
  const D = l.inputDim;
  const G = 4 * U;
  const ao = t * B * G;
  const { a, y, c, tc, h } = w;
  const bo = l.bias.offset;
  mm.copyRows(B, G, p, bo, 0, a, ao, G);
  mm.mulAcc(B, D, G, w.xin, t * B * D, D, p, l.kernel.offset, G, a, ao, G);
  mm.mulAcc(B, U, G, w.hp, t * B * U, U, p, l.recurrentKernel.offset, G, a, ao, G);
  const prev = t * B * U;
  const out = (t + 1) * B * U;
  const k = wasmCellActivations(l.activation, l.recurrentActivation) ? mm.lstm : undefined;
  mm.activateRows(l.recurrentActivation, B, 2 * U, a, ao, y, ao, G);
  mm.activateRows(l.activation, B, U, a, ao + 2 * U, y, ao + 2 * U, G);
  mm.activateRows(l.recurrentActivation, B, U, a, ao + 3 * U, y, ao + 3 * U, G);
  if (k) k.state(B, U, y, ao, c, prev, out);
  else {
    for (let b = 0; b < B; b++) {
      const ab = ao + b * G;
      for (let j = 0; j < U; j++) c[out + b * U + j] = y[ab + U + j] * c[prev + b * U + j] + y[ab + j] * y[ab + 2 * U + j];
    }
  }
  mm.activate(l.activation, c, out, tc, out, B * U);
  if (k) return k.out(B, U, y, ao, tc, h, out);
  for (let b = 0; b < B; b++) {
    const ab = ao + b * G;
    for (let j = 0; j < U; j++) h[out + b * U + j] = y[ab + 3 * U + j] * tc[out + b * U + j];
  }
}

/** w.dc carries ∂loss/∂c[t+1] in and ∂loss/∂c[t] out; the caller zeroes it before the last step. */
export function lstmBackward(l: LayerLayout, w: LayerBuffers, p: Float32Array, g: Float32Array, t: number, B: number, mm: Gemm): void {
  const U = l.units;
  const G = 4 * U;
  const ao = t * B * G;
  const { y, c, tc, dA, dh, dc } = w;
  const prev = t * B * U;
  const out = (t + 1) * B * U;
  const k = wasmCellActivations(l.activation, l.recurrentActivation) ? mm.lstm : undefined;
  if (k) k.back(B, U, y, ao, c, prev, tc, out, dh, dc, dA);
  else lstmGatesBack(l, w, t, B);
  mm.mulAccTransA(B, U, G, w.hp, t * B * U, U, dA, 0, G, g, l.recurrentKernel.offset, G);
  w.dhp.fill(0, 0, B * U);
  mm.mulAccTransB(B, U, G, dA, 0, G, p, l.recurrentKernel.offset, G, w.dhp, 0, U);
}

/** The gates' backward step in JS, for any activations. */
function lstmGatesBack(l: LayerLayout, w: LayerBuffers, t: number, B: number): void {
  const U = l.units;
  const G = 4 * U;
  const ao = t * B * G;
  const { a, y, c, tc, dA, dh, dc, tmp } = w;
  const prev = t * B * U;
  const out = (t + 1) * B * U;
  for (let b = 0; b < B; b++) for (let j = 0; j < U; j++) tmp[b * U + j] = dh[b * U + j] * y[ao + b * G + 3 * U + j];
  scaleByDerivative(l.activation, c, tc, out, tmp, 0, B * U);
  for (let b = 0; b < B; b++) {
    const ab = ao + b * G;
    const db = b * G;
    for (let j = 0; j < U; j++) {
      const k = b * U + j;
      const d = dc[k] + tmp[k];
      dA[db + j] = d * y[ab + 2 * U + j];
      dA[db + U + j] = d * c[prev + k];
      dA[db + 2 * U + j] = d * y[ab + j];
      dA[db + 3 * U + j] = dh[k] * tc[out + k];
      dc[k] = d * y[ab + U + j];
    }
    scaleByDerivative(l.recurrentActivation, a, y, ab, dA, db, 2 * U);
    scaleByDerivative(l.activation, a, y, ab + 2 * U, dA, db + 2 * U, U);
    scaleByDerivative(l.recurrentActivation, a, y, ab + 3 * U, dA, db + 3 * U, U);
  }
}
