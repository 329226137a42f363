/** `seqpipe runs`, `show RUN`, `compare RUN RUN...`: reading run records (newest first). */
import { compareRuns, computedBy, listRunEntries, readRunPipeline, resolveRun, statePaths } from '@seqpipe/core';
import type { JsonValue, RunComparison, RunRecord } from '@seqpipe/core';
import { join, resolve } from 'node:path';
import { fmt } from '../reporters/terminal.reporter.js';
import type { Command } from './command.js';
import { usage } from './shared.js';
import { out } from '../output.js';
import { flags, type CommandSpec } from './options.js';

export const runsCommand: Command = async (app, args) => {
  if (args.positionals.length) throw usage(`"seqpipe runs" takes no file; filter with --pipeline NAME or --tag T`);
  const stateDir = app().stateDir;
  const { pipeline, tag: tags = [] } = args.values;
  const entries = (await listRunEntries(stateDir)).filter((e) =>
    (pipeline === undefined || e.pipeline === pipeline) && tags.every((t) => e.record?.tags?.includes(t)));
  if (args.values.json) {
    out(`${JSON.stringify({ runs: entries.map((e) => (e.record ? brief(e.record) : { runId: e.runId, pipeline: e.pipeline ?? null, status: e.corrupt ? 'corrupt' : 'incomplete' })) })}\n`);
    return 0;
  }
  if (!entries.length) {
    process.stderr.write(`no runs in ${stateDir}${pipeline || tags.length ? ' matching the filter' : ''}\n`);
    return 0;
  }
  const rows = entries.map((e) => {
    const r = e.record;
    if (!r) return [e.runId, e.pipeline ?? '?', e.corrupt ? 'corrupt' : 'incomplete', '', '', '', ''];
    const cached = r.stages.filter((s) => s.cached).length;
    return [r.runId, r.pipeline.name, r.status, r.name ?? '', (r.tags ?? []).join(','), `${r.seconds.toFixed(1)}s`, `${cached}/${r.stages.length} cached`];
  });
  out(columns(['run', 'pipeline', 'status', 'name', 'tags', 'time', 'stages'], rows));
  return 0;
};

export const showCommand: Command = async (app, args) => {
  const [ref, ...extra] = args.positionals;
  if (!ref || extra.length) throw usage('"seqpipe show" needs one RUN (an id, a unique prefix, a name or "latest")');
  const stateDir = app().stateDir;
  const record = await resolveRun(stateDir, ref);
  const runDir = join(statePaths(stateDir).runs, record.runId);
  if (args.values.json) {
    out(`${JSON.stringify({ ...record, runDir })}\n`);
    return 0;
  }
  const lines = [
    `run ${record.runId}${record.name ? ` "${record.name}"` : ''} · ${record.pipeline.name} (${record.pipeline.file}) · ${record.status} in ${record.seconds.toFixed(2)}s`,
    `started ${record.startedAt} · seed ${record.pipeline.seed}${record.seedGiven !== undefined ? ' (--seed)' : ''} · ${computedBy(record.environment)}`,
    ...(record.tags?.length ? [`tags ${record.tags.join(', ')}`] : []),
    ...(record.overrides?.length ? [`overrides ${record.overrides.map((o) => `--set ${o}`).join(' ')}`] : []),
    '',
    columns(['stage', 'plugin', 'status', 'seconds', 'key'], record.stages.map((s) => [
      s.id, s.uses, stageStatus(s), s.seconds.toFixed(2), s.key.slice(0, 12),
    ])).trimEnd(),
    '',
    ...Object.entries(record.metrics).map(([stage, values]) => `metrics ${stage}: ${Object.entries(values).map(([k, v]) => `${k} ${fmt(v)}`).join('  ')}`),
    ...Object.entries(record.training ?? {}).map(([stage, t]) => `training ${stage}: ${trainingLine(t)}`),
    ...(record.error ? [`error ${record.error.code}: ${record.error.message}`] : []),
    `dir ${runDir}`,
    `report ${join(runDir, 'report.html')}`,
  ];
  out(`${lines.join('\n')}\n`);
  return 0;
};

/** `stopped at epoch 14, best epoch 9 (val_loss 0.01234), learning rate 0.001` from a trainer's control record. */
function trainingLine(t: unknown): string {
  const c = t as { epochsRun?: number; stoppedEpoch?: number; bestEpoch?: number; monitor?: string; best?: number; learningRate?: number; perSeries?: unknown[] };
  if (c.perSeries) return `${c.perSeries.length} series (see run.json)`;
  return [
    c.stoppedEpoch !== undefined ? `stopped at epoch ${c.stoppedEpoch}` : `${c.epochsRun} epochs`,
    ...(c.bestEpoch !== undefined ? [`best epoch ${c.bestEpoch} (${c.monitor} ${fmt(c.best!)})`] : []),
    ...(c.learningRate !== undefined ? [`learning rate ${fmt(c.learningRate)}`] : []),
  ].join(', ');
}

function stageStatus(s: RunRecord['stages'][number]): string {
  if (s.resumedFrom) return `${s.status} (resumed after epoch ${s.resumedFrom.epoch}/${s.resumedFrom.epochs})`;
  if (s.recovered) return `${s.status} (recomputed: its cached object was corrupt)`;
  return s.status;
}

export const compareCommand: Command = async (app, args) => {
  if (args.positionals.length < 2) throw usage('"seqpipe compare" needs at least two RUNs, e.g. seqpipe compare rnn-run gru-run');
  const stateDir = app().stateDir;
  const records: RunRecord[] = [];
  for (const ref of args.positionals) records.push(await resolveRun(stateDir, ref));
  const pipelines = await Promise.all(records.map((r) => readRunPipeline(stateDir, r.runId)));
  const cmp = compareRuns(records, pipelines);
  const file = args.values.report;
  if (file) {
    const { writeComparisonReport } = await import('@seqpipe/report');
    await writeComparisonReport(stateDir, records, resolve(file), `seqpipe compare: ${records.map((r) => r.name ?? r.runId).join(' vs ')}`);
    process.stderr.write(`report ${resolve(file)}\n`);
  }
  if (args.values.json) {
    out(`${JSON.stringify(cmp)}\n`);
    return 0;
  }
  out(formatComparison(cmp));
  return 0;
};

export function formatComparison(cmp: RunComparison): string {
  const labels = cmp.runs.map((r) => r.name ?? r.runId);
  const value = (v: JsonValue | undefined): string => (v === undefined ? '—' : JSON.stringify(v));
  const parts = [
    columns(['#', 'run', 'pipeline', 'seed', 'status'], cmp.runs.map((r, i) => [String(i + 1), labels[i]!, r.pipeline, String(r.seed), r.status])),
    cmp.params.length
      ? `parameters that differ:\n${columns(['parameter', ...labels], cmp.params.map((p) => [p.path, ...p.values.map(value)]))}`
      : 'parameters: the resolved pipelines are identical\n',
    `metrics (Δ against ${labels[0]}):\n${columns(
      ['stage', 'metric', labels[0]!, ...labels.slice(1).flatMap((l) => [l, 'Δ'])],
      cmp.metrics.map((m) => [m.stage, m.metric, num(m.values[0]), ...m.values.slice(1).flatMap((v, i) => [num(v), delta(m.deltas[i + 1])])]),
    )}`,
  ];
  return parts.join('\n');
}

const num = (v: number | undefined): string => (v === undefined ? '—' : fmt(v));
const delta = (d: number | undefined): string => (d === undefined ? '—' : d === 0 ? '0' : `${d > 0 ? '+' : '-'}${fmt(Math.abs(d))}`);

function brief(r: RunRecord): object {
  return {
    runId: r.runId, pipeline: r.pipeline.name, status: r.status, ...(r.name !== undefined ? { name: r.name } : {}), tags: r.tags ?? [],
    startedAt: r.startedAt, seconds: r.seconds, seed: r.pipeline.seed, metrics: r.metrics,
    stages: { total: r.stages.length, cached: r.stages.filter((s) => s.cached).length },
  };
}

/** Left-aligned text columns, two spaces apart. */
export function columns(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const width = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string => cells.map((c, i) => c.padEnd(width[i]!)).join('  ').trimEnd();
  return `${[line(head), ...rows.map(line)].join('\n')}\n`;
}

/** What `seqpipe runs`, `show` and `compare` take (main.ts parses with it; --help shows it). */
export const runsSpec: CommandSpec = { name: 'runs', options: flags('pipeline', 'tag', 'state-dir', 'json'), run: runsCommand };
export const showSpec: CommandSpec = { name: 'show', args: 'RUN', options: flags('state-dir', 'json'), run: showCommand };
export const compareSpec: CommandSpec = { name: 'compare', args: 'RUN RUN...', options: flags('report', 'state-dir', 'json'), run: compareCommand };
