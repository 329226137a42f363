/**
 * Shape checks for what a stage returns, per artifact kind: sizes that agree with each other,
 * typed arrays of the declared type, finite numbers. A malformed artifact (a plugin's series whose
 * `values` do not match `length`) would otherwise be cached and fail far downstream with a
 * misleading message; checked at the stage boundary it is E_ARTIFACT_SHAPE naming the stage.
 * Kinds added by plugins are checked for their `kind` field only.
 */
import type { Windows } from './kinds.js';
import { seriesAt } from './panel.js';

type Problem = string | undefined;
type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isInt = (v: unknown, min: number): v is number => Number.isInteger(v) && (v as number) >= min;
/** By tag, not instanceof, so an array made in another realm still passes. */
const isTyped = (v: unknown, type: string): boolean => Object.prototype.toString.call(v) === `[object ${type}]`;

/** `name` must be an integer ≥ min. */
function int(o: Obj, name: string, min: number): Problem {
  return isInt(o[name], min) ? undefined : `${name} must be an integer ≥ ${min}, not ${show(o[name])}`;
}

function show(v: unknown): string {
  if (typeof v === 'number' || typeof v === 'boolean' || v === undefined || v === null) return String(v);
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (Array.isArray(v)) return `an array of ${v.length}`;
  return Object.prototype.toString.call(v).slice(8, -1);
}

/** A typed array of `type` holding `length` finite numbers (`what(i)` names element i). */
function numbers(o: Obj, name: string, type: string, length: number, what: (i: number) => string = (i) => `${name}[${i}]`): Problem {
  const a = o[name];
  if (!isTyped(a, type)) return `${name} must be a${/^[AEIOU]/.test(type) ? 'n' : ''} ${type}, not ${show(a)}`;
  const arr = a as ArrayLike<number>;
  if (arr.length !== length) return `${name} holds ${arr.length} numbers, expected ${length}`;
  for (let i = 0; i < arr.length; i++) if (!Number.isFinite(arr[i])) return `${what(i)} is ${arr[i]}, not a finite number`;
  return undefined;
}

function names(o: Obj, name: string): Problem {
  const v = o[name];
  if (!Array.isArray(v) || v.length === 0) return `${name} must be a non-empty array of names, not ${show(v)}`;
  const bad = v.findIndex((c) => typeof c !== 'string' || c === '');
  return bad < 0 ? undefined : `${name}[${bad}] must be a non-empty string, not ${show(v[bad])}`;
}

const first = (...checks: (() => Problem)[]): Problem => {
  for (const check of checks) {
    const problem = check();
    if (problem) return problem;
  }
  return undefined;
};

/** ids and offsets, when present: as many ids as series, offsets rising from 0 to `rows`, each series non-empty. */
function panel(o: Obj, rows: number): Problem {
  if (o.ids === undefined && o.offsets === undefined) return undefined;
  const ids = o.ids;
  if (!Array.isArray(ids) || ids.length === 0 || ids.some((id) => typeof id !== 'string')) return `ids must be a non-empty array of strings, not ${show(ids)}`;
  const off = o.offsets as Int32Array;
  if (!isTyped(off, 'Int32Array') || off.length !== ids.length + 1) return `offsets must be an Int32Array of ${ids.length + 1} (one per series, then the row count), not ${show(off)}`;
  if (off[0] !== 0 || off[ids.length] !== rows) return `offsets must run from 0 to ${rows}, not ${off[0]} to ${off[ids.length]}`;
  for (let i = 1; i < off.length; i++) if (!(off[i]! > off[i - 1]!)) return `series "${ids[i - 1]}" is empty (offsets[${i}] = ${off[i]} follows ${off[i - 1]})`;
  return undefined;
}

/** Time rises row to row within each series. */
function risingTime(o: Obj, rows: number): Problem {
  const t = o.time as Float64Array | undefined;
  if (!t) return undefined;
  const off = (o.offsets as Int32Array | undefined) ?? Int32Array.of(0, rows);
  for (let s = 0; s + 1 < off.length; s++) {
    for (let i = off[s]! + 1; i < off[s + 1]!; i++) {
      if (!(t[i]! > t[i - 1]!)) return `time must increase row to row${off.length > 2 ? ' within a series' : ''}; time[${i}] = ${t[i]} follows ${t[i - 1]}`;
    }
  }
  return undefined;
}

function series(s: Obj): Problem {
  return first(
    () => names(s, 'columns'),
    () => int(s, 'length', 1),
    () => {
      const width = (s.columns as string[]).length;
      const cell = (i: number): string => `values[${i}] (row ${Math.floor(i / width)}, column "${(s.columns as string[])[i % width]}")`;
      return numbers(s, 'values', 'Float64Array', (s.length as number) * width, cell);
    },
    () => (s.time === undefined ? undefined : numbers(s, 'time', 'Float64Array', s.length as number)),
    () => panel(s, s.length as number),
    () => risingTime(s, s.length as number),
    () => (s.timeUnit === undefined || s.timeUnit === 'ms-epoch' ? undefined : `timeUnit must be "ms-epoch" or absent, not ${show(s.timeUnit)}`),
    () => (Array.isArray(s.transforms) ? undefined : `transforms must be an array, not ${show(s.transforms)}`),
  );
}

/** Each window's rows inside `data` and within one series; a first target row may be its series' end only for forecasts, never in stored windows. */
function positions(w: Obj): Problem {
  const index = w.index as Int32Array;
  const rows = w.rows as number;
  const horizon = w.horizon as number;
  const off = (w.offsets as Int32Array | undefined) ?? Int32Array.of(0, rows);
  for (let k = 0; k < index.length; k++) {
    const i = index[k]!;
    if (!(i >= 1 && i + horizon <= rows)) return `index[${k}] = ${i}: window ${k} needs rows ${i - 1}…${i + horizon - 1}, outside the ${rows} rows`;
    const s = seriesAt(off, i - 1);
    if (i + horizon > off[s + 1]!) return `index[${k}] = ${i}: window ${k}'s targets run past the end of its series (row ${off[s + 1]! - 1})`;
  }
  return undefined;
}

function windows(w: Obj): Problem {
  return first(
    () => names(w, 'columns'),
    () => int(w, 'lookback', 1),
    () => int(w, 'horizon', 1),
    () => int(w, 'count', 1),
    () => int(w, 'rows', 1),
    () => {
      const t = w.targetColumns;
      const width = (w.columns as string[]).length;
      if (!Array.isArray(t) || t.length === 0) return `targetColumns must be a non-empty array of column indices, not ${show(t)}`;
      const bad = t.findIndex((c) => !isInt(c, 0) || (c as number) >= width);
      return bad < 0 ? undefined : `targetColumns[${bad}] is ${show(t[bad])}, not an index into the ${width} columns`;
    },
    () => {
      const [count, rows] = [w.count, w.rows] as number[];
      const width = (w.columns as string[]).length;
      return numbers(w, 'data', 'Float64Array', rows! * width)
        ?? numbers(w, 'index', 'Int32Array', count!)
        ?? (w.time === undefined ? undefined : numbers(w, 'time', 'Float64Array', rows!));
    },
    () => panel(w, w.rows as number),
    () => positions(w),
    () => (Array.isArray(w.transforms) ? undefined : `transforms must be an array, not ${show(w.transforms)}`),
  );
}

function split(s: Obj): Problem {
  const parts = (['train', 'validation', 'test'] as const).filter((p) => p !== 'validation' || s.validation !== undefined);
  for (const part of parts) {
    const w = s[part];
    if (!isObj(w) || w.kind !== 'windows') return `${part} must be windows, not ${show(w)}`;
    const problem = windows(w);
    if (problem) return `${part}: ${problem}`;
  }
  const train = s.train as unknown as Windows;
  for (const part of parts.slice(1)) {
    const w = s[part] as unknown as Windows;
    for (const key of ['lookback', 'horizon'] as const) if (w[key] !== train[key]) return `${part}.${key} is ${w[key]} but train's is ${train[key]}`;
    if (w.columns.length !== train.columns.length) return `${part} has ${w.columns.length} columns but train has ${train.columns.length}`;
    if (w.targetColumns.length !== train.targetColumns.length) return `${part} has ${w.targetColumns.length} targets but train has ${train.targetColumns.length}`;
  }
  return undefined;
}

function modelSpec(m: Obj): Problem {
  switch (m.family) {
    case undefined: case 'rnn': return recurrentSpec(m);
    case 'mlp': return mlpSpec(m);
    case 'linear': return linearSpec(m);
    case 'nbeats': return nbeatsSpec(m);
    default: return `family must be rnn, mlp, linear or nbeats, not ${show(m.family)}`;
  }
}

function linearSpec(m: Obj): Problem {
  if (m.decomposition === undefined) return undefined;
  if (!isObj(m.decomposition)) return `decomposition must be an object, not ${show(m.decomposition)}`;
  const kernel = int(m.decomposition, 'kernel', 1);
  return kernel ? `decomposition.${kernel}` : undefined;
}

function mlpSpec(m: Obj): Problem {
  const layers = m.layers;
  if (!Array.isArray(layers)) return `layers must be an array, not ${show(layers)}`;
  for (const [i, layer] of layers.entries()) {
    if (!isObj(layer)) return `layers[${i}] must be an object, not ${show(layer)}`;
    const units = int(layer, 'units', 1);
    if (units) return `layers[${i}].${units}`;
  }
  return isObj(m.head) ? undefined : `head must be an object, not ${show(m.head)}`;
}

function nbeatsSpec(m: Obj): Problem {
  const stacks = m.stacks;
  if (!Array.isArray(stacks) || stacks.length === 0) return `stacks must be a non-empty array, not ${show(stacks)}`;
  for (const [i, stack] of stacks.entries()) {
    if (!isObj(stack)) return `stacks[${i}] must be an object, not ${show(stack)}`;
    if (!['generic', 'trend', 'seasonality'].includes(stack.type as string)) return `stacks[${i}].type must be generic, trend or seasonality, not ${show(stack.type)}`;
    const bad = first(() => int(stack, 'blocks', 1), () => int(stack, 'layers', 1), () => int(stack, 'units', 1));
    if (bad) return `stacks[${i}].${bad}`;
  }
  return undefined;
}

function recurrentSpec(m: Obj): Problem {
  const layers = m.layers;
  if (!Array.isArray(layers) || layers.length === 0) return `layers must be a non-empty array, not ${show(layers)}`;
  for (const [i, layer] of layers.entries()) {
    if (!isObj(layer)) return `layers[${i}] must be an object, not ${show(layer)}`;
    if (!['simpleRNN', 'gru', 'lstm'].includes(layer.cell as string)) return `layers[${i}].cell must be simpleRNN, gru or lstm, not ${show(layer.cell)}`;
    const units = int(layer, 'units', 1);
    if (units) return `layers[${i}].${units}`;
  }
  return isObj(m.head) ? undefined : `head must be an object, not ${show(m.head)}`;
}

function forecaster(f: Obj): Problem {
  return first(
    () => (typeof f.impl === 'string' && f.impl !== '' ? undefined : `impl must name its codec, not ${show(f.impl)}`),
    () => int(f, 'lookback', 1),
    () => int(f, 'features', 1),
    () => int(f, 'horizon', 1),
    () => int(f, 'targets', 1),
    () => (typeof f.predict === 'function' ? undefined : 'predict must be a function'),
    () => (isObj(f.summary) ? undefined : `summary must be an object, not ${show(f.summary)}`),
  );
}

function metrics(m: Obj): Problem {
  if (!isObj(m.values)) return `values must be an object of named numbers, not ${show(m.values)}`;
  for (const [name, v] of Object.entries(m.values)) {
    if (typeof v !== 'number' || !Number.isFinite(v)) return `values.${name} is ${show(v)}, not a finite number`;
  }
  if (m.details !== undefined && !isObj(m.details)) return `details must be an object, not ${show(m.details)}`;
  return m.tables === undefined ? undefined : metricsTables(m.tables);
}

function metricsTables(t: unknown): Problem {
  if (!isObj(t) || !Array.isArray(t.ids) || !t.ids.every((id) => typeof id === 'string')) return 'tables.ids must be an array of series ids';
  for (const name of ['series', 'forecasts'] as const) {
    const table = t[name];
    if (!isObj(table)) return `tables.${name} must be an object of columns, not ${show(table)}`;
    const lengths = new Set(Object.values(table).map((c) => (c instanceof Float64Array ? c.length : -1)));
    if (lengths.has(-1)) return `tables.${name} must hold Float64Array columns`;
    if (lengths.size > 1) return `tables.${name}'s columns differ in length`;
  }
  return undefined;
}

function forecast(f: Obj): Problem {
  if (typeof f.column !== 'string' || f.column === '') return `column must name the forecast column, not ${show(f.column)}`;
  const points = f.points;
  if (!Array.isArray(points) || points.length === 0) return `points must be a non-empty array, not ${show(points)}`;
  for (const [i, p] of points.entries()) {
    if (!isObj(p)) return `points[${i}] must be an object, not ${show(p)}`;
    if (p.step !== i + 1) return `points[${i}].step is ${show(p.step)}, expected ${i + 1} (steps count from 1)`;
    if (!Number.isInteger(p.index)) return `points[${i}].index must be an integer row, not ${show(p.index)}`;
    for (const key of ['value', 'scaled', 'time', 'actual'] as const) {
      const optional = key === 'time' || key === 'actual';
      if (!(optional && p[key] === undefined) && !Number.isFinite(p[key])) return `points[${i}].${key} is ${show(p[key])}, not a finite number`;
    }
    if (p.date !== undefined && typeof p.date !== 'string') return `points[${i}].date must be a string, not ${show(p.date)}`;
    const bad = p.intervals === undefined ? undefined : pointIntervals(p.intervals);
    if (bad) return `points[${i}].intervals${bad}`;
  }
  if (f.series !== undefined && (typeof f.series !== 'string' || f.series === '')) return `series must be a series id, not ${show(f.series)}`;
  return f.panel === undefined ? undefined : forecastPanel(f.panel);
}

/** A panel's forecast: steps per series, arrays of series × steps (NaN only where a value may be unknown). */
function forecastPanel(p: unknown): Problem {
  if (!isObj(p)) return `panel must be an object, not ${show(p)}`;
  const ids = p.ids;
  if (!Array.isArray(ids) || ids.length === 0 || ids.some((id) => typeof id !== 'string')) return `panel.ids must be a non-empty array of strings, not ${show(ids)}`;
  const steps = int(p, 'steps', 1) ?? int(p, 'padded', 0);
  if (steps) return `panel.${steps}`;
  const n = ids.length * (p.steps as number);
  const sized = (name: string, type: string, length: number, finite: boolean): Problem => {
    const a = p[name];
    if (!isTyped(a, type) || (a as ArrayLike<number>).length !== length) return `panel.${name} must be a${/^[AEIOU]/.test(type) ? 'n' : ''} ${type} of ${length}, not ${show(a)}`;
    if (finite) return numbers(p, name, type, length, (i) => `panel.${name}[${i}]`);
    return undefined;
  };
  return sized('index', 'Int32Array', ids.length, true)
    ?? sized('value', 'Float64Array', n, true)
    ?? sized('scaled', 'Float64Array', n, true)
    ?? (p.actual === undefined ? undefined : sized('actual', 'Float64Array', n, false))
    ?? (p.time === undefined ? undefined : sized('time', 'Float64Array', n, false))
    ?? (p.intervals === undefined ? undefined : panelIntervals(p.intervals, n));
}

/** A point's intervals: one per level, ascending, finite bounds with lower ≤ upper. */
function pointIntervals(list: unknown): Problem {
  if (!Array.isArray(list)) return ` must be an array, not ${show(list)}`;
  for (const [k, b] of list.entries()) {
    if (!isObj(b) || ![b.level, b.lower, b.upper].every(Number.isFinite) || (b.lower as number) > (b.upper as number)) return `[${k}] must be { level, lower, upper } with finite lower ≤ upper, not ${show(b)}`;
    if (k > 0 && !((b.level as number) > ((list[k - 1] as Obj).level as number))) return `[${k}].level must be above the previous level (ascending), not ${show(b.level)}`;
  }
  return undefined;
}

/** A panel's intervals: per level, lower and upper laid out as `value` (NaN where a step has none). */
function panelIntervals(b: unknown, n: number): Problem {
  if (!isObj(b) || !Array.isArray(b.levels) || !b.levels.every(Number.isFinite)) return `panel.intervals.levels must be an array of numbers, not ${show(isObj(b) ? b.levels : b)}`;
  for (const side of ['lower', 'upper'] as const) {
    const arrays = b[side];
    if (!Array.isArray(arrays) || arrays.length !== b.levels.length) return `panel.intervals.${side} must hold one array per level (${b.levels.length}), not ${show(arrays)}`;
    const k = arrays.findIndex((a) => !(a instanceof Float64Array) || a.length !== n);
    if (k >= 0) return `panel.intervals.${side}[${k}] must be a Float64Array of ${n}, not ${show(arrays[k])}`;
  }
  return undefined;
}

const checks: Record<string, (value: Obj) => Problem> = {
  series, windows, split, 'model-spec': modelSpec, forecaster, metrics, forecast,
};

/**
 * What is wrong with `value` as an artifact of `kind`, in one sentence naming the field (and row
 * or column where it helps); undefined when it is well-formed. Never throws.
 */
export function checkArtifact(kind: string, value: unknown): string | undefined {
  if (!isObj(value)) return `expected a ${kind} object, got ${show(value)}`;
  if (value.kind !== kind) return `expected kind "${kind}", got ${show(value.kind)}`;
  return checks[kind]?.(value);
}
