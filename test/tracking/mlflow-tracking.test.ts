/**
 * `--track URL` against a real MLflow server (SQLite backend, artifacts through its proxy), read
 * back through MLflow's REST API: a run's params, final metrics, loss per epoch, tags and files; a
 * fully cached re-run logged complete and marked cached; `seqpipe track` later; a 9-variant sweep
 * as 9 MLflow runs with `seqpipe runs --json`'s metrics; and the MLflow UI page of a logged run.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, ROOT, TINY, tempDir } from '../helpers.js';
import { CHROMIUM, needBrowser } from '../report/open-report.js';
import { mlflowAvailable, needMlflow, startMlflow, type TestMlflow } from './mlflow-server.js';

const SWEEP = join(ROOT, 'test/fixtures/tiny-sweep.yaml');
/** Against a real server the point is what is logged, not the timeout (tracker-down.test.ts): wait for a loaded machine. */
const seqpipe = (args: readonly string[]) => cli(args, { env: { SEQPIPE_TRACK_TIMEOUT_MS: '60000' } });
const state = tempDir();
let mlflow: TestMlflow | undefined;
beforeAll(async () => {
  if (mlflowAvailable.ok) mlflow = await startMlflow();
}, 180_000);
afterAll(async () => {
  await mlflow?.stop();
  state.remove();
});

type Tag = { key: string; value: string };
type MlflowRun = { info: { run_id: string; status: string; run_name: string; experiment_id: string }; data: { params?: Tag[]; tags?: Tag[]; metrics?: { key: string; value: number; step: number }[] } };
const byKey = (list: Tag[] | undefined): Record<string, string> => Object.fromEntries((list ?? []).map((t) => [t.key, t.value]));
const metricsOf = (run: MlflowRun): Record<string, number> => Object.fromEntries((run.data.metrics ?? []).map((m) => [m.key, m.value]));
/** seqpipe's stage → metric → value, as MLflow keys (`test.mase`). */
const flat = (metrics: Record<string, Record<string, number>>): Record<string, number> =>
  Object.fromEntries(Object.entries(metrics).flatMap(([stage, values]) => Object.entries(values).map(([k, v]) => [`${stage}.${k}`, v])));

async function runOf(id: string): Promise<MlflowRun> {
  return (await mlflow!.get('runs/get', { run_id: id })).run;
}
async function history(id: string, key: string): Promise<{ step: number; value: number }[]> {
  return ((await mlflow!.get('metrics/get-history', { run_id: id, metric_key: key })).metrics ?? []).map((m: { step: number; value: number }) => ({ step: m.step, value: m.value }));
}
async function files(id: string, path = ''): Promise<string[]> {
  const listed = (await mlflow!.get('artifacts/list', { run_id: id, ...(path ? { path } : {}) })).files ?? [];
  const out: string[] = [];
  for (const f of listed as { path: string; is_dir: boolean }[]) out.push(...(f.is_dir ? await files(id, f.path) : [f.path]));
  return out.sort();
}

interface Tracked { runId: string; runDir: string; metrics: Record<string, Record<string, number>>; stages: { id: string; cached: boolean }[]; tracking: { runs: Record<string, { mlflowRunId: string; experimentId: string; url: string }>; error?: unknown } }
let first: Tracked;
let firstMlflow: string;

describe('seqpipe run --track URL', () => {
  it('logs the run: flattened params, every evaluator\'s final metrics, the loss per epoch as steps, tags, and the run folder as artifacts', async (ctx) => {
    needMlflow(ctx);
    const r = seqpipe(['run', TINY, '--state-dir', state.path, '--track', mlflow!.url, '--json']);
    expect(r.code, r.stderr).toBe(0);
    first = JSON.parse(r.stdout);
    expect(first.tracking.error).toBeUndefined();
    firstMlflow = first.tracking.runs[first.runId]!.mlflowRunId;
    expect(r.stderr).toContain(`mlflow ${mlflow!.url}/#/experiments/`);
    const run = await runOf(firstMlflow);
    expect(run.info).toMatchObject({ status: 'FINISHED', run_name: first.runId });
    expect((await mlflow!.get('experiments/get', { experiment_id: run.info.experiment_id })).experiment.name).toBe('tiny-rnn');
    expect(byKey(run.data.params)).toMatchObject({ seed: '7', 'model.uses': 'model/rnn', 'model.layers.0.units': '4', 'model.layers.0.cell': 'simpleRNN', 'train.epochs': '2', 'series.points': '200', 'test.metrics': expect.stringContaining('"mase"') });
    expect(metricsOf(run)).toEqual(expect.objectContaining(flat(first.metrics)));
    const loss = await history(firstMlflow, 'train.training_loss');
    expect(loss.map((h) => h.step)).toEqual([1, 2]);
    expect(loss.every((h) => Number.isFinite(h.value) && h.value > 0)).toBe(true);
    const record = JSON.parse(readFileSync(join(first.runDir, 'run.json'), 'utf8')) as { stages: { id: string; key: string }[] };
    const tags = byKey(run.data.tags);
    expect(tags).toMatchObject({ 'seqpipe.run_id': first.runId, 'seqpipe.pipeline': 'tiny-rnn', 'seqpipe.seed': '7', 'seqpipe.cached': 'false', 'seqpipe.logged': 'true', 'seqpipe.version': expect.stringMatching(/^\d+\.\d+\.\d+/) });
    for (const s of record.stages) expect([tags[`seqpipe.key.${s.id}`], tags[`seqpipe.cached.${s.id}`]]).toEqual([s.key, 'false']);
    const logged = await files(firstMlflow);
    expect(logged).toEqual(expect.arrayContaining(['report.html', 'run.json', 'pipeline.json', 'models/train/model.json', 'models/train/weights.bin', 'models/train/transforms.json', 'forecasts/test.csv', 'series/test.csv']));
    // The bytes MLflow serves are the run folder's.
    const served = await fetch(`${mlflow!.url}/get-artifact?${new URLSearchParams({ path: 'models/train/weights.bin', run_uuid: firstMlflow })}`);
    expect(Buffer.from(await served.arrayBuffer()).equals(readFileSync(join(first.runDir, 'models/train/weights.bin')))).toBe(true);
  });

  it('logs a fully cached re-run as a complete MLflow run, marked cached, with the same metrics, losses and files', async (ctx) => {
    needMlflow(ctx);
    expect(first).toBeDefined();
    const r = seqpipe(['run', TINY, '--state-dir', state.path, '--track', mlflow!.url, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const again = JSON.parse(r.stdout) as Tracked;
    expect(again.stages.every((s) => s.cached)).toBe(true);
    const id = again.tracking.runs[again.runId]!.mlflowRunId;
    expect(id).not.toBe(firstMlflow);
    const [run, before] = [await runOf(id), await runOf(firstMlflow)];
    expect(run.info.status).toBe('FINISHED');
    const tags = byKey(run.data.tags);
    expect(tags['seqpipe.cached']).toBe('true');
    for (const s of again.stages) expect(tags[`seqpipe.cached.${s.id}`]).toBe('true');
    expect(metricsOf(run)).toEqual(metricsOf(before));
    expect(byKey(run.data.params)).toEqual(byKey(before.data.params));
    expect(await history(id, 'train.training_loss')).toEqual(await history(firstMlflow, 'train.training_loss'));
    expect(await files(id)).toEqual(await files(firstMlflow));
  });
});

describe('seqpipe track RUN --track URL', () => {
  it('sends a run recorded without --track, once: a second track finds it logged', async (ctx) => {
    needMlflow(ctx);
    const r = seqpipe(['run', TINY, '--state-dir', state.path, '--name', 'later', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const { runId } = JSON.parse(r.stdout) as { runId: string };
    const sent = seqpipe(['track', 'later', '--track', mlflow!.url, '--experiment', 'sent-later', '--state-dir', state.path, '--json']);
    expect(sent.code, sent.stderr).toBe(0);
    const out = JSON.parse(sent.stdout) as { runs: Record<string, { mlflowRunId: string; experimentId: string }> };
    const { mlflowRunId, experimentId } = out.runs[runId]!;
    const run = await runOf(mlflowRunId);
    expect(run.info).toMatchObject({ status: 'FINISHED', run_name: 'later' });
    expect(byKey(run.data.tags)).toMatchObject({ 'seqpipe.run_id': runId, 'seqpipe.name': 'later', 'seqpipe.logged': 'true' });
    expect((await mlflow!.get('experiments/get', { experiment_id: experimentId })).experiment.name).toBe('sent-later');
    const twice = seqpipe(['track', runId, '--track', mlflow!.url, '--experiment', 'sent-later', '--state-dir', state.path]);
    expect(twice.code, twice.stderr).toBe(0);
    expect(twice.stderr).toMatch(/already logged/);
    const found = await mlflow!.post('runs/search', { experiment_ids: [experimentId], filter: `tags.\`seqpipe.run_id\` = '${runId}'` });
    expect(found.runs.map((x: MlflowRun) => x.info.run_id)).toEqual([mlflowRunId]);
  });

  it('replaces a logging that was cut short (no seqpipe.logged tag): the partial MLflow run is deleted', async (ctx) => {
    needMlflow(ctx);
    const r = seqpipe(['run', TINY, '--state-dir', state.path, '--track', mlflow!.url, '--experiment', 'cut-short', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as Tracked;
    expect(out.tracking.error, r.stderr).toBeUndefined();
    const partial = out.tracking.runs[out.runId]!;
    await mlflow!.post('runs/delete-tag', { run_id: partial.mlflowRunId, key: 'seqpipe.logged' });
    const sent = seqpipe(['track', out.runId, '--track', mlflow!.url, '--experiment', 'cut-short', '--state-dir', state.path, '--json']);
    expect(sent.code, sent.stderr).toBe(0);
    const replaced = (JSON.parse(sent.stdout) as Tracked['tracking']).runs[out.runId]!.mlflowRunId;
    expect(replaced).not.toBe(partial.mlflowRunId);
    expect((await mlflow!.get('runs/get', { run_id: partial.mlflowRunId })).run.info.lifecycle_stage).toBe('deleted');
    const run = await runOf(replaced);
    expect(byKey(run.data.tags)['seqpipe.logged']).toBe('true');
    expect(metricsOf(run)).toEqual(expect.objectContaining(flat(out.metrics)));
  });
});

describe('seqpipe sweep --track URL', () => {
  it('logs a 9-variant sweep as 9 MLflow runs whose metrics equal seqpipe runs --json', async (ctx) => {
    needMlflow(ctx);
    const r = seqpipe(['sweep', SWEEP, '--jobs', '2', '--state-dir', state.path, '--track', mlflow!.url, '--experiment', 'tiny-sweep-9', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const sweep = JSON.parse(r.stdout) as { sweepId: string; variants: { runId: string; seed: number }[]; tracking: Tracked['tracking'] };
    expect(sweep.variants).toHaveLength(9);
    expect(sweep.tracking.error).toBeUndefined();
    const experiment = (await mlflow!.get('experiments/get-by-name', { experiment_name: 'tiny-sweep-9' })).experiment.experiment_id;
    const found = (await mlflow!.post('runs/search', { experiment_ids: [experiment], filter: `tags.\`seqpipe.sweep\` = '${sweep.sweepId}'`, max_results: 100 })).runs as MlflowRun[];
    expect(found).toHaveLength(9);
    const listed = JSON.parse(seqpipe(['runs', '--state-dir', state.path, '--json']).stdout) as { runs: { runId: string; seed: number; metrics: Record<string, Record<string, number>> }[] };
    const seqpipeRuns = new Map(listed.runs.map((x) => [x.runId, x]));
    for (const run of found) {
      const tags = byKey(run.data.tags);
      const mine = seqpipeRuns.get(tags['seqpipe.run_id']!)!;
      expect(mine).toBeDefined();
      expect(metricsOf(run)).toEqual(expect.objectContaining(flat(mine.metrics)));
      expect(Object.keys(metricsOf(run)).filter((k) => !k.endsWith('_loss')).sort()).toEqual(Object.keys(flat(mine.metrics)).sort());
      expect(tags['seqpipe.seed']).toBe(String(mine.seed));
      expect(run.info.status).toBe('FINISHED');
    }
    expect(new Set(found.map((x) => byKey(x.data.params)['model.layers.0.cell']))).toEqual(new Set(['simpleRNN', 'gru', 'lstm']));
    // `seqpipe track --sweep` finds every variant already logged and sends nothing again.
    const again = seqpipe(['track', '--sweep', sweep.sweepId, '--track', mlflow!.url, '--experiment', 'tiny-sweep-9', '--state-dir', state.path, '--json']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr.match(/^already logged /gm)).toHaveLength(9);
    expect(Object.keys(JSON.parse(again.stdout).runs).sort()).toEqual(sweep.variants.map((v) => v.runId).sort());
    expect((await mlflow!.post('runs/search', { experiment_ids: [experiment], max_results: 100 })).runs).toHaveLength(9);
  });
});

describe('the MLflow UI', () => {
  it('shows a logged run\'s metric, name and value, on its page in chromium', async (ctx) => {
    needMlflow(ctx);
    needBrowser(ctx);
    expect(first).toBeDefined();
    const { url } = first.tracking.runs[first.runId]!;
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
      // Only the local server: the UI must work without the internet.
      await page.route('**/*', (route) => (route.request().url().startsWith(mlflow!.url) ? route.continue() : route.abort()));
      await page.goto(url);
      const value = String(first.metrics['test']!['mase']);
      await page.getByText('test.mase', { exact: true }).first().waitFor({ timeout: 60_000 });
      await page.getByText(value, { exact: true }).first().waitFor({ timeout: 10_000 });
      await page.screenshot({ path: join(state.path, 'mlflow-run.png'), fullPage: true });
    } finally {
      await browser.close();
    }
  });
});

describe('a failed run', () => {
  it('is logged FAILED, with the error as a tag and what ran before it', async (ctx) => {
    needMlflow(ctx);
    const r = seqpipe(['run', TINY, '--set', 'windows.target=nosuch', '--state-dir', state.path, '--track', mlflow!.url, '--json']);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as Tracked;
    const run = await runOf(out.tracking.runs[out.runId]!.mlflowRunId);
    expect(run.info.status).toBe('FAILED');
    expect(byKey(run.data.tags)).toMatchObject({ 'seqpipe.status': 'failed', 'seqpipe.error': expect.stringMatching(/^E_STAGE_FAILED /), 'seqpipe.logged': 'true' });
    expect(byKey(run.data.params)['windows.target']).toBe('nosuch');
  });
});
