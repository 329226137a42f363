/**
 * The pinball (quantile) loss of quantile regression (Koenker & Bassett 1978) for outputs laid out
 * [..., Q] (quantile innermost): output k estimates quantile q = quantiles[k mod Q] of its target.
 * With e = y − ŷ, ρ_q(e) = max(q·e, (q − 1)·e) = e·(q − 1{e < 0}). The loss is the mean of ρ over
 * all n outputs. Its (sub)gradient with respect to the prediction ŷ is (1{y < ŷ} − q) / n: at
 * y = ŷ we take −q / n, the side tf.maximum's gradient picks (greaterEqual), so the fused engine
 * steps exactly as the layers engine does.
 */

/** Mean pinball loss over n outputs of `p` against `y` (same layout); writes ∂loss/∂p into `grad`. `count`: the mean's denominator (a chunk of a batch). */
export function pinballLoss(
  p: ArrayLike<number>, y: ArrayLike<number>, n: number, quantiles: readonly number[], grad?: Float32Array | Float64Array, count = n,
): number {
  const Q = quantiles.length;
  let sum = 0;
  for (let k = 0; k < n; k++) {
    const q = quantiles[k % Q]!;
    const e = y[k]! - p[k]!;
    const below = e < 0; // y < ŷ
    sum += below ? (q - 1) * e : q * e;
    if (grad) grad[k] = ((below ? 1 : 0) - q) / count;
  }
  return sum / count;
}

/** Each of `per`-wide target rows repeated Q times, innermost: y [n][per] → [n][per][Q]. */
export function repeatTargets(y: Float32Array, Q: number): Float32Array {
  if (Q === 1) return y;
  const out = new Float32Array(y.length * Q);
  for (let k = 0; k < y.length; k++) out.fill(y[k]!, k * Q, (k + 1) * Q);
  return out;
}
