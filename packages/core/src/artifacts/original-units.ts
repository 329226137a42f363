/** Forecasts in model units mapped back to the units the data was recorded in. */
import type { Windows } from './kinds.js';
import { invertBlock } from './transforms.js';
import { windowSeries } from './windows.js';

/** Model-unit values [count, horizon, targets] → original units, one horizon block at a time. */
export function toOriginal(values: ArrayLike<number>, w: Windows): Float64Array {
  const { horizon: H } = w;
  const T = w.targetColumns.length;
  const out = new Float64Array(values.length);
  const block = new Array<number>(H);
  const series = windowSeries(w);
  for (let k = 0; k < w.count; k++) {
    for (let t = 0; t < T; t++) {
      for (let h = 0; h < H; h++) block[h] = values[(k * H + h) * T + t]!;
      const original = invertBlock(block, w.transforms, w.targetColumns[t]!, w.index[k]!, series[k]);
      for (let h = 0; h < H; h++) out[(k * H + h) * T + t] = original[h]!;
    }
  }
  return out;
}

