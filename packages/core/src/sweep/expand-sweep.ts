/**
 * A sweep's variants: every combination of the grid values × every seed, each an ordinary
 * resolved pipeline. Each axis value is validated alone first (through the same path as `--set`),
 * so an error names the value that caused it: at the grid entry for a `sweep:` block, at the stage
 * for `--grid`, like `--set`.
 */
import { messages } from '../errors/codes.js';
import type { Diagnostic } from '../errors/seqpipe-error.js';
import type { PluginRegistry } from '../plugins/plugin-registry.js';
import { applyOverrides, type Override } from '../spec/overrides.js';
import { locate, parsePipelineSource, type ParsedPipeline } from '../spec/pipeline-document.js';
import type { ResolvedPipeline } from '../spec/resolved-pipeline.js';
import { validatePipeline, type ValidationResult } from '../spec/validate-pipeline.js';
import { axisOverride, combinations, maxVariants, sweepFromBlock, type GridAxis, type SweepSpec } from './sweep-spec.js';

export interface SweepVariant {
  readonly index: number;
  /** Axis name → value, e.g. { 'model.layers.0.cell': 'gru' }. */
  readonly params: Readonly<Record<string, unknown>>;
  readonly seed: number;
  /** Every override applied, as `--set` would take it (base `--set`s first). */
  readonly overrides: readonly string[];
  readonly pipeline: ResolvedPipeline;
}

export interface SweepPlan {
  readonly grid: readonly GridAxis[];
  readonly seeds: readonly number[];
  readonly variants?: readonly SweepVariant[];
  /** Errors (none when variants are present) and the base pipeline's warnings. */
  readonly diagnostics: readonly Diagnostic[];
}

export interface ExpandOptions {
  /** `--grid`/`--seeds`; each replaces the file's `sweep:` grid or seeds when given. */
  readonly cli?: Partial<SweepSpec>;
  readonly overrides?: readonly Override[];
  readonly seed?: number;
}

export async function expandSweep(pd: ParsedPipeline, registry: PluginRegistry, options: ExpandOptions = {}): Promise<SweepPlan> {
  const base = options.overrides ?? [];
  const validate = (extra: readonly Override[]): Promise<ValidationResult> => {
    const fresh = parsePipelineSource(pd.source, pd.file);
    if (!fresh.diagnostics.length) applyOverrides(fresh, [...base, ...extra]);
    return validatePipeline(fresh, registry, options.seed === undefined ? {} : { seed: options.seed });
  };
  const first = await validate([]);
  const block = sweepFromBlock((pd.doc.toJS() as { sweep?: unknown } | null)?.sweep);
  const grid = options.cli?.grid?.length ? options.cli.grid : (block?.grid ?? []);
  const seeds = options.cli?.seeds ?? block?.seeds ?? (first.pipeline ? [first.pipeline.seed] : []);
  if (!first.pipeline) return { grid, seeds, diagnostics: first.diagnostics };

  const errors: Diagnostic[] = [];
  const seen = new Set<string>();
  const add = (d: Diagnostic): void => {
    const id = `${d.code}|${d.line}|${d.col}|${d.message}`;
    if (!seen.has(id)) errors.push(d);
    seen.add(id);
  };
  const isBase = (d: Diagnostic): boolean => first.diagnostics.some((b) => b.code === d.code && b.line === d.line && b.col === d.col);
  if (grid.length === 0 && seeds.length < 2) {
    add({ code: 'E_BAD_GRID', severity: 'error', file: pd.file, ...(block ? locate(pd, ['sweep'], 'key') : {}), message: messages.E_BAD_GRID('sweep', 'nothing to vary: give --grid STAGE.PARAM=V1,V2 and/or --seeds, or a sweep: block with grid or seeds') });
  }
  const count = grid.reduce((n, axis) => n * axis.values.length, 1) * seeds.length;
  if (count > maxVariants()) {
    add({ code: 'E_SWEEP_TOO_LARGE', severity: 'error', file: pd.file, ...(block ? locate(pd, ['sweep'], 'key') : {}), message: messages.E_SWEEP_TOO_LARGE(count, maxVariants()) });
    return { grid, seeds, diagnostics: sortByPosition([...errors, ...first.diagnostics]) };
  }
  for (const axis of grid) {
    const stage = axis.name.split('.')[0]!;
    if (!first.pipeline.stages.some((s) => s.id === stage)) {
      add({
        code: 'E_BAD_GRID', severity: 'error', file: pd.file, stage, ...(axis.at ? { path: axis.at, ...locate(pd, axis.at, 'key') } : {}),
        message: messages.E_BAD_GRID(axis.at ? `sweep.grid ${axis.name}` : `--grid ${axis.name}`, `no stage "${stage}" in ${pd.file}`),
      });
      continue;
    }
    const found: Diagnostic[][] = [];
    for (const value of axis.values) found.push((await validate([axisOverride(axis, value)])).diagnostics.filter((d) => d.severity === 'error' && !isBase(d)));
    const sig = (d: Diagnostic): string => `${d.code}|${d.message}`;
    // The same error for every value (an unknown param) is the axis's fault: report it once, at its name.
    const everywhere = new Set(found[0]?.map(sig).filter((k) => found.every((ds) => ds.some((d) => sig(d) === k))));
    found.forEach((ds, i) => {
      for (const d of ds) {
        const all = everywhere.has(sig(d));
        if (all && i > 0) continue;
        if (!axis.at) add(d);
        else {
          const path = all ? axis.at : [...axis.at, i];
          add({ ...d, path, ...locate(pd, path, all ? 'key' : 'value'), message: `sweep.grid ${axis.name}${all ? '' : `[${i}]`}: ${d.message}` });
        }
      }
    });
  }
  if (errors.length) return { grid, seeds, diagnostics: sortByPosition([...errors, ...first.diagnostics]) };

  const variants: SweepVariant[] = [];
  for (const combo of combinations(grid)) {
    const extra = grid.map((axis, i) => axisOverride(axis, combo[i]));
    const result = combo.length ? await validate(extra) : first;
    // Values valid alone may still clash together (rare): report where the validator puts it.
    if (!result.pipeline) {
      result.diagnostics.filter((d) => d.severity === 'error').forEach(add);
      continue;
    }
    for (const seed of seeds) {
      variants.push({
        index: variants.length,
        params: Object.fromEntries(grid.map((axis, i) => [axis.name, combo[i]])),
        seed,
        overrides: [...base.map((o) => o.raw), ...extra.map((o) => o.raw)],
        pipeline: { ...result.pipeline, seed, document: { ...result.pipeline.document, seed } },
      });
    }
  }
  if (errors.length) return { grid, seeds, diagnostics: sortByPosition([...errors, ...first.diagnostics]) };
  return { grid, seeds, variants, diagnostics: first.diagnostics };
}

const sortByPosition = (ds: Diagnostic[]): Diagnostic[] =>
  ds.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.col ?? 0) - (b.col ?? 0));
