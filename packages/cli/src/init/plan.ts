/**
 * How big the generated pipeline's windows and evaluation are, from the series' lengths (rules in
 * docs/commands.md, `seqpipe init`):
 *  - horizon: the calendar step's (M4's) horizon, at most a fifth of the typical (median) series;
 *  - lookback: the season or the horizon, whichever is longer, at most a third of the series (a
 *    season longer than that falls to 1: the data cannot show it);
 *  - a panel holds out the last `horizon` rows of every series (splitter/holdout, the M4
 *    protocol); one series is backtested (splitter/backtest, 3 folds, up to `horizon` test
 *    windows each, a gap of horizon − 1 so no training target is a test target) when its
 *    earliest fold keeps at least a third of the windows (and 8) to train on, else held out;
 *  - a stride keeps the training windows near 20,000 (one epoch stays short on big panels).
 */
export const MIN_ROWS = 10;
const FOLDS = 3;
const WINDOW_BUDGET = 20_000;

export type Split =
  | { readonly kind: 'holdout'; readonly test: number }
  | { readonly kind: 'backtest'; readonly folds: number; readonly test: number; readonly gap: number };

export interface Plan {
  readonly horizon: number;
  readonly lookback: number;
  readonly season: number;
  readonly stride: number;
  readonly split: Split;
  readonly trainWindows: number;
  /** Why a size differs from its rule's first choice, for the comments. */
  readonly notes: readonly string[];
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)]!;
}

export function planSizes(lengths: readonly number[], wantHorizon: number, wantSeason: number): Plan {
  const n = median(lengths);
  const notes: string[] = [];
  const horizon = Math.max(1, Math.min(wantHorizon, Math.floor(n / 5)));
  if (horizon < wantHorizon) notes.push(`horizon ${horizon}, not ${wantHorizon}: a fifth of the ${n} rows of the typical series`);
  const maxLookback = Math.max(1, Math.floor(n / 3));
  const season = wantSeason <= maxLookback ? wantSeason : 1;
  if (season !== wantSeason) notes.push(`season 1, not ${wantSeason}: the windows can look back at most ${maxLookback} rows (a third of ${n})`);
  const lookback = Math.min(Math.max(season, horizon, 2), maxLookback);
  const windowsOf = (rows: number): number => Math.max(0, rows - lookback - horizon + 1);
  if (lengths.length === 1) {
    const all = windowsOf(n);
    const stride = Math.max(1, Math.ceil(all / WINDOW_BUDGET));
    const w = Math.ceil(all / stride);
    const test = Math.max(1, Math.min(horizon, Math.floor(w / (3 * FOLDS))));
    const gap = horizon - 1;
    const train = w - FOLDS * test - gap;
    if (train >= Math.max(8, w / 3)) return { horizon, lookback, season, stride, split: { kind: 'backtest', folds: FOLDS, test, gap }, trainWindows: train, notes };
    notes.push(`held out, not backtested: ${w} windows are too few for ${FOLDS} folds`);
  }
  const train = lengths.reduce((sum, rows) => sum + windowsOf(rows - horizon), 0);
  const stride = Math.max(1, Math.ceil(train / WINDOW_BUDGET));
  return { horizon, lookback, season, stride, split: { kind: 'holdout', test: horizon }, trainWindows: Math.ceil(train / stride), notes };
}
