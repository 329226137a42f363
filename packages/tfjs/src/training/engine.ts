/**
 * Which engine trains a network. `auto` picks the fused kernels (the kernels package: forward,
 * backpropagation through time and the update in one pass over typed arrays) whenever they
 * implement every part of the spec, else tfjs-layers with a note saying why. The choice is a pure
 * function of the `engine` parameter and the spec, both in the trainer's cache key. model/mlp,
 * model/linear and model/nbeats have fused kernels too (an MLP only with fused activations).
 */
import { isFusedActivation } from '@seqpipe/kernels';
import type { ModelSpec } from '@seqpipe/core';
import type { EngineName } from './training-params.js';

export interface EngineChoice {
  readonly engine: 'fused' | 'layers';
  /** Why the fused engine cannot train this spec, when it cannot. */
  readonly unsupported?: string;
}

export function fusedUnsupported(spec: ModelSpec): string | undefined {
  if (spec.family === 'linear' || spec.family === 'nbeats') return undefined;
  if (spec.family === 'mlp') {
    const bad = [...spec.layers.map((l) => l.activation), spec.head.activation].find((a) => !isFusedActivation(a));
    return bad === undefined ? undefined : `model/mlp activation "${bad}"`;
  }
  for (const [i, l] of spec.layers.entries()) {
    if (!isFusedActivation(l.activation)) return `layer ${i} (${l.cell}) activation "${l.activation}"`;
    if (l.cell !== 'simpleRNN' && !isFusedActivation(l.recurrentActivation)) {
      return `layer ${i} (${l.cell}) recurrentActivation "${l.recurrentActivation}"`;
    }
  }
  if (!isFusedActivation(spec.head.activation)) return `head activation "${spec.head.activation}"`;
  return undefined;
}

export function chooseEngine(requested: EngineName, spec: ModelSpec): EngineChoice {
  if (requested === 'layers') return { engine: 'layers' };
  const unsupported = fusedUnsupported(spec);
  return unsupported ? { engine: 'layers', unsupported } : { engine: 'fused' };
}
