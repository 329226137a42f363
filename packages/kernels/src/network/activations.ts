/**
 * The activations the fused kernels implement, as small integers so inner loops switch once per
 * vector, not per element. Names are tfjs's spelling. Derivatives follow tfjs's gradients at the
 * kinks (relu′(0) = 0; hardSigmoid passes the gradient on the closed interval [−2.5, 2.5]).
 */
export const FUSED_ACTIVATIONS = ['linear', 'tanh', 'sigmoid', 'hardSigmoid', 'relu'] as const;
export type FusedActivation = (typeof FUSED_ACTIVATIONS)[number];
export type ActivationCode = 0 | 1 | 2 | 3 | 4;

export class UnsupportedActivationError extends Error {
  constructor(readonly activation: string) {
    super(`activation "${activation}" is not implemented by the fused engine (it supports ${FUSED_ACTIVATIONS.join(', ')})`);
  }
}

export function isFusedActivation(name: string): name is FusedActivation {
  return (FUSED_ACTIVATIONS as readonly string[]).includes(name);
}

export function activationCode(name: string): ActivationCode {
  const i = FUSED_ACTIVATIONS.indexOf(name as FusedActivation);
  if (i < 0) throw new UnsupportedActivationError(name);
  return i as ActivationCode;
}

/** tanh with a sigmoid recurrent activation: the pair the WASM cell kernels implement (wasm/arena.ts). */
export const wasmCellActivations = (activation: ActivationCode, recurrent: ActivationCode): boolean => activation === 1 && recurrent === 2;

const fr = Math.fround;
/** Eigen's float tanh (scripts/activations-f32-wat.mjs has the source): x·p(x²)/q(x²), highest degree first. */
const TANH_P = [-2.76076847742355e-16, 2.00018790482477e-13, -8.60467152213735e-11, 5.12229709037114e-08, 1.48572235717979e-05, 6.37261928875436e-04, 4.89352455891786e-03].map(fr);
const TANH_Q = [1.19825839466702e-06, 1.18534705686654e-04, 2.26843463243900e-03, 4.89352518554385e-03].map(fr);
const TANH_CLAMP = fr(7.90531110763549805);
const TANH_TINY = fr(0.0004);

/**
 * tanh in float32 as TensorFlow's CPU kernels compute it (Eigen's rational approximation, within
 * 3.5e-7 of tanh): every operation rounded to float32, in the WASM kernel's order, so they agree bit for bit.
 */
export function tanhF32(v: number): number {
  const a = fr(v);
  const x = Math.max(Math.min(a, TANH_CLAMP), -TANH_CLAMP);
  const x2 = fr(x * x);
  let p = fr(fr(x2 * TANH_P[0]!) + TANH_P[1]!);
  for (let i = 2; i < TANH_P.length; i++) p = fr(fr(p * x2) + TANH_P[i]!);
  p = fr(p * x);
  let q = fr(fr(x2 * TANH_Q[0]!) + TANH_Q[1]!);
  for (let i = 2; i < TANH_Q.length; i++) q = fr(fr(q * x2) + TANH_Q[i]!);
  return Math.abs(a) < TANH_TINY ? a : fr(p / q);
}

/** sigmoid(a) = 0.5·tanh(0.5·a) + 0.5 in float32 (within 2.3e-7 of 1 / (1 + e^−a)). */
export const sigmoidF32 = (v: number): number => fr(fr(0.5 * tanhF32(fr(0.5 * v))) + 0.5);

/** y[yo + i] = f(a[ao + i]) for i < n. */
export function activate(code: ActivationCode, a: Float32Array, ao: number, y: Float32Array, yo: number, n: number): void {
  const s = yo - ao;
  const end = ao + n;
  switch (code) {
    case 0: for (let i = ao; i < end; i++) y[i + s] = a[i]; break;
    case 1: for (let i = ao; i < end; i++) y[i + s] = tanhF32(a[i]); break;
    case 2: for (let i = ao; i < end; i++) y[i + s] = sigmoidF32(a[i]); break;
    case 3: for (let i = ao; i < end; i++) { const v = 0.2 * a[i] + 0.5; y[i + s] = v < 0 ? 0 : v > 1 ? 1 : v; } break;
    case 4: for (let i = ao; i < end; i++) { const v = a[i]; y[i + s] = v > 0 ? v : 0; } break;
  }
}

/** d[dof + i] ·= f′ at a[ao + i] (whose output is y[ao + i]) for i < n. */
export function scaleByDerivative(code: ActivationCode, a: Float32Array, y: Float32Array, ao: number, d: Float32Array, dof: number, n: number): void {
  const s = dof - ao;
  const end = ao + n;
  switch (code) {
    case 0: break;
    case 1: for (let i = ao; i < end; i++) { const v = y[i]; d[i + s] *= 1 - v * v; } break;
    case 2: for (let i = ao; i < end; i++) { const v = y[i]; d[i + s] *= v * (1 - v); } break;
    case 3: for (let i = ao; i < end; i++) { const v = a[i]; if (!(v >= -2.5 && v <= 2.5)) d[i + s] = 0; else d[i + s] *= 0.2; } break;
    case 4: for (let i = ao; i < end; i++) if (!(a[i] > 0)) d[i + s] = 0; break;
  }
}
