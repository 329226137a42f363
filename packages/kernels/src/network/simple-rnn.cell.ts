/** SimpleRNN (tfjs SimpleRNNCell): h = act(xin·K + b + hp·R). */
import { scaleByDerivative } from './activations.js';
import type { Gemm } from '../wasm/arena.js';
import type { LayerBuffers } from './layer-buffers.js';
import type { LayerLayout } from './layout.js';

export function simpleRnnForward(l: LayerLayout, w: LayerBuffers, p: Float32Array, t: number, B: number, mm: Gemm): void {
  const U = l.units;
  const D = l.inputDim;
  const ao = t * B * U;
  const { a, y, h } = w;
  const bo = l.bias.offset;
  mm.copyRows(B, U, p, bo, 0, a, ao, U);
  mm.mulAcc(B, D, U, w.xin, t * B * D, D, p, l.kernel.offset, U, a, ao, U);
  mm.mulAcc(B, U, U, w.hp, ao, U, p, l.recurrentKernel.offset, U, a, ao, U);
  mm.activate(l.activation, a, ao, y, ao, B * U);
  const ho = (t + 1) * B * U;
  for (let k = 0; k < B * U; k++) h[ho + k] = y[ao + k];
}

/** From w.dh (∂loss/∂h[t+1]): fills w.dA, adds the recurrent kernel's gradient, sets w.dhp. */
export function simpleRnnBackward(l: LayerLayout, w: LayerBuffers, p: Float32Array, g: Float32Array, t: number, B: number, mm: Gemm): void {
  const U = l.units;
  const n = B * U;
  const ao = t * B * U;
  const { dA } = w;
  for (let k = 0; k < n; k++) dA[k] = w.dh[k];
  scaleByDerivative(l.activation, w.a, w.y, ao, dA, 0, n);
  mm.mulAccTransA(B, U, U, w.hp, ao, U, dA, 0, U, g, l.recurrentKernel.offset, U);
  w.dhp.fill(0, 0, n);
  mm.mulAccTransB(B, U, U, dA, 0, U, p, l.recurrentKernel.offset, U, w.dhp, 0, U);
}
