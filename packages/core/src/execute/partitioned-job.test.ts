/**
 * A stage with `partition` through the scheduler: each part is its own job on the runner (so
 * `--jobs` and `--queue` spread them), then one job combines them; the stage's key is a hit the
 * next time, and a part already in the store is not run again.
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
import { ContentStore } from '../store/content-store.js';
import { runJob } from './run-job.js';
import { executePlan } from './scheduler.js';

/** Three series of two rows: 1 2 | 3 4 | 5 6. */
const source = defineStage({
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
const registry = new PluginRegistry([source, sums], dataCodecs);
const env: NumericEnvironment = { describe: async () => ({ backend: 'none', tfjs: '0' }), tensorCount: () => undefined };
const dir = mkdtempSync(join(tmpdir(), 'seqpipe-partition-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const store = new ContentStore(dir);

class RecordingRunner implements Runner {
  readonly concurrency = 2;
  readonly ran: JobSpec[] = [];
  run(job: JobSpec, events: JobEvents, signal: AbortSignal): Promise<JobResult> {
    this.ran.push(job);
    return runJob(job, { registry, store, env }, events, signal);
  }
  async close(): Promise<void> {}
}

const stage = (id: string, definition: ResolvedStage['definition'], params: object, inputs: Record<string, string> = {}): ResolvedStage =>
  ({ id, uses: definition.uses, definition, params, inputs, facts: {} }) as ResolvedStage;
const pipeline = (split: boolean): ResolvedPipeline => ({
  name: 'p', file: 'p.yaml', dir: '.', seed: 1, document: {}, waves: [['src'], ['sums']],
  stages: [stage('src', source, {}), stage('sums', sums, { split }, { series: 'src' })],
});

describe('a partitioned stage', () => {
  it('runs each part as a job of its own, then one combining them, filed under the stage key', async () => {
    const runner = new RecordingRunner();
    const plan = await executePlan([{ pipeline: pipeline(true) }], { registry, store, env, runner });
    expect(plan.outcomes[0]!.error).toBeUndefined();
    const jobs = runner.ran.filter((j) => j.stage === 'sums');
    expect(jobs.map((j) => j.params)).toEqual([
      { split: true, part: 'a' }, { split: true, part: 'b' }, { split: true, part: 'c' }, { split: true, parts: ['a', 'b', 'c'] },
    ]);
    expect(Object.keys(jobs[3]!.inputs)).toEqual(['series', 'part0', 'part1', 'part2']);
    const out = (await plan.artifact(0, 'sums')) as Series;
    expect([...out.values]).toEqual([3, 7, 11]);
    const record = plan.outcomes[0]!.records.find((r) => r.id === 'sums')!;
    expect(await store.getKey(record.key)).toMatchObject({ digest: record.digest });
    await plan.dispose();

    // Again: the stage's key is a hit; nothing runs.
    const again = new RecordingRunner();
    const second = await executePlan([{ pipeline: pipeline(true) }], { registry, store, env, runner: again });
    expect(again.ran).toEqual([]);
    expect(second.outcomes[0]!.records.find((r) => r.id === 'sums')).toMatchObject({ cached: true, digest: record.digest });
    await second.dispose();
  });

  it('runs as one job when partition says so', async () => {
    const runner = new RecordingRunner();
    const plan = await executePlan([{ pipeline: pipeline(false) }], { registry, store, env, runner });
    expect(runner.ran.filter((j) => j.stage === 'sums').map((j) => j.params)).toEqual([{ split: false }]);
    expect([...((await plan.artifact(0, 'sums')) as Series).values]).toEqual([3]);
    await plan.dispose();
  });
});
