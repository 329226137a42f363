/**
 * The training loss over a batch's outputs and its gradient, shared by every fused network
 * (recurrent, dense, N-BEATS): they differ in how they reach their outputs, not in the loss.
 */
import { pinballLoss } from '../training/pinball.js';

export type LossKind = 'mse' | 'mae' | 'quantile';

/**
 * Mean loss over the first n outputs `p` against targets `y`; writes ∂loss/∂p into `d` (float32:
 * each value rounded once when stored). For loss quantile, `quantiles` are the innermost output
 * axis and `y` holds each target repeated along it. `count`: the mean's denominator when these n
 * outputs are a chunk of a larger batch (chunked-network.ts): the chunks' losses then add up to
 * the batch's and their gradients to its gradient.
 */
export function outputLoss(
  p: ArrayLike<number>, y: ArrayLike<number>, n: number, d: Float32Array | Float64Array, kind: LossKind, quantiles?: readonly number[], count = n,
): number {
  if (kind === 'quantile') {
    if (!quantiles?.length) throw new Error('the quantile loss needs quantiles');
    return pinballLoss(p, y, n, quantiles, d, count);
  }
  let sum = 0;
  if (kind === 'mse') {
    for (let k = 0; k < n; k++) { const e = p[k]! - y[k]!; sum += e * e; d[k] = (2 * e) / count; }
  } else {
    for (let k = 0; k < n; k++) { const e = p[k]! - y[k]!; sum += Math.abs(e); d[k] = (e > 0 ? 1 : e < 0 ? -1 : 0) / count; }
  }
  return sum / count;
}
