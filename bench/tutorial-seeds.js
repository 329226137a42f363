#!/usr/bin/env node
/**
 * The tutorial's acceptance numbers: runs pipelines/<name>.yaml for seeds 1..N with --no-cache,
 * then re-runs the last seed from the cache, and writes bench/results/<name>-seeds.{json,md}.
 *
 *   node bench/tutorial-seeds.js [pipeline-name=sine-rnn] [seeds=5]
 *
 * Targets (issue #2): scaled test MSE <= 0.002 for every seed; next value within 0.05 of
 * sin(100*998/999) ≈ -0.590; a fully cached re-run under 0.5 s wall (issue #7).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const name = process.argv[2] ?? 'sine-rnn';
const seeds = Number(process.argv[3] ?? 5);
const state = mkdtempSync(join(tmpdir(), 'seqpipe-bench-'));
const truth = Math.sin((100 * 998) / 999);

function run(seed, extra = []) {
  const started = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [join(root, 'packages/cli/bin/seqpipe.js'), 'run', join(root, `pipelines/${name}.yaml`),
    '--seed', String(seed), '--state-dir', state, '--json', ...extra], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  if (r.status !== 0) throw new Error(`seed ${seed} exited ${r.status}: ${r.stderr}`);
  return { ...JSON.parse(r.stdout), wall };
}

const rows = [];
for (let seed = 1; seed <= seeds; seed++) {
  const out = run(seed, ['--no-cache']);
  const evaluator = out.metrics.test ?? Object.values(out.metrics)[0];
  const point = Object.values(out.predictions)[0].points[0];
  const train = out.stages.find((s) => s.uses === 'trainer/tfjs');
  // The training engine, as the run record's exported model.json states it.
  const modelJson = join(out.runDir, 'models', train.id, 'model.json');
  const engine = existsSync(modelJson) ? JSON.parse(readFileSync(modelJson, 'utf8')).userDefinedMetadata?.seqpipe?.engine ?? 'layers' : 'unknown';
  rows.push({ seed, backend: out.backend, engine, mse: evaluator.mse, mseOriginal: evaluator.mse_original, next: point.value,
    error: point.value - truth, trainSeconds: train.seconds, wall: out.wall });
  process.stderr.write(`seed ${seed}: mse ${evaluator.mse.toExponential(3)} next ${point.value.toFixed(5)} train ${train.seconds}s\n`);
}
const cached = run(seeds);
const allHits = cached.stages.every((s) => s.cached);
rmSync(state, { recursive: true, force: true });

const result = { pipeline: name, date: new Date().toISOString(), node: process.version, truth, rows,
  cachedRerun: { wall: cached.wall, runSeconds: cached.seconds, allHits, identical: JSON.stringify(Object.values(cached.metrics)[0].mse) === JSON.stringify(rows.at(-1).mse) } };
writeFileSync(join(root, `bench/results/${name}-seeds.json`), `${JSON.stringify(result, null, 2)}\n`);
const md = [
  `# ${name}: ${seeds} seeds`, '',
  `Command: \`node bench/tutorial-seeds.js ${name} ${seeds}\` on ${result.date.slice(0, 10)}, Node ${process.version}, engine ${rows[0].engine}${rows[0].backend ? `, backend ${rows[0].backend}` : ' (no TensorFlow loaded)'}, 1-minute load average ${loadavg()[0].toFixed(1)} on ${cpus().length} cores.`,
  `Truth for the next value: sin(100·998/999) = ${truth.toFixed(5)}.`, '',
  '| seed | test MSE (scaled) | test MSE (original) | next value | error | train s | wall s |',
  '| --- | --- | --- | --- | --- | --- | --- |',
  ...rows.map((r) => `| ${r.seed} | ${r.mse.toExponential(3)} | ${r.mseOriginal.toExponential(3)} | ${r.next.toFixed(5)} | ${r.error.toExponential(2)} | ${r.trainSeconds.toFixed(1)} | ${r.wall.toFixed(1)} |`),
  '',
  `Worst scaled MSE ${Math.max(...rows.map((r) => r.mse)).toExponential(3)} (target ≤ 0.002); worst |error| ${Math.max(...rows.map((r) => Math.abs(r.error))).toExponential(2)} (target ≤ 0.05).`,
  `Cached re-run of seed ${seeds}: ${cached.wall.toFixed(2)} s wall for the whole process (${cached.seconds.toFixed(2)} s inside the run), every stage a hit: ${allHits}, metrics identical: ${result.cachedRerun.identical}.`,
  '',
].join('\n');
writeFileSync(join(root, `bench/results/${name}-seeds.md`), md);
process.stdout.write(md);
