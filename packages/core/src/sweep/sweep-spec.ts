/**
 * What a sweep varies: grid axes (`stage.path` → values) and seeds, from `--grid`/`--seeds` or
 * the pipeline's `sweep:` block. Axis values become ordinary overrides (spec/overrides.ts), so
 * they are validated exactly like `--set`.
 */
import { parse } from 'yaml';
import { messages } from '../errors/codes.js';
import { SeqpipeError } from '../errors/seqpipe-error.js';
import type { JsonPath } from '../spec/pipeline-document.js';
import { parseOverride, type Override } from '../spec/overrides.js';

export interface GridAxis {
  /** `stage.path`, e.g. `model.layers.0.cell`. */
  readonly name: string;
  readonly values: readonly unknown[];
  /** Where the axis is written in the pipeline file; absent for `--grid`. */
  readonly at?: JsonPath;
}

export interface SweepSpec {
  readonly grid: readonly GridAxis[];
  /** Absent: the pipeline's own seed. */
  readonly seeds?: readonly number[];
}

const MAX_SEED = 4294967295;

/** Variants a sweep may have: each is a validated pipeline in memory and a run folder. */
export const DEFAULT_MAX_VARIANTS = 10_000;

export function maxVariants(): number {
  const raw = process.env['SEQPIPE_MAX_VARIANTS'];
  const n = raw === undefined ? NaN : Number(raw);
  return Number.isSafeInteger(n) && n > 0 ? n : DEFAULT_MAX_VARIANTS;
}

/** E_SWEEP_TOO_LARGE (exit 2) above the limit, before anything is expanded or created. */
export function checkVariantCount(count: number): void {
  const limit = maxVariants();
  if (count > limit) throw new SeqpipeError('E_SWEEP_TOO_LARGE', messages.E_SWEEP_TOO_LARGE(count, limit), { exitCode: 2 });
}

/** `--grid model.layers.0.cell=simpleRNN,gru,lstm`; values are read as YAML (`[8,16],[32]` too). */
export function parseGridArg(arg: string): GridAxis {
  const eq = arg.indexOf('=');
  const name = eq < 0 ? '' : arg.slice(0, eq);
  const what = `--grid ${arg}`;
  if (eq < 0 || !/^[^.=]+(\.[^.=]+)+$/.test(name)) {
    throw new SeqpipeError('E_BAD_GRID', messages.E_BAD_GRID(what, 'expected STAGE.PARAM=V1,V2,..., e.g. model.layers.0.cell=simpleRNN,gru'));
  }
  let values: unknown;
  try {
    values = parse(`[${arg.slice(eq + 1)}]`);
  } catch (cause) {
    throw new SeqpipeError('E_BAD_GRID', messages.E_BAD_GRID(what, 'the values are not valid YAML'), { cause });
  }
  if (!Array.isArray(values) || values.length === 0) throw new SeqpipeError('E_BAD_GRID', messages.E_BAD_GRID(what, 'give at least one value'));
  return { name, values };
}

/** `1..5` (inclusive) or `1,3,7`. */
export function parseSeeds(arg: string): number[] {
  const what = `--seeds ${arg}`;
  const range = /^(\d+)\.\.(\d+)$/.exec(arg.trim());
  // Refused before the array is built: 1..1000000000 must not allocate a billion seeds first.
  if (range) checkVariantCount(Number(range[2]) - Number(range[1]) + 1);
  const seeds = range
    ? Array.from({ length: Math.max(0, Number(range[2]) - Number(range[1]) + 1) }, (_, i) => Number(range[1]) + i)
    : /^\d+(,\d+)*$/.test(arg.trim()) ? arg.trim().split(',').map(Number) : undefined;
  if (!seeds) throw new SeqpipeError('E_BAD_SEEDS', messages.E_BAD_SEEDS(what, 'not a list of non-negative integers'));
  if (seeds.length === 0) throw new SeqpipeError('E_BAD_SEEDS', messages.E_BAD_SEEDS(what, 'the range is empty'));
  if (seeds.some((s) => s > MAX_SEED)) throw new SeqpipeError('E_BAD_SEEDS', messages.E_BAD_SEEDS(what, `seeds must be at most ${MAX_SEED}`));
  if (new Set(seeds).size !== seeds.length) throw new SeqpipeError('E_BAD_SEEDS', messages.E_BAD_SEEDS(what, 'a seed is repeated'));
  return seeds;
}

/** The `sweep:` block of a file already checked by the outer schema (sweepSchema). */
export function sweepFromBlock(block: unknown): SweepSpec | undefined {
  if (typeof block !== 'object' || block === null) return undefined;
  const b = block as { grid?: Record<string, unknown[]>; seeds?: number[] };
  const grid = Object.entries(b.grid ?? {}).map(([name, values]) => ({ name, values, at: ['sweep', 'grid', name] as JsonPath }));
  return { grid, ...(b.seeds ? { seeds: b.seeds } : {}) };
}

/** One axis value as an override, e.g. `model.layers.0.cell=gru`. */
export function axisOverride(axis: GridAxis, value: unknown): Override {
  const o = parseOverride(`${axis.name}=null`);
  // Plain where YAML reads it back as the same string (`gru`), JSON otherwise (`"1"`, `[8,16]`).
  const text = typeof value === 'string' && parse(value) === value ? value : JSON.stringify(value);
  return { ...o, value, raw: `${axis.name}=${text}` };
}

/** Every combination of the axes' values, first axis slowest. */
export function combinations(grid: readonly GridAxis[]): unknown[][] {
  return grid.reduce<unknown[][]>((acc, axis) => acc.flatMap((c) => axis.values.map((v) => [...c, v])), [[]]);
}
