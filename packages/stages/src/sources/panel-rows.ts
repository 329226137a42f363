/**
 * Rows of many series read from one table (a long-format CSV, Parquet file or query result) →
 * a panel: rows grouped by series in order of each id's first appearance, each series in time
 * order (or read order without a time column), the `missing` policy applied within each series.
 * The sources locate what goes wrong themselves: these return read-row indices, never throw.
 */
import type { MissingPolicy } from './csv/csv-params.js';
import { fillMissing } from './csv/fill-missing.js';
import { irregularWarning } from './time-order.js';

/** Ids in order of first appearance and each read row's series index into them. */
export class SeriesIds {
  readonly ids: string[] = [];
  private readonly index = new Map<string, number>();

  /** The index of `id`, added at the end when new. */
  of(id: string): number {
    let s = this.index.get(id);
    if (s === undefined) {
      s = this.ids.length;
      this.index.set(id, s);
      this.ids.push(id);
    }
    return s;
  }
}

export interface PanelOrder {
  /** order[i]: the read row at position i; absent when the rows were grouped and in order already. */
  readonly order?: Int32Array;
  /** ids.length + 1 entries over the positions. */
  readonly offsets: Int32Array;
  /** Whether some series' rows were out of time order (sorted). */
  readonly moved: boolean;
  /** A time repeated within one series: read rows (the earlier and the later). */
  readonly duplicate?: { readonly first: number; readonly later: number };
}

/**
 * Groups `count` read rows by `seriesOf` (a stable counting sort: O(rows), as fast for 100,000
 * series as for one), then sorts each series by `times` when given (equal times keep read order,
 * so the later row is the duplicate reported, as for a single series).
 */
export function panelOrder(seriesOf: ArrayLike<number>, series: number, count: number, times?: ArrayLike<number>): PanelOrder {
  const offsets = new Int32Array(series + 1);
  for (let r = 0; r < count; r++) offsets[seriesOf[r]! + 1]!++;
  for (let s = 0; s < series; s++) offsets[s + 1]! += offsets[s]!;
  const next = offsets.slice(0, series);
  const order = new Int32Array(count);
  let identity = true;
  for (let r = 0; r < count; r++) {
    const at = next[seriesOf[r]!]!++;
    order[at] = r;
    if (at !== r) identity = false;
  }
  let moved = false;
  let duplicate: PanelOrder['duplicate'];
  if (times) {
    for (let s = 0; s < series; s++) {
      const [from, to] = [offsets[s]!, offsets[s + 1]!];
      let sorted = true;
      for (let i = from + 1; i < to && sorted; i++) sorted = times[order[i - 1]!]! <= times[order[i]!]!;
      if (!sorted) {
        moved = true;
        identity = false;
        const part = Array.from(order.subarray(from, to)).sort((a, b) => times[a]! - times[b]! || a - b);
        order.set(part, from);
      }
      if (duplicate) continue;
      for (let i = from + 1; i < to; i++) {
        if (times[order[i]!] === times[order[i - 1]!]) {
          duplicate = { first: order[i - 1]!, later: order[i]! };
          break;
        }
      }
    }
  }
  return { ...(identity ? {} : { order }), offsets, moved, ...(duplicate ? { duplicate } : {}) };
}

/** Row-major rows taken in `order` (width values each). */
export function reorderRows(values: Float64Array, width: number, order: ArrayLike<number>): Float64Array {
  const out = new Float64Array(order.length * width);
  for (let i = 0; i < order.length; i++) {
    const from = order[i]! * width;
    for (let c = 0; c < width; c++) out[i * width + c] = values[from + c]!;
  }
  return out;
}

export interface FilledPanel {
  readonly values: Float64Array;
  readonly times?: Float64Array;
  /** Series with at least one row left (a series dropped whole is left out). */
  readonly ids: readonly string[];
  readonly offsets: Int32Array;
  /** kept[i]: the input position of output row i, when rows were dropped. */
  readonly kept?: Int32Array;
}

/** A cell no policy can fill: its input position and column. */
export interface PanelGap {
  readonly row: number;
  readonly column: number;
  readonly why: string;
}

/**
 * The `missing` policy within each series of grouped rows (ffill and interpolate never reach
 * across series). Series left with no row under `drop` are left out of the panel.
 */
export function fillPanel(values: Float64Array, width: number, ids: readonly string[], offsets: Int32Array, policy: MissingPolicy, times?: Float64Array): FilledPanel | PanelGap {
  if (policy === 'error') return { values, ...(times ? { times } : {}), ids, offsets };
  const out = policy === 'drop' ? undefined : new Float64Array(values.length);
  const kept: number[] = [];
  const keptIds: string[] = [];
  const lengths: number[] = [];
  for (let s = 0; s < ids.length; s++) {
    const [from, to] = [offsets[s]!, offsets[s + 1]!];
    const filled = fillMissing(values.subarray(from * width, to * width), width, policy, times?.subarray(from, to));
    if ('why' in filled) return { row: from + filled.row, column: filled.column, why: filled.why };
    if (out) {
      out.set(filled.values, from * width);
      continue;
    }
    if (!filled.kept!.length) continue;
    for (const r of filled.kept!) kept.push(from + r);
    keptIds.push(ids[s]!);
    lengths.push(filled.kept!.length);
  }
  if (out) return { values: out, ...(times ? { times } : {}), ids, offsets };
  if (kept.length === values.length / width) return { values, ...(times ? { times } : {}), ids, offsets };
  const keptRows = Int32Array.from(kept);
  const offs = new Int32Array(lengths.length + 1);
  lengths.forEach((n, s) => (offs[s + 1] = offs[s]! + n));
  return {
    values: reorderRows(values, width, keptRows), ...(times ? { times: Float64Array.from(keptRows, (r) => times[r]!) } : {}),
    ids: keptIds, offsets: offs, kept: keptRows,
  };
}

/**
 * The irregular-spacing warning for the first series whose dates are irregular (one warning, not
 * one per series); `where(i)` names row i of the panel.
 */
export function panelIrregular(code: string, times: Float64Array, ids: readonly string[], offsets: Int32Array, where: (i: number) => string): string | undefined {
  for (let s = 0; s < ids.length; s++) {
    const [from, to] = [offsets[s]!, offsets[s + 1]!];
    const warning = irregularWarning(code, times.subarray(from, to), (i) => where(from + i));
    if (warning) return `${warning.replace(/^(\S+) /, `$1 series "${ids[s]}": `)}`;
  }
  return undefined;
}
