/**
 * The fixed (non-trainable) matrices of the dense families, as Dense kernels [in, out] row-major,
 * so they serialise into model.json as ordinary weights and tf.loadLayersModel reads them back.
 *
 * Time axis: the window's last row is τ = 0, so backcast row s (of L) is τ = s − (L − 1) and
 * forecast step h is τ = h + 1. Backcast and forecast bases are the same functions of τ: a trend
 * or a season fitted to the window extends past it (N-BEATS's official code uses separate grids
 * for each; one axis also keeps the forecast basis non-degenerate at horizon 1).
 */

/** A Dense kernel [coefficients·channels, steps·channels]: channel c of step s is output s·C + c. */
function channelBasis(functions: readonly ((tau: number) => number)[], taus: readonly number[], channels: number): Float32Array {
  const n = functions.length;
  const out = new Float32Array(n * channels * taus.length * channels);
  const cols = taus.length * channels;
  for (let c = 0; c < channels; c++) {
    for (let i = 0; i < n; i++) {
      const row = (c * n + i) * cols;
      taus.forEach((tau, s) => { out[row + s * channels + c] = functions[i]!(tau); });
    }
  }
  return out;
}

export const backcastTimes = (lookback: number): number[] => Array.from({ length: lookback }, (_, s) => s - (lookback - 1));
export const forecastTimes = (horizon: number): number[] => Array.from({ length: horizon }, (_, h) => h + 1);

/** N-BEATS trend basis: (τ / L)^i for i = 0..degree, per channel. */
export function trendBasis(degree: number, lookback: number, taus: readonly number[], channels: number): Float32Array {
  const fns = Array.from({ length: degree + 1 }, (_, i) => (tau: number) => (tau / lookback) ** i);
  return channelBasis(fns, taus, channels);
}

/** N-BEATS seasonality basis: 1, cos(2πkτ/P), sin(2πkτ/P) for k = 1..harmonics, per channel. */
export function seasonalityBasis(harmonics: number, period: number, taus: readonly number[], channels: number): Float32Array {
  const k = Array.from({ length: harmonics }, (_, i) => i + 1);
  const fns = [
    () => 1,
    ...k.map((j) => (tau: number) => Math.cos((2 * Math.PI * j * tau) / period)),
    ...k.map((j) => (tau: number) => Math.sin((2 * Math.PI * j * tau) / period)),
  ];
  return channelBasis(fns, taus, channels);
}

/**
 * DLinear's moving average as a [L, L] kernel on the time axis: trend_t = mean of x over
 * [t − front, t + back] with rows outside the window replaced by its first or last row (edge
 * padding by repetition). front = ⌊(k − 1)/2⌋, back = k − 1 − front, so an even kernel leans one
 * row later and the trend keeps the window's length.
 */
export function movingAverageKernel(kernel: number, lookback: number): Float32Array {
  const front = Math.floor((kernel - 1) / 2);
  const out = new Float32Array(lookback * lookback);
  for (let t = 0; t < lookback; t++) {
    for (let j = t - front; j < t - front + kernel; j++) {
      const s = Math.min(lookback - 1, Math.max(0, j));
      out[s * lookback + t]! += 1;
    }
  }
  // Counts first, one division each: the same float32 value however many repeats add up.
  for (let i = 0; i < out.length; i++) out[i]! /= kernel;
  return out;
}
