/**
 * parse → outer schema → each plugin's `with` schema (defaults filled) → references, ports and
 * cycles → each stage's static `check`, then its I/O `inspect` (a source's file and columns), in
 * dependency order. Every problem is collected, so a
 * user sees all of them at once; later phases only skip what earlier errors make meaningless.
 */
import { dirname, resolve } from 'node:path';
import { portKind, portList, portOptional, type StaticFacts } from '../contract.js';
import { messages } from '../errors/codes.js';
import type { Diagnostic } from '../errors/seqpipe-error.js';
import { suggest } from '../errors/suggest.js';
import type { JsonObject } from '../json.js';
import { expandFanOut } from '../plan/fan-out.js';
import { resolveFitExtents, type PlanStage } from '../plan/fit-extent.js';
import { findCycle, waves } from '../plan/graph.js';
import { listPortName } from '../plan/list-ports.js';
import { expandSeedReplicas } from '../plan/seed-replicas.js';
import type { PluginRegistry } from '../plugins/plugin-registry.js';
import { paramsValidator, validateOuter } from './ajv.js';
import { ajvDiagnostics } from './ajv-diagnostics.js';
import { MAX_ALIAS_COUNT } from './hostile-yaml.js';
import { locate, type JsonPath, type PipelineDocument } from './pipeline-document.js';
import { STAGE_ID_MAX, STAGE_ID_PATTERN } from './pipeline-schema.js';
import type { ResolvedPipeline, ResolvedStage } from './resolved-pipeline.js';

export interface ValidationResult {
  /** Present when there are no errors. */
  readonly pipeline?: ResolvedPipeline;
  /** Errors and warnings, in file order. */
  readonly diagnostics: readonly Diagnostic[];
}

type Draft = PlanStage;

export async function validatePipeline(
  pd: PipelineDocument & { diagnostics?: readonly Diagnostic[] },
  registry: PluginRegistry,
  options: { seed?: number } = {},
): Promise<ValidationResult> {
  const out: Diagnostic[] = [...(pd.diagnostics ?? [])];
  if (out.some((d) => d.severity === 'error')) return done(out);
  const at = (path: JsonPath, code: string, message: string, extra: Partial<Diagnostic> = {}, where: 'key' | 'value' = 'value'): void => {
    out.push({ code, message, severity: 'error', file: pd.file, path, ...locate(pd, path, where), ...extra });
  };

  let data: unknown;
  try {
    data = pd.doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch {
    // Only alias expansion throws here (--set values can bring aliases the file check never saw).
    at([], 'E_YAML_ALIASES', messages.E_YAML_ALIASES(MAX_ALIAS_COUNT));
    return done(out);
  }
  if (!isObject(data)) {
    at([], 'E_NOT_A_MAPPING', messages.E_NOT_A_MAPPING('a pipeline file'));
    return done(out);
  }
  const outer = validateOuter();
  if (!outer(data)) out.push(...ajvDiagnostics(pd, outer.errors ?? [], []));
  const stagesIn = isObject(data.stages) ? data.stages : {};

  // Plugins and their parameters.
  const drafts = new Map<string, Draft>();
  for (const [id, raw] of Object.entries(stagesIn)) {
    if (!new RegExp(STAGE_ID_PATTERN).test(id) || id.length > STAGE_ID_MAX) at(['stages', id], 'E_INVALID_STAGE_ID', messages.E_INVALID_STAGE_ID(id), { stage: id }, 'key');
    if (!isObject(raw) || typeof raw.uses !== 'string') continue;
    const definition = registry.stage(raw.uses);
    if (!definition) {
      const known = registry.allStages().map((s) => s.uses);
      at(['stages', id, 'uses'], 'E_UNKNOWN_PLUGIN', messages.E_UNKNOWN_PLUGIN(raw.uses, suggest(raw.uses, known)), { stage: id });
      continue;
    }
    const params = structuredClone(isObject(raw.with) ? raw.with : {}) as JsonObject;
    const validate = paramsValidator(definition);
    if (!validate(params)) out.push(...ajvDiagnostics(pd, validate.errors ?? [], ['stages', id, 'with'], id));
    drafts.set(id, { id, definition, params, inputs: {} });
  }

  // Inputs: references, ports, kinds.
  for (const draft of drafts.values()) {
    const from = (stagesIn[draft.id] as JsonObject).from;
    const ports = Object.keys(draft.definition.inputs);
    const required = ports.filter((p) => !portOptional(draft.definition.inputs[p]!));
    // A bare `from: stage` binds the only port, or else the only required one.
    const single = ports.length === 1 ? ports[0] : required.length === 1 ? required[0] : undefined;
    const base: JsonPath = ['stages', draft.id, 'from'];
    const bind = (port: string, ref: unknown, path: JsonPath, item?: number): void => {
      if (typeof ref !== 'string') return; // the outer schema reported it
      if (!ports.includes(port)) {
        return at(path, 'E_UNKNOWN_PORT', messages.E_UNKNOWN_PORT(port, draft.definition.uses, ports), { stage: draft.id }, 'key');
      }
      if (!(ref in stagesIn)) {
        return at(path, 'E_UNKNOWN_STAGE_REF', messages.E_UNKNOWN_STAGE_REF(ref, suggest(ref, Object.keys(stagesIn))), { stage: draft.id });
      }
      // A list port keys each item as `port[i]` (plan/list-ports.ts); a single name is a list of one.
      const list = portList(draft.definition.inputs[port]!);
      draft.inputs[list ? listPortName(port, item ?? 0) : port] = ref;
      const upstream = drafts.get(ref)?.definition;
      const expected = portKind(draft.definition.inputs[port]!);
      if (upstream && upstream.output !== expected) {
        at(path, 'E_PORT_TYPE', messages.E_PORT_TYPE(port, expected, ref, upstream.output), { stage: draft.id });
      }
    };
    const bindList = (port: string, refs: unknown[], path: JsonPath): void => {
      if (ports.includes(port) && !portList(draft.definition.inputs[port]!)) {
        return at(path, 'E_NOT_A_LIST', messages.E_NOT_A_LIST(port, draft.definition.uses), { stage: draft.id });
      }
      if (refs.length === 0) return at(path, 'E_EMPTY_INPUT_LIST', messages.E_EMPTY_INPUT_LIST(port), { stage: draft.id });
      refs.forEach((ref, i) => {
        if (typeof ref === 'string' && refs.indexOf(ref) < i) {
          return at([...path, i], 'E_DUPLICATE_INPUT', messages.E_DUPLICATE_INPUT(port, ref), { stage: draft.id });
        }
        bind(port, ref, [...path, i], i);
      });
    };
    if (typeof from === 'string') {
      if (single) bind(single, from, base);
      else if (ports.length === 0) at(base, 'E_UNKNOWN_PORT', messages.E_UNKNOWN_PORT(from, draft.definition.uses, ports), { stage: draft.id }, 'key');
      else at(base, 'E_AMBIGUOUS_INPUT', messages.E_AMBIGUOUS_INPUT(draft.definition.uses, ports), { stage: draft.id });
    } else if (Array.isArray(from)) {
      if (single) bindList(single, from, base);
      else if (ports.length === 0) at(base, 'E_UNKNOWN_PORT', messages.E_UNKNOWN_PORT(String(from[0]), draft.definition.uses, ports), { stage: draft.id }, 'key');
      else at(base, 'E_AMBIGUOUS_INPUT', messages.E_AMBIGUOUS_INPUT(draft.definition.uses, ports), { stage: draft.id });
    } else if (isObject(from)) {
      for (const [port, ref] of Object.entries(from)) {
        if (Array.isArray(ref)) bindList(port, ref, [...base, port]);
        else bind(port, ref, [...base, port]);
      }
    }
    // Ports that `from` names (rightly or not) were reported above; an unknown port is likely a
    // typo for the missing one, so it is not reported twice.
    const named = typeof from === 'string' || Array.isArray(from) ? (single ? [single] : []) : isObject(from) ? Object.keys(from) : [];
    const typo = named.some((p) => !ports.includes(p));
    const unnamed = (typeof from === 'string' || Array.isArray(from)) && !single;
    for (const port of required) {
      if (!named.includes(port) && !typo && !unnamed) {
        const path: JsonPath = from === undefined ? ['stages', draft.id] : base;
        at(path, 'E_MISSING_INPUT', messages.E_MISSING_INPUT(port, draft.definition.uses, portKind(draft.definition.inputs[port]!)), { stage: draft.id }, from === undefined ? 'key' : 'value');
      }
    }
  }

  const ids = [...drafts.keys()];
  const deps = new Map(ids.map((id) => [id, Object.values(drafts.get(id)!.inputs)]));
  const cycle = findCycle(ids, deps);
  if (cycle) at(['stages', cycle[0]!, 'from'], 'E_CYCLE', messages.E_CYCLE(cycle), { stage: cycle[0]! });
  if (out.some((d) => d.severity === 'error')) return done(out);

  // Backtest folds become ordinary stages; then scalers learn which rows train (see plan/).
  const expanded = expandFanOut(drafts);
  if (expanded.extra) {
    at(['stages', expanded.extra, 'uses'], 'E_FAN_OUT_TWICE', messages.E_FAN_OUT_TWICE(expanded.fanning!, expanded.extra), { stage: expanded.extra });
    return done(out);
  }
  // Seed replicas (an ensemble's `seeds`): copies of its members' seeded chains, one per seed.
  const replicated = expandSeedReplicas(expanded.stages);
  const reported = new Set<string>();
  for (const issue of replicated.issues) {
    // Folds share their stage's position and members: report each once, by the ids in the file.
    const where = fileId(expanded.stages, issue.stage);
    const member = fileId(expanded.stages, issue.member);
    if (reported.has(`${where} ${member}`)) continue;
    reported.add(`${where} ${member}`);
    at(['stages', where, 'with', issue.param], 'E_SEEDS_NOT_RANDOM', messages.E_SEEDS_NOT_RANDOM(member), { stage: where });
  }
  if (out.some((d) => d.severity === 'error')) return done(out);
  const plan = replicated.stages;
  resolveFitExtents(plan);
  const planIds = [...plan.keys()];
  const planDeps = new Map(planIds.map((id) => [id, Object.values(plan.get(id)!.inputs)]));

  // Static checks in dependency order, with facts flowing downstream.
  const order = waves(planIds, planDeps);
  const seen = new Set<string>();
  const facts = new Map<string, StaticFacts>();
  const resolved: ResolvedStage[] = [];
  const pipelineDir = dirname(resolve(pd.file));
  for (const id of order.flat()) {
    const d = plan.get(id)!;
    const at0 = d.base ?? id;
    const inputFacts = Object.fromEntries(Object.entries(d.inputs).map(([port, ref]) => [port, facts.get(ref) ?? {}]));
    const checked = d.definition.check?.(d.params, inputFacts) ?? {};
    const checkFailed = (checked.issues ?? []).some((i) => (i.severity ?? 'error') === 'error');
    // I/O checks only when the pure ones passed: no point opening a file named by a bad param.
    const inspected = !checkFailed && d.definition.inspect ? await d.definition.inspect(d.params, { pipelineDir }) : {};
    const result = { facts: { ...checked.facts, ...inspected.facts }, issues: [...(checked.issues ?? []), ...(inspected.issues ?? [])] };
    let failed = false;
    for (const issue of result.issues) {
      failed ||= (issue.severity ?? 'error') === 'error';
      const path: JsonPath = ['stages', at0, 'with', ...(issue.path ?? [])];
      // Folds share their stage's position: report an identical issue once.
      const once = `${issue.code} ${path.join('.')} ${issue.message}`;
      if (seen.has(once)) continue;
      seen.add(once);
      out.push({ code: issue.code, message: issue.message, severity: issue.severity ?? 'error', file: pd.file, stage: id, path, ...locate(pd, path, issue.at ?? 'value') });
    }
    // A stage whose check failed passes on no facts, so its errors don't cascade downstream.
    facts.set(id, failed ? {} : (result.facts ?? {}));
    resolved.push({
      id, uses: d.definition.uses, definition: d.definition, params: d.params, inputs: d.inputs, facts: result.facts ?? {},
      ...(d.base ? { base: d.base } : {}),
      ...(d.seed === undefined ? {} : { seed: d.seed }),
      ...locate(pd, ['stages', at0], 'key'),
    });
  }
  if (out.some((d) => d.severity === 'error')) return done(out);

  const seed = options.seed ?? (typeof data.seed === 'number' ? data.seed : 0);
  const document: JsonObject = {
    ...(data as JsonObject),
    seed,
    stages: Object.fromEntries(resolved.map((s) => [s.id, {
      ...(stagesIn[s.base ?? s.id] as JsonObject), uses: s.uses, with: s.params,
      ...(s.base ? { from: { ...s.inputs }, ...(s.seed === undefined ? { fold: true } : { seed: s.seed }) } : {}),
    }])),
  };
  return done(out, { name: String(data.name), file: pd.file, dir: pipelineDir, seed, stages: resolved, waves: order, document });
}

/** The stage id in the file for a plan stage (a fold clone's base). */
function fileId(stages: ReadonlyMap<string, { readonly base?: string }>, id: string): string {
  return stages.get(id)?.base ?? id;
}

function done(diagnostics: Diagnostic[], pipeline?: ResolvedPipeline): ValidationResult {
  const sorted = [...diagnostics].sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.col ?? 0) - (b.col ?? 0));
  return pipeline ? { pipeline, diagnostics: sorted } : { diagnostics: sorted };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
