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

/** y[yo + i] = f(a[ao + i]) for i < n. */
export function activate(code: ActivationCode, a: Float32Array, ao: number, y: Float32Array, yo: number, n: number): void {
  const s = yo - ao;
  const end = ao + n;
  switch (code) {
    case 0: for (let i = ao; i < end; i++) y[i + s] = a[i]; break;
    case 1: for (let i = ao; i < end; i++) y[i + s] = Math.tanh(a[i]); break;
    case 2: for (let i = ao; i < end; i++) y[i + s] = 1 / (1 + Math.exp(-a[i])); break;
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
