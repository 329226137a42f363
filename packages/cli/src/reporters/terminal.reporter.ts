/**
 * Human progress on stderr: one line per stage and a summary. While a stage trains: on a
 * terminal, a live cli-progress bar (epoch i/N, batch progress, loss, ETA); otherwise one plain
 * line per epoch, so logs stay readable.
 */
import type { ExecuteHooks, ForecastPanelSummary, PointInterval, ProgressEvent, RunRecord, StageRecord, TimeStep } from '@seqpipe/core';
import { compareMetricNames, pointDates } from '@seqpipe/core';
import { join } from 'node:path';
import { MultiBar, type SingleBar } from 'cli-progress';
import { intervalColumnsNote, intervalText } from '../predict/forecast-text.js';

/** What a trainer's progress counts: epochs and batches, or (one model per series) series and epochs. */
export const unitWords = (e: ProgressEvent): { outer: string; inner: string } =>
  (e.unit === 'series' ? { outer: 'series', inner: 'epoch' } : { outer: 'epoch', inner: 'batch' });

export const fmt = (n: number): string => (n === 0 ? '0' : Math.abs(n) >= 1e-3 && Math.abs(n) < 1e4 ? n.toFixed(5) : n.toExponential(3));

const MARK = { hit: '✓', ran: '✓', failed: '✗', interrupted: '■', skipped: '·' } as const;
const WORD = { hit: 'cached', ran: 'ran', failed: 'FAILED', interrupted: 'stopped', skipped: 'skipped' } as const;

/**
 * `loadedBackend`: what TensorFlow loaded with, once it has. Its backend line is printed at the
 * first event after the load, once: a run whose stages compute without TensorFlow (the fused
 * engine, the data stages, cache hits) prints none, since no tfjs backend computed anything.
 */
export function terminalHooks(
  out: NodeJS.WriteStream = process.stderr,
  options: BackendLineOptions = {},
): ExecuteHooks {
  const tty = out.isTTY === true;
  let multibar: MultiBar | undefined;
  const bars = new Map<string, { bar: SingleBar; batches: number; loss: string }>();
  const write = (line: string): void => {
    if (multibar) multibar.log(line);
    else out.write(line);
  };
  const announce = backendAnnouncer(write, options);
  const stopBar = (stage: string): void => {
    const b = bars.get(stage);
    if (!b || !multibar) return;
    multibar.remove(b.bar);
    bars.delete(stage);
    if (bars.size === 0) {
      multibar.stop();
      multibar = undefined;
    }
  };
  const bar = (stage: string, e: ProgressEvent, batches: number) => {
    let b = bars.get(stage);
    if (!b) {
      multibar ??= new MultiBar({
        stream: out, clearOnComplete: true, hideCursor: true, gracefulExit: false, etaBuffer: 50, fps: 5,
        format: '    {stage} |{bar}| {outer} {epoch}/{epochs} · {inner} {batch}/{batches} · loss {loss} · ETA {eta_formatted}',
      });
      b = { bar: multibar.create(e.epochs * batches, 0, { stage, ...unitWords(e), epoch: 1, epochs: e.epochs, batch: 0, batches, loss: '…' }), batches, loss: '…' };
      bars.set(stage, b);
    }
    return b;
  };
  return {
    stageStart(stage, cached) {
      announce();
      if (!cached) write(`  ▶ ${stage.id.padEnd(12)} ${stage.uses.padEnd(22)} running…\n`);
    },
    stageEnd(r: StageRecord) {
      stopBar(r.id);
      announce();
      write(`  ${MARK[r.status]} ${r.id.padEnd(12)} ${r.uses.padEnd(22)} ${WORD[r.status].padEnd(7)} ${r.seconds.toFixed(2)}s\n`);
    },
    progress(stage: string, e: ProgressEvent) {
      announce();
      if (!tty) {
        if (e.type === 'epoch') {
          out.write(`    ${stage} ${unitWords(e).outer} ${String(e.epoch).padStart(String(e.epochs).length)}/${e.epochs}  loss ${fmt(e.loss)}${e.valLoss === undefined ? '' : `  val ${fmt(e.valLoss)}`}  ${e.seconds.toFixed(2)}s\n`);
        }
        return;
      }
      if (e.type === 'batch') {
        const b = bar(stage, e, e.batches);
        b.bar.update((e.epoch - 1) * b.batches + e.batch, { epoch: e.epoch, batch: e.batch, batches: e.batches });
      } else {
        // Batch count is unknown until a batch event; an epoch without one counts as one batch.
        const b = bars.get(stage) ?? bar(stage, e, 1);
        b.loss = `${fmt(e.loss)}${e.valLoss === undefined ? '' : ` (val ${fmt(e.valLoss)})`}`;
        b.bar.update(e.epoch * b.batches, { epoch: Math.min(e.epoch + 1, e.epochs), batch: 0, loss: b.loss });
      }
    },
    log(stage, level, message) {
      write(`  ${level === 'warn' ? 'warning' : 'info'} [${stage}] ${message}\n`);
    },
  };
}

/**
 * The end of a run: metrics, forecasts, and one status line. The backend line appears only if the
 * run loaded TensorFlow (`backendShown`: the line printed when it loaded; repeated only if the
 * run ended on another backend).
 */
export function printSummary(record: RunRecord, runDir: string, options: { backendShown?: string; report?: string } = {}, out: NodeJS.WriteStream = process.stderr): void {
  out.write(metricsTable(record.metrics));
  // A panel's unit-free metrics are means over its series: say so, and where each series' values are.
  for (const [stage, e] of Object.entries(record.evaluations ?? {})) {
    if (e.series > 1) out.write(`${stage}: smape, mase, mape are means over ${e.series} series; per series → ${e.seriesCsv}, forecasts → ${e.forecastsCsv}\n`);
  }
  // A backtest's predictor forecasts once per fold; the terminal shows the last fold's (trained on
  // the most rows) and names the others.
  const folded = foldedPredictors(Object.keys(record.predictions));
  for (const [base, earlier] of folded) out.write(`predict ${earlier.join(', ')}: in --json, run.json and the report (below: ${base}, the last fold)\n`);
  const hidden = new Set([...folded.values()].flat());
  for (const [stage, forecast] of Object.entries(record.predictions)) {
    if (hidden.has(stage)) continue;
    const { points = [], panel, timeStep } = forecast as { timeStep?: TimeStep; points?: { step: number; index: number; time?: number; date?: string; value: number; actual?: number; intervals?: PointInterval[] }[]; panel?: ForecastPanelSummary };
    if (panel) {
      // One line for a panel, whatever its size: the CSV holds every series' steps.
      const padded = panel.padded ? ` (${panel.padded} padded: shorter than the lookback)` : '';
      out.write(`predict ${stage}: ${panel.series} series × ${panel.steps} step${panel.steps === 1 ? '' : 's'}${padded}${intervalColumnsNote(panel.levels)} → ${join(runDir, panel.file)}\n`);
      continue;
    }
    const dates = pointDates(points, timeStep);
    for (const [i, p] of points.entries()) {
      out.write(`predict ${stage}: step ${p.step} (${dates[i] ?? `row ${p.index}`}) → ${fmt(p.value)}${intervalText(p.intervals, fmt)}${p.actual === undefined ? '' : `  (actual ${fmt(p.actual)}, error ${fmt(p.value - p.actual)})`}\n`);
    }
  }
  const line = backendLine(record.environment);
  if (record.environment.tensorflowLoaded && line !== options.backendShown) out.write(`${line}\n`);
  const count = (status: StageRecord['status']): number => record.stages.filter((s) => s.status === status).length;
  // Printed as cached when the cache was read; recomputed when its object failed its digest check.
  const recovered = record.stages.filter((s) => s.recovered);
  for (const s of recovered) out.write(`  ↻ ${s.id.padEnd(12)} ${s.uses.padEnd(22)} recomputed: its cached object failed its digest check\n`);
  const parts = [`${count('ran')} ran${recovered.length ? ` (${recovered.length} recomputed, its cached object corrupt)` : ''}`, `${count('hit')} cached`];
  for (const status of ['interrupted', 'failed', 'skipped'] as const) if (count(status)) parts.push(`${count(status)} ${status}`);
  out.write(`run ${record.runId} ${record.status} in ${record.seconds.toFixed(2)}s: ${parts.join(', ')} → ${runDir}\n`);
  if (options.report) out.write(`report ${options.report}\n`);
}

/** Backtest fold variants of one predictor (`forecast@fold1` …): the last fold → the earlier ones. */
export function foldedPredictors(stages: readonly string[]): Map<string, string[]> {
  const byBase = new Map<string, string[]>();
  for (const s of stages) {
    const m = /^(.*)@fold(\d+)$/.exec(s);
    if (m) byBase.set(m[1]!, [...(byBase.get(m[1]!) ?? []), s]);
  }
  const out = new Map<string, string[]>();
  for (const variants of byBase.values()) {
    if (variants.length < 2) continue;
    const sorted = [...variants].sort((a, b) => Number(/\d+$/.exec(a)![0]) - Number(/\d+$/.exec(b)![0]));
    out.set(sorted.at(-1)!, sorted.slice(0, -1));
  }
  return out;
}

export interface BackendLineOptions {
  loadedBackend?: () => Parameters<typeof backendLine>[0] | undefined;
  onBackendShown?: (line: string) => void;
}

/** Call at every event: prints the backend line once, at the first call after TensorFlow loaded. */
export function backendAnnouncer(write: (line: string) => void, options: BackendLineOptions): () => void {
  let announced = false;
  return () => {
    if (announced) return;
    const loaded = options.loadedBackend?.();
    if (!loaded) return;
    announced = true;
    const line = backendLine(loaded);
    write(`${line}\n`);
    options.onBackendShown?.(line);
  };
}

export function backendLine(env: { backend?: string; tfjs?: string; fallbackNote?: string }): string {
  return `backend ${env.backend ?? '?'} (tfjs ${env.tfjs ?? '?'})${env.fallbackNote ? ` — ${env.fallbackNote}` : ''}`;
}

/**
 * One table for every evaluator: rows are metrics, columns are evaluators (the model's beside the
 * baselines'), so skill and MASE read across. A backtest's aggregates show as mean ± std, followed
 * by each fold's MASE (or MAE). A metric an evaluator lacks shows as "—".
 */
export function metricsTable(metrics: RunRecord['metrics']): string {
  const columns = Object.keys(metrics).filter((c) => !c.includes('@'));
  if (!columns.length) return '';
  const value = (c: string, n: string): string => {
    const v = metrics[c]!;
    if (v[`${n}_mean`] !== undefined) return `${fmt(v[`${n}_mean`]!)} ± ${fmt(v[`${n}_std`] ?? 0)}`;
    return v[n] === undefined ? '—' : fmt(v[n]!);
  };
  const names: string[] = [];
  for (const c of columns) {
    for (const k of Object.keys(metrics[c]!)) {
      const n = k.replace(/_(mean|std)$/, '');
      if (!names.includes(n)) names.push(n);
    }
  }
  names.sort(compareMetricNames);
  // Per-step metrics (`mase_h7`) are a row per metric per step: 100 rows at horizon 18. The
  // terminal keeps the overall ones; the per-step ones are in --json, run.json and the report.
  const perStep = names.filter((n) => /_h\d+$/.test(n));
  const shown = names.filter((n) => !/_h\d+$/.test(n));
  let text = table([['metrics', ...columns], ...shown.map((n) => [n, ...columns.map((c) => value(c, n))])]);
  if (perStep.length) {
    const steps = Math.max(...perStep.map((n) => Number(n.slice(n.lastIndexOf('_h') + 2))));
    const kinds = [...new Set(perStep.map((n) => n.replace(/_h\d+$/, '')))];
    text += `per step (${kinds.join(', ')} at steps 1–${steps}): in --json, run.json and the report\n`;
  }
  const folds = [...new Set(Object.keys(metrics).filter((c) => c.includes('@')).map((c) => c.split('@')[1]!))];
  if (folds.length) {
    const headline = Object.values(metrics).some((v) => v.mase !== undefined) ? 'mase' : 'mae_original';
    const cell = (c: string, f: string): string => (metrics[`${c}@${f}`]?.[headline] === undefined ? '—' : fmt(metrics[`${c}@${f}`]![headline]!));
    text += table([[`${headline} per fold`, ...columns], ...folds.map((f) => [f, ...columns.map((c) => cell(c, f))])]);
  }
  return text;
}

function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((v, i) => (i === 0 ? v.padEnd(widths[i]!) : v.padStart(widths[i]!))).join('  ').trimEnd()).join('\n') + '\n';
}
