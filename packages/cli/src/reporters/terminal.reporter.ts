/**
 * Human progress on stderr: one line per stage, a live epoch line while training (redrawn in
 * place on a terminal, one line per epoch otherwise), and a summary.
 */
import type { ExecuteHooks, ProgressEvent, RunRecord, StageRecord } from '@seqpipe/core';

const fmt = (n: number): string => (Math.abs(n) >= 1e-3 && Math.abs(n) < 1e4 ? n.toFixed(5) : n.toExponential(3));

export function terminalHooks(out: NodeJS.WriteStream = process.stderr): ExecuteHooks {
  const tty = out.isTTY === true;
  let live = false;
  const clearLive = (): void => {
    if (live) out.write('\r\x1b[K');
    live = false;
  };
  return {
    stageStart(stage, cached) {
      if (!cached) {
        clearLive();
        out.write(`  ▶ ${stage.id.padEnd(12)} ${stage.uses.padEnd(22)} running…\n`);
      }
    },
    stageEnd(r: StageRecord) {
      clearLive();
      const mark = { hit: '✓', ran: '✓', failed: '✗', skipped: '·' }[r.status];
      const what = { hit: 'cached', ran: 'ran', failed: 'FAILED', skipped: 'skipped' }[r.status];
      out.write(`  ${mark} ${r.id.padEnd(12)} ${r.uses.padEnd(22)} ${what.padEnd(7)} ${r.seconds.toFixed(2)}s\n`);
    },
    progress(stage: string, e: ProgressEvent) {
      const line = `    ${stage} epoch ${String(e.epoch).padStart(String(e.epochs).length)}/${e.epochs}  loss ${fmt(e.loss)}${e.valLoss === undefined ? '' : `  val ${fmt(e.valLoss)}`}  ${e.seconds.toFixed(2)}s`;
      if (tty) {
        out.write(`\r\x1b[K${line}`);
        live = true;
      } else out.write(`${line}\n`);
    },
    log(stage, level, message) {
      clearLive();
      out.write(`  ${level === 'warn' ? 'warning' : 'info'} [${stage}] ${message}\n`);
    },
  };
}

export function printSummary(record: RunRecord, runDir: string, out: NodeJS.WriteStream = process.stderr): void {
  out.write(metricsTable(record.metrics));
  for (const [stage, forecast] of Object.entries(record.predictions)) {
    const points = (forecast as { points?: { step: number; index: number; date?: string; value: number; actual?: number }[] }).points ?? [];
    for (const p of points) {
      out.write(`predict ${stage}: step ${p.step} (${p.date ?? `row ${p.index}`}) → ${fmt(p.value)}${p.actual === undefined ? '' : `  (actual ${fmt(p.actual)}, error ${fmt(p.value - p.actual)})`}\n`);
    }
  }
  const env = record.environment;
  out.write(`backend ${env.backend} (tfjs ${env.tfjs})${env.fallbackNote ? ` — ${env.fallbackNote}` : ''}\n`);
  const ran = record.stages.filter((s) => s.status === 'ran').length;
  out.write(`run ${record.runId} ${record.status} in ${record.seconds.toFixed(2)}s: ${ran} ran, ${record.stages.length - ran} cached or skipped → ${runDir}\n`);
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
  names.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  let text = table([['metrics', ...columns], ...names.map((n) => [n, ...columns.map((c) => value(c, n))])]);
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

/** Original-unit errors first, then unit-free metrics, skill, model-unit errors, per-step last. */
function rank(name: string): number {
  if (/_h\d+$/.test(name)) return 6;
  if (name.startsWith('skill_')) return 3;
  if (name.endsWith('_original')) return 1;
  if (/^(mape|smape|mase|r2)/.test(name)) return 2;
  return 4;
}
