#!/usr/bin/env node
/**
 * Speed of the statistical baseline stages (baseline/naive2 … comb) as a pipeline runs them: all
 * 414 M4 Hourly series as one panel, min-max scaled per series, one window per series past its end
 * (horizon 48, period 24), each forecaster fitting on every series' whole history. Also checks the
 * forecasts, mapped back to original units, against the pure functions on the raw series.
 *
 *   npm run build && node bench/statistical-baselines.js [DATA_DIR]   # DATA_DIR defaults to data/m4
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { offsetsFrom, testContext, windowsAtEnds } from '@seqpipe/core';
import { statistical, statisticalBaselines } from '@seqpipe/stages';

const root = join(import.meta.dirname, '..');
const dataDir = process.argv[2] ?? join(root, 'data/m4');
const H = 48;
const PERIOD = 24;
const ids = [];
const series = [];
for (const line of readFileSync(join(dataDir, 'Hourly-train.csv'), 'utf8').trim().split('\n').slice(1)) {
  const cells = line.split(',').map((c) => c.replace(/"/g, ''));
  ids.push(cells[0]);
  series.push(Float64Array.from(cells.slice(1).filter((c) => c !== '' && c !== 'NA').map(Number)));
}
const offsets = offsetsFrom(series.map((s) => s.length));
const scale = [];
const offset = [];
const data = new Float64Array(offsets[series.length]);
series.forEach((s, i) => {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of s) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
  scale.push(1 / (hi - lo));
  offset.push(-lo / (hi - lo));
  for (let r = 0; r < s.length; r++) data[offsets[i] + r] = s[r] * scale[i] + offset[i];
});
const transforms = [{ type: 'affine', by: 'scaler/minmax', scale, offset, seriesCount: series.length }];
const all = { kind: 'windows', columns: ['v'], targetColumns: [0], lookback: 24, horizon: H, count: 0, data, rows: data.length, index: new Int32Array(0), transforms, ids, offsets };
const w = windowsAtEnds(all);
const names = { 'baseline/naive2': 'Naive2', 'baseline/ses': 'SES', 'baseline/holt': 'Holt', 'baseline/damped': 'Damped', 'baseline/theta': 'Theta', 'baseline/comb': 'Com' };
console.log(`${series.length} series, ${data.length} rows (${Math.min(...series.map((s) => s.length))}–${Math.max(...series.map((s) => s.length))} each), horizon ${H}, period ${PERIOD}`);
let total = 0;
for (const stage of statisticalBaselines) {
  const f = await stage.run(testContext(), { data: { kind: 'split', train: w, test: w } }, { period: PERIOD });
  const t0 = performance.now();
  const out = await f.forecast(w);
  const ms = performance.now() - t0;
  total += ms;
  // Largest relative gap to the pure function on the raw series (float32 output, scaling round trip).
  let gap = 0;
  series.forEach((s, i) => {
    const ref = statistical.M4_BENCHMARKS[names[stage.uses]](s, H, PERIOD);
    for (let h = 0; h < H; h++) gap = Math.max(gap, Math.abs((out[i * H + h] - offset[i]) / scale[i] - ref[h]) / Math.abs(ref[h]));
  });
  console.log(`${stage.uses.padEnd(16)} ${ms.toFixed(0).padStart(6)} ms   max relative gap to the pure function ${gap.toExponential(1)}`);
}
console.log(`all six: ${(total / 1000).toFixed(2)} s`);
