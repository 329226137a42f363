/**
 * GRU as tfjs-layers computes it (Keras reset_after=False), gate blocks z, r, h:
 *   z = σ(xin·Kz + bz + hp·Rz), r = σ(xin·Kr + br + hp·Rr), hh = act(xin·Kh + bh + (r∘hp)·Rh),
 *   h = z∘hp + (1 − z)∘hh.
 * As in tfjs, hp is the recurrent-dropout-masked state, in the final blend too.
 */
import { scaleByDerivative, wasmCellActivations } from './activations.js';
import type { Gemm } from '../wasm/arena.js';
import type { LayerBuffers } from './layer-buffers.js';
import type { LayerLayout } from './layout.js';

export function gruForward(l: LayerLayout, w: LayerBuffers, p: Float32Array, t: number, B: number, mm: Gemm): void {
  const U = l.units;
  const D = l.inputDim;
  const G = 3 * U;
  const ao = t * B * G;
  const ho = t * B * U;
  const { a, y, hp, h } = w;
  const rh = w.c;
  const bo = l.bias.offset;
  const ro = l.recurrentKernel.offset;
  mm.copyRows(B, G, p, bo, 0, a, ao, G);
  mm.mulAcc(B, D, G, w.xin, t * B * D, D, p, l.kernel.offset, G, a, ao, G);
  mm.mulAcc(B, U, 2 * U, hp, ho, U, p, ro, G, a, ao, G);
  const k = wasmCellActivations(l.activation, l.recurrentActivation) ? mm.gru : undefined;
  mm.activateRows(l.recurrentActivation, B, 2 * U, a, ao, y, ao, G);
  if (k) k.reset(B, U, y, ao, hp, rh, ho);
  else for (let b = 0; b < B; b++) for (let j = 0; j < U; j++) rh[ho + b * U + j] = y[ao + b * G + U + j] * hp[ho + b * U + j];
  mm.mulAcc(B, U, U, rh, ho, U, p, ro + 2 * U, G, a, ao + 2 * U, G);
  const out = (t + 1) * B * U;
  mm.activateRows(l.activation, B, U, a, ao + 2 * U, y, ao + 2 * U, G);
  if (k) return k.out(B, U, y, ao, hp, ho, h, out);
  for (let b = 0; b < B; b++) {
    const ab = ao + b * G;
    for (let j = 0; j < U; j++) {
      const z = y[ab + j];
      h[out + b * U + j] = z * hp[ho + b * U + j] + (1 - z) * y[ab + 2 * U + j];
    }
  }
}

export function gruBackward(l: LayerLayout, w: LayerBuffers, p: Float32Array, g: Float32Array, t: number, B: number, mm: Gemm): void {
  const U = l.units;
  const G = 3 * U;
  const ao = t * B * G;
  const ho = t * B * U;
  const { a, y, hp, dA, dh, dhp, tmp } = w;
  const rh = w.c;
  const ro = l.recurrentKernel.offset;
  const k = wasmCellActivations(l.activation, l.recurrentActivation) ? mm.gru : undefined;
  if (k) k.back(B, U, y, ao, hp, ho, dh, dA, dhp);
  else for (let b = 0; b < B; b++) {
    const ab = ao + b * G;
    const db = b * G;
    for (let j = 0; j < U; j++) {
      const d = dh[b * U + j];
      const z = y[ab + j];
      dA[db + j] = d * (hp[ho + b * U + j] - y[ab + 2 * U + j]);
      dA[db + 2 * U + j] = d * (1 - z);
      dhp[b * U + j] = d * z;
    }
    scaleByDerivative(l.recurrentActivation, a, y, ab, dA, db, U);
    scaleByDerivative(l.activation, a, y, ab + 2 * U, dA, db + 2 * U, U);
  }
  // Through (r∘hp)·Rh.
  mm.mulAccTransA(B, U, U, rh, ho, U, dA, 2 * U, G, g, ro + 2 * U, G);
  tmp.fill(0, 0, B * U);
  mm.mulAccTransB(B, U, U, dA, 2 * U, G, p, ro + 2 * U, G, tmp, 0, U);
  if (k) k.backReset(B, U, y, ao, hp, ho, tmp, dA, dhp);
  else for (let b = 0; b < B; b++) {
    const ab = ao + b * G;
    for (let j = 0; j < U; j++) {
      const drh = tmp[b * U + j];
      dA[b * G + U + j] = drh * hp[ho + b * U + j];
      dhp[b * U + j] += drh * y[ab + U + j];
    }
    scaleByDerivative(l.recurrentActivation, a, y, ab + U, dA, b * G + U, U);
  }
  // Through hp·[Rz Rr].
  mm.mulAccTransA(B, U, 2 * U, hp, ho, U, dA, 0, G, g, ro, G);
  mm.mulAccTransB(B, U, 2 * U, dA, 0, G, p, ro, G, dhp, 0, U);
}
