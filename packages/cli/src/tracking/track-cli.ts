/**
 * `--track URL` / the pipeline's `tracking:` block, as `run` and `sweep` use them: which server,
 * and logging that warns (W_TRACKING_FAILED) instead of failing, since the run is already recorded
 * and `seqpipe track` can send it later.
 */
import { messages, type JsonObject, type RunRecord } from '@seqpipe/core';
import { usage } from '../commands/shared.js';
import { TrackingFailure } from './mlflow-client.js';
import { Tracker, type TrackedRun } from './tracker.js';

const RUNS_AT_ONCE = 3;

/** A tracking URI must be http(s)://HOST[:PORT][/PATH]; anything else is a usage error (exit 2). */
export function trackingUri(uri: string, from = '--track'): string {
  let url: URL | undefined;
  try {
    url = new URL(uri);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || !url.hostname) {
    throw usage(`${from} must be an MLflow tracking server's http(s)://HOST:PORT address (got "${uri}")`);
  }
  return uri;
}

/** `--track` wins over the pipeline's `tracking.uri`; neither: no tracking. */
export function trackerFor(flag: string | undefined, document: JsonObject | undefined): Tracker | undefined {
  const block = (document?.['tracking'] ?? {}) as { uri?: string };
  if (flag !== undefined) return new Tracker(trackingUri(flag));
  if (block.uri !== undefined) return new Tracker(trackingUri(block.uri, 'tracking.uri'));
  return undefined;
}

/** What `--json` says of the tracking: where each run went, or the warning. */
export interface TrackingSummary {
  readonly uri: string;
  readonly runs: Readonly<Record<string, Omit<TrackedRun, 'already'>>>;
  /** Wall time spent logging (what --track added to the command). */
  readonly seconds: number;
  readonly error?: { readonly code: 'W_TRACKING_FAILED'; readonly message: string };
}

/**
 * Logs the records (a sweep's a few at a time); prints `mlflow URL` for one run, a count for
 * several, and one warning for whatever was not logged. Never throws for the tracker: a bug in
 * seqpipe still does.
 */
export async function trackRecords(
  tracker: Tracker, stateDir: string, records: readonly RunRecord[], options: { experiment?: string; sweepId?: string } = {},
): Promise<TrackingSummary> {
  const started = performance.now();
  const runs: Record<string, TrackedRun> = {};
  let failure: TrackingFailure | undefined;
  const missed: string[] = [];
  // A sweep's variants go a few at a time: each is a dozen small requests, mostly waiting on the server.
  const queue = [...records];
  const worker = async (): Promise<void> => {
    for (let record = queue.shift(); record; record = queue.shift()) {
      try {
        runs[record.runId] = await tracker.track(stateDir, record, options.experiment ? { experiment: options.experiment } : {});
      } catch (error) {
        if (!(error instanceof TrackingFailure)) throw error;
        failure ??= error;
        missed.push(record.runId);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(RUNS_AT_ONCE, records.length) }, worker));
  missed.sort();
  if (records.length === 1 && runs[records[0]!.runId]) process.stderr.write(`mlflow ${runs[records[0]!.runId]!.url}\n`);
  else if (Object.keys(runs).length) process.stderr.write(`mlflow ${Object.keys(runs).length} runs logged to ${tracker.shown} (experiment ${Object.values(runs)[0]!.experimentId})\n`);
  const seconds = Math.round(performance.now() - started) / 1000;
  if (!failure) return { uri: tracker.shown, runs, seconds };
  const what = options.sweepId ? `${missed.length} of the ${records.length} variants of sweep ${options.sweepId}` : `run ${missed[0]}`;
  const retry = options.sweepId ? `seqpipe track --sweep ${options.sweepId} --track ${tracker.shown}` : `seqpipe track ${missed[0]} --track ${tracker.shown}`;
  const message = messages.W_TRACKING_FAILED(what, tracker.shown, failure.message, retry);
  process.stderr.write(`warning: W_TRACKING_FAILED ${message}\n`);
  return { uri: tracker.shown, runs, seconds, error: { code: 'W_TRACKING_FAILED', message } };
}
