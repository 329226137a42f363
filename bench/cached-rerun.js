#!/usr/bin/env node
/**
 * A fully cached re-run: how long `seqpipe run FILE` takes when every stage is a cache hit (the
 * README's "run it again" promise; issue 7 asks for < 0.5 s wall). For the tutorial and one
 * real-data pipeline, after one run that fills a fresh state dir, it alternates N times:
 *
 *   node          `node -e 0`: Node's own start, the floor
 *   import        Node + importing the CLI (the bundle), nothing run
 *   validate      `seqpipe validate FILE`: + read, parse and validate the pipeline
 *   run           `seqpipe run FILE` fully cached: + cache lookups, run record, report, summary
 *   run, modules  the same with SEQPIPE_BUNDLE=0: the ~1,500 compiled modules instead of the bundle
 *   run, charts   the same after removing the cached SVGs: the report renders its charts with vega
 *
 * Wall from spawn to exit; CPU = user + system seconds of the child (from /proc, 10 ms ticks), which
 * is what to compare on a shared machine. Writes bench/results/cached-rerun.{json,md}.
 *
 *   node bench/cached-rerun.js [runs=15]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = join(import.meta.dirname, '..');
const runs = Number(process.argv[2] ?? 15);
const bin = join(root, 'packages/cli/bin/seqpipe.js');
const bundle = pathToFileURL(join(root, 'packages/cli/dist/seqpipe.bundle.js')).href;
const pipelines = ['pipelines/sine-rnn.yaml', 'pipelines/sp500-gru.yaml'];

/** CPU seconds (user + system) of this process's waited-for children, from /proc (Linux). */
function childCpu() {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
  return (Number(fields[13]) + Number(fields[14])) / 100; // cutime, cstime in clock ticks (CLK_TCK 100)
}

function timed(args, env = {}) {
  const cpu0 = childCpu();
  const started = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8', maxBuffer: 1 << 26, env: { ...process.env, ...env } });
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = childCpu() - cpu0;
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr.slice(-2000)}`);
  return { wall, cpu, stdout: r.stdout };
}

/** Removes the cached chart SVGs (keys svg-*), so the next report renders them again. */
function dropSvgCache(state) {
  const dir = join(state, 'keys', 'sv');
  for (const f of readdirSync(dir, { withFileTypes: true })) if (f.name.startsWith('svg-')) rmSync(join(dir, f.name));
}

const configs = (file, state) => [
  { name: 'node', args: ['-e', '0'] },
  { name: 'import', args: ['--input-type=module', '-e', `await import(${JSON.stringify(bundle)})`] },
  { name: 'validate', args: [bin, 'validate', file] },
  { name: 'run', args: [bin, 'run', file, '--state-dir', state, '--json'], check: true },
  { name: 'run, modules', args: [bin, 'run', file, '--state-dir', state, '--json'], env: { SEQPIPE_BUNDLE: '0' }, check: true },
  { name: 'run, charts', args: [bin, 'run', file, '--state-dir', state, '--json'], before: () => dropSvgCache(state), check: true },
];

const median = (xs) => {
  const v = [...xs].sort((a, b) => a - b);
  return (v[Math.floor((v.length - 1) / 2)] + v[Math.ceil((v.length - 1) / 2)]) / 2;
};

const results = [];
const loads = [];
for (const file of pipelines) {
  const state = mkdtempSync(join(tmpdir(), 'seqpipe-bench-rerun-'));
  try {
    const first = timed([bin, 'run', file, '--state-dir', state, '--json']);
    process.stderr.write(`${file}: first run (fills the cache) ${first.wall.toFixed(2)} s\n`);
    const samples = new Map();
    for (let i = 0; i < runs; i++) {
      loads.push(loadavg()[0]);
      for (const c of configs(file, state)) {
        c.before?.();
        const r = timed(c.args, c.env);
        if (c.check) {
          const out = JSON.parse(r.stdout);
          if (!out.stages.every((s) => s.cached) || !out.report) throw new Error(`${file}: ${c.name} was not a fully cached run with a report`);
        }
        const s = samples.get(c.name) ?? { wall: [], cpu: [] };
        s.wall.push(r.wall);
        s.cpu.push(r.cpu);
        samples.set(c.name, s);
      }
    }
    for (const [config, s] of samples) {
      results.push({ pipeline: file, config, medianWall: median(s.wall), medianCpu: median(s.cpu), minWall: Math.min(...s.wall), walls: s.wall, cpus: s.cpu });
    }
    results.push({ pipeline: file, config: 'first run', medianWall: first.wall, medianCpu: first.cpu, minWall: first.wall, walls: [first.wall], cpus: [first.cpu] });
    const m = (name) => results.find((r) => r.pipeline === file && r.config === name);
    process.stderr.write(`${file}: cached re-run median ${m('run').medianWall.toFixed(3)} s wall, ${m('run').medianCpu.toFixed(3)} s CPU\n`);
  } finally {
    rmSync(state, { recursive: true, force: true });
  }
}

const machine = { cpus: cpus().length, model: cpus()[0]?.model, node: process.version };
const command = `node bench/cached-rerun.js ${runs}`;
const date = new Date().toISOString();
writeFileSync(join(root, 'bench/results/cached-rerun.json'), `${JSON.stringify({ date, command, machine, runs, loadAverages: loads, results }, null, 2)}\n`);

const row = (file, name) => results.find((r) => r.pipeline === file && r.config === name);
const ms = (s) => `${Math.round(s * 1000)}`;
const md = [
  '# A fully cached re-run', '',
  `Command: \`${command}\` on ${date.slice(0, 16).replace('T', ' ')} UTC; ${machine.cpus} × ${machine.model}, Node ${machine.node}.`,
  `Each pipeline: one run fills a fresh state dir, then ${runs} rounds of the configurations below, alternating. Medians; CPU is user + system of the process.`, '',
  '| pipeline | configuration | median wall ms | min wall ms | median CPU ms |',
  '| --- | --- | --- | --- | --- |',
  ...pipelines.flatMap((file) => ['node', 'import', 'validate', 'run', 'run, modules', 'run, charts', 'first run'].map((name) => {
    const r = row(file, name);
    return `| ${file.replace('pipelines/', '')} | ${name} | ${ms(r.medianWall)} | ${ms(r.minWall)} | ${ms(r.medianCpu)} |`;
  })),
  '',
  'Where a cached re-run\'s time goes (median CPU ms, differences between the rows above):', '',
  '| pipeline | Node itself | loading the CLI | read + validate | execute (hits), run record, report, summary | bundle saves | chart cache saves |',
  '| --- | --- | --- | --- | --- | --- | --- |',
  ...pipelines.map((file) => {
    const c = (name) => row(file, name).medianCpu;
    return `| ${file.replace('pipelines/', '')} | ${ms(c('node'))} | ${ms(c('import') - c('node'))} | ${ms(c('validate') - c('import'))} | ${ms(c('run') - c('validate'))} | ${ms(c('run, modules') - c('run'))} | ${ms(c('run, charts') - c('run'))} |`;
  }),
  '',
  '`run, modules`: SEQPIPE_BUNDLE=0 (the compiled modules, as before the bundle). `run, charts`: the cached SVGs removed first, so vega renders them (as every run did before the chart cache).',
  `Load average (1 min) at the start of each round: ${loads.map((l) => l.toFixed(1)).join(', ')} — on a shared machine walls include other work; compare CPU.`,
  '',
].join('\n');
writeFileSync(join(root, 'bench/results/cached-rerun.md'), md);
process.stderr.write(`wrote bench/results/cached-rerun.{json,md}\n`);
