#!/usr/bin/env node
/**
 * Regenerates the R reference fixtures under packages/stages/src/statistical/fixtures/ (not run by
 * npm test). Needs Rscript with the forecast package (Debian: r-cran-forecast) and data/m4/ from
 * scripts/fetch-m4.sh (the organisers' benchmark script and the M4 Hourly/Weekly training files).
 *
 *   node scripts/m4/make-fixtures.mjs
 *
 * - synthetic-reference.json: 24 deterministic synthetic series (made here, no outside data) with
 *   the organisers' R benchmark forecasts and R's fitted ETS parameters;
 * - m4-subset-reference.json: R's Naive2/SES/Holt/Damped/Theta forecasts for 20 Hourly and 20 Weekly
 *   M4 series, ids only — the histories stay in data/m4/ (M4 data is not committed).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '../..');
const m4 = join(root, 'data/m4');
const fixtures = join(root, 'packages/stages/src/statistical/fixtures');
const refScript = join(m4, 'benchmarks-and-evaluation.R');
const driver = join(root, 'scripts/m4/reference-forecasts.R');
const work = mkdtempSync(join(tmpdir(), 'm4-fixtures-'));

/** Park–Miller LCG: deterministic noise without Math.random. */
function lcg(seed) {
  let s = seed;
  return () => {
    s = (s * 48271) % 2147483647;
    return s / 2147483647;
  };
}
/** Approximately normal noise: the sum of 12 uniforms less 6. */
const gauss = (u) => () => {
  let t = 0;
  for (let i = 0; i < 12; i++) t += u();
  return t - 6;
};

/** Synthetic series: level × (1 + trend) × seasonal shape + noise, or a drifting random walk. */
function synthetic() {
  const out = [];
  for (let k = 0; k < 10; k++) {
    // Hourly-like: period 24, multiplicative daily cycle of varying strength (0 = not seasonal).
    const u = lcg(1000 + k);
    const g = gauss(u);
    const n = 168 + 24 * k;
    const amp = [0, 0.05, 0.2, 0.4, 0.6, 0.3, 0.1, 0.5, 0.25, 0.8][k];
    const slope = [0, 0.5, -0.3, 1, 0, 2, -1, 0.2, 0, 0.7][k];
    const y = [];
    for (let t = 0; t < n; t++) y.push(500 + slope * t + 500 * amp * Math.sin((2 * Math.PI * t) / 24) + 15 * g());
    out.push({ id: `H${k + 1}`, period: 24, horizon: 48, values: y });
  }
  for (let k = 0; k < 10; k++) {
    // Weekly-like: period 1, random walk with drift, or a trend with noise, or a smooth curve.
    const u = lcg(2000 + k);
    const g = gauss(u);
    const n = 80 + 20 * k;
    const y = [];
    let level = 1000;
    for (let t = 0; t < n; t++) {
      if (k % 3 === 0) level += 3 + 20 * g();
      else if (k % 3 === 1) level = 1000 + 4 * t + 30 * g();
      else level = 1000 + 200 * Math.sin(t / 25) + 10 * g();
      y.push(level);
    }
    out.push({ id: `W${k + 1}`, period: 1, horizon: 13, values: y });
  }
  for (let k = 0; k < 4; k++) {
    // Monthly and quarterly shapes: short seasonal series near the test's limits.
    const u = lcg(3000 + k);
    const g = gauss(u);
    const period = k < 2 ? 12 : 4;
    const n = [36, 72, 12, 40][k];
    const y = [];
    for (let t = 0; t < n; t++) y.push(200 + t + 60 * Math.cos((2 * Math.PI * t) / period) * (k % 2 ? 1 : 0.2) + 5 * g());
    out.push({ id: `M${k + 1}`, period, horizon: period === 12 ? 18 : 8, values: y });
  }
  return out.map((s) => ({ ...s, values: s.values.map((v) => Number(v.toFixed(3))) }));
}

function writeWide(file, series) {
  const width = Math.max(...series.map((s) => s.values.length));
  const header = ['"V1"', ...Array.from({ length: width }, (_, i) => `"V${i + 2}"`)].join(',');
  const rows = series.map((s) => [`"${s.id}"`, ...s.values.map(String), ...new Array(width - s.values.length).fill('')].join(','));
  writeFileSync(file, `${header}\n${rows.join('\n')}\n`);
}

function readLong(file) {
  const lines = readFileSync(file, 'utf8').trim().split('\n');
  const head = lines[0].split(',').map((c) => c.replace(/"/g, ''));
  return lines.slice(1).map((l) => Object.fromEntries(l.split(',').map((c, i) => [head[i], c.replace(/"/g, '')])));
}

/** Runs the organisers' code on some series of one (period, horizon) group. */
function runR(train, period, horizon, ids, tag) {
  const prefix = join(work, tag);
  execFileSync('Rscript', [driver, refScript, train, String(period), String(horizon), prefix, ids ? ids.join(',') : ''], { stdio: 'inherit' });
  const fc = {};
  for (const r of readLong(`${prefix}-forecasts.csv`)) {
    ((fc[r.id] ??= {})[r.method] ??= [])[Number(r.step) - 1] = Number(r.value);
  }
  const par = {};
  for (const r of readLong(`${prefix}-params.csv`)) {
    const num = (v) => (v === 'NA' ? null : Number(v));
    (par[r.id] ??= {})[r.model] = { alpha: num(r.alpha), beta: num(r.beta), phi: num(r.phi), l0: num(r.l0), b0: num(r.b0), mse: num(r.mse) };
    par[r.id].seasonal = r.seasonal === 'TRUE';
  }
  return { fc, par };
}

const rVersion = execFileSync('Rscript', ['-e', 'cat(R.version.string, "/ forecast", as.character(packageVersion("forecast")))']).toString();

// Synthetic fixture.
const series = synthetic();
const groups = new Map();
for (const s of series) {
  const key = `${s.period}-${s.horizon}`;
  if (!groups.has(key)) groups.set(key, []);
  groups.get(key).push(s);
}
const synth = [];
for (const [key, group] of groups) {
  const file = join(work, `synthetic-${key}.csv`);
  writeWide(file, group);
  const { fc, par } = runR(file, group[0].period, group[0].horizon, null, `synthetic-${key}`);
  for (const s of group) synth.push({ ...s, seasonal: par[s.id].seasonal, forecasts: fc[s.id], params: { ses: par[s.id].ses, holt: par[s.id].holt, damped: par[s.id].damped } });
}
writeFileSync(join(fixtures, 'synthetic-reference.json'), `${JSON.stringify({
  about: 'Synthetic series made by scripts/m4/make-fixtures.mjs (no outside data) and the M4 organisers\' benchmark forecasts for them from their R code (Mcompetitions/M4-methods, "Benchmarks and Evaluation.R"), run with ' + rVersion,
  series: synth,
})}\n`);

// M4 subset fixture: every ~20th Hourly and ~18th Weekly series; forecasts only.
const KEEP = ['Naive2', 'SES', 'Holt', 'Damped', 'Theta'];
const round = (v) => Number(v.toPrecision(12));
const subset = {};
for (const [freq, period, horizon, total] of [['Hourly', 24, 48, 414], ['Weekly', 1, 13, 359]]) {
  const ids = Array.from({ length: 20 }, (_, i) => `${freq[0]}${1 + Math.floor((i * total) / 20)}`);
  const { fc } = runR(join(m4, `${freq}-train.csv`), period, horizon, ids, `m4-${freq}`);
  subset[freq] = { period, horizon, forecasts: Object.fromEntries(ids.map((id) => [id, Object.fromEntries(KEEP.map((m) => [m, fc[id][m].map(round)]))])) };
}
writeFileSync(join(fixtures, 'm4-subset-reference.json'), `${JSON.stringify({
  about: 'R\'s forecasts (12 significant digits) from the M4 organisers\' benchmark code (Mcompetitions/M4-methods, "Benchmarks and Evaluation.R") for 20 Hourly and 20 Weekly M4 series, run with ' + rVersion + '. The series themselves are the M4 training data (Mcompetitions/M4-methods, Dataset/Train; the repository names no licence) and are not committed: scripts/fetch-m4.sh copies them to data/m4/.',
  ...subset,
})}\n`);
rmSync(work, { recursive: true, force: true });
console.log(`fixtures written to ${fixtures}`);
