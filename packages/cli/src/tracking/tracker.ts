/**
 * Logs recorded seqpipe runs to one MLflow server: experiment (found by name or created), run,
 * params/metrics/tags in batches within MLflow's limits, the run folder's files through the
 * artifact proxy, then the run's final status. The first failure stops the tracker for good, so a
 * sweep against a tracker that is down costs one timeout, not one per variant.
 */
import type { RunRecord } from '@seqpipe/core';
import { MlflowClient, TrackingFailure } from './mlflow-client.js';
import { contentType, readArtifact, runPayload, type MlflowTag, type RunPayload } from './run-payload.js';

/**
 * Per request: long enough for a cold or loaded server (a fresh MLflow's first answers take
 * seconds), short enough that a hung one costs little; a refusing or failing one costs nothing.
 */
export const TRACK_TIMEOUT_MS = Number(process.env['SEQPIPE_TRACK_TIMEOUT_MS'] ?? 5000);
const UPLOADS_AT_ONCE = 4;
// MLflow's per-request limits for runs/log-batch (1000 entities; 100 params; 100 tags).
const BATCH = { params: 100, tags: 100, metrics: 800 } as const;

export interface TrackedRun {
  readonly experimentId: string;
  readonly mlflowRunId: string;
  /** The MLflow UI page of the run. */
  readonly url: string;
  /** `seqpipe track` found the run already logged and sent nothing. */
  readonly already?: boolean;
}

const STATUS: Record<RunRecord['status'], string> = { success: 'FINISHED', failed: 'FAILED', interrupted: 'KILLED' };
/** Set last, after the artifacts: an MLflow run without it was cut short (`seqpipe track` replaces it). */
const COMPLETE_TAG = 'seqpipe.logged';

export class Tracker {
  readonly client: MlflowClient;
  private readonly experiments = new Map<string, Promise<string>>();
  /** The first failure; every later `track` fails at once with it. */
  private failure?: TrackingFailure;

  constructor(readonly uri: string, timeoutMs = TRACK_TIMEOUT_MS) {
    this.client = new MlflowClient(uri, { timeoutMs });
  }

  /** The server as printed: without credentials. */
  get shown(): string {
    return this.client.base;
  }

  /** Log one recorded run. `experiment` defaults to the pipeline's `tracking.experiment`, else its name. Throws TrackingFailure. */
  async track(stateDir: string, record: RunRecord, options: { experiment?: string; replace?: boolean } = {}): Promise<TrackedRun> {
    if (this.failure) throw this.failure;
    // A run whose record cannot be read is this run's problem, not the tracker's: the next may go.
    const payload = await runPayload(stateDir, record).catch((error: unknown) => {
      throw new TrackingFailure(`its record cannot be read: ${error instanceof Error ? error.message : String(error)}`);
    });
    try {
      const block = (payload.pipeline['tracking'] ?? {}) as { experiment?: string };
      const experimentId = await this.experiment(options.experiment ?? block.experiment ?? record.pipeline.name);
      if (options.replace) {
        const done = await this.previous(experimentId, record.runId);
        if (done) return { experimentId, mlflowRunId: done, url: this.client.runPage(experimentId, done), already: true };
      }
      return await this.send(experimentId, record, payload);
    } catch (error) {
      if (!(error instanceof TrackingFailure)) throw error;
      this.failure = error;
      throw error;
    }
  }

  private experiment(name: string): Promise<string> {
    let id = this.experiments.get(name);
    if (!id) this.experiments.set(name, (id = this.findOrCreate(name)));
    return id;
  }

  private async findOrCreate(name: string): Promise<string> {
    const find = async (): Promise<string | undefined> => {
      try {
        const r = await this.client.get<{ experiment?: { experiment_id?: string; lifecycle_stage?: string } }>('experiments/get-by-name', { experiment_name: name });
        if (!r.experiment?.experiment_id) throw notMlflow('experiments/get-by-name');
        if (r.experiment.lifecycle_stage === 'deleted') throw new TrackingFailure(`the experiment "${name}" is deleted on the server; restore it or give another name`);
        return r.experiment.experiment_id;
      } catch (error) {
        if (error instanceof TrackingFailure && error.errorCode === 'RESOURCE_DOES_NOT_EXIST') return undefined;
        throw error;
      }
    };
    const found = await find();
    if (found) return found;
    try {
      const id = (await this.client.post<{ experiment_id?: string }>('experiments/create', { name })).experiment_id;
      if (!id) throw notMlflow('experiments/create');
      return id;
    } catch (error) {
      // Another process created it meanwhile.
      if (error instanceof TrackingFailure && error.errorCode === 'RESOURCE_ALREADY_EXISTS') return (await find())!;
      throw error;
    }
  }

  /** For `seqpipe track`: a complete earlier logging of the same seqpipe run, or none (an incomplete one is deleted). */
  private async previous(experimentId: string, runId: string): Promise<string | undefined> {
    type Found = { runs?: { info: { run_id: string }; data?: { tags?: MlflowTag[] } }[] };
    const found = await this.client.post<Found>('runs/search', { experiment_ids: [experimentId], filter: `tags.\`seqpipe.run_id\` = '${runId}'`, max_results: 50 });
    let complete: string | undefined;
    for (const r of found.runs ?? []) {
      if (!complete && r.data?.tags?.some((t) => t.key === COMPLETE_TAG && t.value === 'true')) complete = r.info.run_id;
      else if (!r.data?.tags?.some((t) => t.key === COMPLETE_TAG)) await this.client.post('runs/delete', { run_id: r.info.run_id });
    }
    return complete;
  }

  private async send(experimentId: string, record: RunRecord, payload: RunPayload): Promise<TrackedRun> {
    const created = await this.client.post<{ run?: { info?: { run_id?: string; artifact_uri?: string } } }>('runs/create', {
      experiment_id: experimentId, run_name: record.name ?? record.runId, start_time: Date.parse(record.startedAt),
      tags: payload.tags.filter((t) => t.key.startsWith('mlflow.')),
    });
    const { run_id: runId, artifact_uri: artifactUri } = created.run?.info ?? {};
    if (!runId || !artifactUri) throw notMlflow('runs/create');
    const { params, metrics } = payload;
    const tags = payload.tags.filter((t) => !t.key.startsWith('mlflow.'));
    for (let i = 0; i * BATCH.params < params.length || i * BATCH.tags < tags.length || i * BATCH.metrics < metrics.length; i++) {
      await this.client.post('runs/log-batch', {
        run_id: runId,
        params: params.slice(i * BATCH.params, (i + 1) * BATCH.params),
        tags: tags.slice(i * BATCH.tags, (i + 1) * BATCH.tags),
        metrics: metrics.slice(i * BATCH.metrics, (i + 1) * BATCH.metrics),
      });
    }
    const queue = [...payload.files];
    const upload = async (): Promise<void> => {
      for (let path = queue.shift(); path !== undefined; path = queue.shift()) {
        try {
          await this.client.upload(artifactUri, path, await readArtifact(payload, path), contentType(path));
        } catch (error) {
          queue.length = 0; // the other uploaders stop after their current file
          throw error;
        }
      }
    };
    await Promise.all(Array.from({ length: UPLOADS_AT_ONCE }, upload));
    await this.client.post('runs/set-tag', { run_id: runId, key: COMPLETE_TAG, value: 'true' });
    await this.client.post('runs/update', { run_id: runId, status: STATUS[record.status], end_time: Date.parse(record.finishedAt) });
    return { experimentId, mlflowRunId: runId, url: this.client.runPage(experimentId, runId) };
  }
}

/** A 2xx answer without what MLflow answers: another server is at that address. */
const notMlflow = (endpoint: string): TrackingFailure => new TrackingFailure(`${endpoint} answered without MLflow's fields; is this an MLflow tracking server?`);
