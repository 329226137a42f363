/**
 * The scheduler with a recording runner: one job per key across variants, hits never dispatched;
 * a stage with `partition` runs each part as a job of its own, then one combining them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defineStage, type NumericEnvironment } from '../contract.js';
import { dataCodecs } from '../artifacts/data-codecs.js';
import type { Series } from '../artifacts/kinds.js';
import type { JobEvents, JobResult, JobSpec, Runner } from '../plan/jobs.js';
import { PluginRegistry } from '../plugins/plugin-registry.js';
import type { ResolvedPipeline, ResolvedStage } from '../spec/resolved-pipeline.js';
import { deriveSeed } from '../random/rng.js';
import { ContentStore } from '../store/content-store.js';
import { runJob } from './run-job.js';
import { executePlan } from './scheduler.js';

const source = defineStage({
  uses: 'source/count', version: '1', description: '', params: {}, inputs: {}, output: 'series',
  run: async (_ctx, _in, p: { n: number }) => ({ kind: 'series', columns: ['x'], length: p.n, values: new Float64Array(p.n), transforms: [] }) as never,
});
const noisy = defineStage({
  uses: 'scaler/noise', version: '1', description: '', params: {}, inputs: { series: 'series' }, output: 'series', random: true,
  run: async (ctx, { series }) => ({ ...series, values: series.values.map((v: number) => v + ctx.rng.next()) }) as never,
});
/** Three series of two rows: 1 2 | 3 4 | 5 6. */
const three = defineStage({
  uses: 'source/three', version: '1', description: '', params: {}, inputs: {}, output: 'series',
  run: async () => ({ kind: 'series', columns: ['x'], length: 6, values: Float64Array.of(1, 2, 3, 4, 5, 6), transforms: [], ids: ['a', 'b', 'c'], offsets: Int32Array.of(0, 2, 4, 6) }) as never,
});
/** Per series (as parts): that series' sum; combined: the sums as a series of one row per part. */
const sums = defineStage({
  uses: 'transform/sums', version: '1', description: '', params: {}, inputs: { series: 'series' }, output: 'series',
  partition: {
    applies: (p: { split?: boolean; part?: string; parts?: string[] }) => p.split === true && !p.part && !p.parts,
    parts: (_p, { series }) => series.ids!,
  },
  run: async (_ctx, inputs, p: { part?: string; parts?: string[] }) => {
    const { series } = inputs as { series: Series };
    if (p.parts) {
      const parts = p.parts.map((_, i) => (inputs as unknown as Record<string, Series>)[`part${i}`]!.values[0]!);
      return { kind: 'series', columns: ['sum'], length: parts.length, values: Float64Array.from(parts), transforms: [] } as never;
    }
    const s = series.ids!.indexOf(p.part ?? series.ids![0]!);
    const total = series.values[series.offsets![s]!]! + series.values[series.offsets![s]! + 1]!;
    return { kind: 'series', columns: ['sum'], length: 1, values: Float64Array.of(total), transforms: [] } as never;
  },
});
const registry = new PluginRegistry([source, noisy, three, sums], dataCodecs);
const env: NumericEnvironment = { describe: async () => ({ backend: 'none', tfjs: '0' }), tensorCount: () => undefined };
const dir = mkdtempSync(join(tmpdir(), 'seqpipe-scheduler-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const store = new ContentStore(dir);

class RecordingRunner implements Runner {
  constructor(readonly concurrency = 2) {}
  readonly ran: JobSpec[] = [];
  run(job: JobSpec, events: JobEvents, signal: AbortSignal): Promise<JobResult> {
    this.ran.push(job);
    return runJob(job, { registry, store, env }, events, signal);
  }
  async close(): Promise<void> {}
}

const stage = (id: string, definition: ResolvedStage['definition'], params: object, inputs: Record<string, string> = {}): ResolvedStage =>
  ({ id, uses: definition.uses, definition, params, inputs, facts: {} }) as ResolvedStage;
const pipeline = (seed: number): ResolvedPipeline => ({
  name: 'p', file: 'p.yaml', dir: '.', seed, document: {}, waves: [['src'], ['noise']],
  stages: [stage('src', source, { n: 4 }), stage('noise', noisy, {}, { series: 'src' })],
});

describe('executePlan', () => {
  it('runs a key shared by variants once; the first variant owns it', async () => {
    const runner = new RecordingRunner();
    const plan = await executePlan([{ pipeline: pipeline(1) }, { pipeline: pipeline(2) }, { pipeline: pipeline(1) }], { registry, store, env, runner });
    expect(runner.ran.map((j) => j.stage).sort()).toEqual(['noise', 'noise', 'src']);
    const cached = plan.outcomes.map((o) => o.records.map((r) => r.cached));
    expect(cached.filter((c) => c[0] === false)).toHaveLength(1);
    expect(cached[2]).toEqual([true, true]); // same seed as variant 0: nothing of its own
    expect(plan.outcomes[2]!.records[1]!.digest).toBe(plan.outcomes[0]!.records[1]!.digest);
  });

  it('never dispatches a job whose key is in the store', async () => {
    const runner = new RecordingRunner();
    const plan = await executePlan([{ pipeline: pipeline(1) }, { pipeline: pipeline(2) }], { registry, store, env, runner });
    expect(runner.ran).toEqual([]);
    expect(plan.outcomes.flatMap((o) => o.records).every((r) => r.status === 'hit')).toBe(true);
  });

  it('a worker refuses a job for a plugin version it does not have', async () => {
    const job = { key: 'k'.repeat(64), uses: 'source/count', pluginVersion: '2', params: { n: 1 }, inputs: {}, seed: 0, stage: 'src', pipelineDir: '.' };
    await expect(runJob(job, { registry, store, env }, {}, new AbortController().signal)).rejects.toMatchObject({ code: 'E_PLUGIN_MISMATCH' });
  });

  it('gives a free slot to the longest ready job first (trainers by cell and epochs), in a fixed order', async () => {
    const series = (n: number): never => ({ kind: 'series', columns: ['x'], length: n, values: new Float64Array(n), transforms: [] }) as never;
    const model = defineStage({ uses: 'model/fake', version: '1', description: '', params: {}, inputs: {}, output: 'series', run: async () => series(1) });
    const trainer = defineStage({
      uses: 'trainer/fake', version: '1', description: '', params: {}, inputs: { model: 'series', data: 'series' }, output: 'series', random: true,
      run: async () => series(2),
    });
    const reg = new PluginRegistry([source, model, trainer], dataCodecs);
    const variant = (cell: string, epochs: number, seed: number): ResolvedPipeline => ({
      name: 'p', file: 'p.yaml', dir: '.', seed, document: {}, waves: [],
      stages: [
        stage('src', source, { n: 3 }),
        stage('model', model, { layers: [{ cell, units: 8 }] }),
        stage('train', trainer, { epochs }, { model: 'model', data: 'src' }),
      ],
    });
    const order = async (concurrency: number): Promise<number[]> => {
      const fresh = new ContentStore(mkdtempSync(join(dir, 'ljf-')));
      const runner = new RecordingRunner(concurrency);
      runner.run = (job, events, signal) => {
        runner.ran.push(job);
        return runJob(job, { registry: reg, store: fresh, env }, events, signal);
      };
      const variants = [variant('simpleRNN', 5, 1), variant('gru', 5, 2), variant('lstm', 5, 3), variant('lstm', 50, 4), variant('simpleRNN', 5, 5)];
      await executePlan(variants.map((pipeline) => ({ pipeline })), { registry: reg, store: fresh, env, runner });
      // Each variant has its own seed, so a trainer job's seed says which variant it is.
      const variantOf = new Map(variants.map((p, i) => [deriveSeed(p.seed, 'train'), i]));
      return runner.ran.filter((j) => j.uses === 'trainer/fake').map((j) => variantOf.get(j.seed)!);
    };
    // lstm × 50 epochs, lstm, gru, then the two simpleRNN trainers in variant order.
    expect(await order(1)).toEqual([3, 2, 1, 0, 4]);
    expect(await order(2)).toEqual([3, 2, 1, 0, 4]);
  });
});

const partitioned = (split: boolean): ResolvedPipeline => ({
  name: 'p', file: 'p.yaml', dir: '.', seed: 1, document: {}, waves: [['src'], ['sums']],
  stages: [stage('src', three, {}), stage('sums', sums, { split }, { series: 'src' })],
});

describe('a partitioned stage', () => {
  it('runs each part as a job of its own, then one combining them, filed under the stage key', async () => {
    const runner = new RecordingRunner();
    const plan = await executePlan([{ pipeline: partitioned(true) }], { registry, store, env, runner });
    expect(plan.outcomes[0]!.error).toBeUndefined();
    const jobs = runner.ran.filter((j) => j.stage === 'sums');
    // The parts are independent jobs, started at once: they may finish, and be recorded, in any
    // order. The combining job runs after all of them.
    const byPart = (p: JobSpec['params']): string => String((p as { part?: string }).part);
    expect(jobs.slice(0, 3).map((j) => j.params).sort((x, y) => byPart(x).localeCompare(byPart(y)))).toEqual([
      { split: true, part: 'a' }, { split: true, part: 'b' }, { split: true, part: 'c' },
    ]);
    expect(jobs[3]!.params).toEqual({ split: true, parts: ['a', 'b', 'c'] });
    expect(Object.keys(jobs[3]!.inputs)).toEqual(['series', 'part0', 'part1', 'part2']);
    const out = (await plan.artifact(0, 'sums')) as Series;
    expect([...out.values]).toEqual([3, 7, 11]);
    const record = plan.outcomes[0]!.records.find((r) => r.id === 'sums')!;
    expect(await store.getKey(record.key)).toMatchObject({ digest: record.digest });
    await plan.dispose();

    // Again: the stage's key is a hit; nothing runs.
    const again = new RecordingRunner();
    const second = await executePlan([{ pipeline: partitioned(true) }], { registry, store, env, runner: again });
    expect(again.ran).toEqual([]);
    expect(second.outcomes[0]!.records.find((r) => r.id === 'sums')).toMatchObject({ cached: true, digest: record.digest });
    await second.dispose();
  });

  it('runs as one job when partition says so', async () => {
    const runner = new RecordingRunner();
    const plan = await executePlan([{ pipeline: partitioned(false) }], { registry, store, env, runner });
    expect(runner.ran.filter((j) => j.stage === 'sums').map((j) => j.params)).toEqual([{ split: false }]);
    expect([...((await plan.artifact(0, 'sums')) as Series).values]).toEqual([3]);
    await plan.dispose();
  });
});
