/** Turns ajv errors into located, coded diagnostics. */
import type { ErrorObject } from 'ajv';
import { messages } from '../errors/codes.js';
import type { Diagnostic } from '../errors/seqpipe-error.js';
import { suggest } from '../errors/suggest.js';
import { locate, type JsonPath, type PipelineDocument } from './pipeline-document.js';

/** `base` is where the validated value sits in the file (e.g. ['stages', 'x', 'with']). */
export function ajvDiagnostics(
  pd: PipelineDocument, errors: readonly ErrorObject[], base: JsonPath, stage?: string,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  const explained = anyOfExplained(errors);
  for (const e of errors) {
    if (explained.has(e)) continue;
    // oneOf reports each branch's failure and then itself; the summary alone is clearer.
    if (e.schemaPath.includes('/oneOf/')) continue;
    // Stage ids are checked by the validator itself, with a clearer message.
    if (e.keyword === 'propertyNames' || 'propertyName' in e) continue;
    const path = [...base, ...pointerToPath(e.instancePath)];
    const d = diagnose(pd, e, path);
    const id = `${d.code}:${d.line}:${d.col}:${d.message}`;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push({ ...d, file: pd.file, severity: 'error', ...(stage ? { stage } : {}) });
  }
  return out;
}

/**
 * anyOf (a list or a range): a branch of another type than the value is not what the user meant,
 * so its `type` failure is dropped; when a branch of the value's type failed for a reason of its
 * own (a repeated seed), that reason is reported and the anyOf summary is dropped.
 */
function anyOfExplained(errors: readonly ErrorObject[]): Set<ErrorObject> {
  const drop = new Set<ErrorObject>();
  for (const summary of errors.filter((e) => e.keyword === 'anyOf')) {
    const branch = new RegExp(`^${summary.schemaPath.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/\\d+/`);
    const branches = errors.filter((e) => branch.test(e.schemaPath));
    const wrongType = branches.filter((e) => e.keyword === 'type' && e.instancePath === summary.instancePath && e.schemaPath.split('/').length === summary.schemaPath.split('/').length + 2);
    for (const e of wrongType) drop.add(e);
    if (branches.length > wrongType.length) drop.add(summary);
  }
  return drop;
}

function diagnose(pd: PipelineDocument, e: ErrorObject, path: JsonPath): Omit<Diagnostic, 'severity'> {
  const where = path.join('.');
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = String(e.params.additionalProperty);
      const valid = Object.keys((e.parentSchema?.properties as object | undefined) ?? {});
      return { code: 'E_UNKNOWN_KEY', message: messages.E_UNKNOWN_KEY(key, valid, suggest(key, valid)), path: [...path, key], ...locate(pd, [...path, key], 'key') };
    }
    case 'required': {
      const key = String(e.params.missingProperty);
      return { code: 'E_MISSING_KEY', message: messages.E_MISSING_KEY(key, where || 'the pipeline'), path, ...locate(pd, path, 'key') };
    }
    case 'anyOf': {
      // Every branch failed on its type (the others are dropped, see anyOfExplained): name the types.
      const types = ((e.parentSchema?.anyOf as { type?: unknown }[] | undefined) ?? []).map((b) => b.type).filter((t) => typeof t === 'string');
      if (types.length === 0) break;
      return { code: 'E_INVALID_VALUE', message: messages.E_INVALID_VALUE(where, `must be ${types.join(' or ')}${got(e)}`), path, ...locate(pd, path) };
    }
    case 'enum': {
      const allowed = (e.params.allowedValues as unknown[]).map((v) => JSON.stringify(v));
      const got = JSON.stringify(e.data);
      return {
        code: 'E_INVALID_VALUE',
        message: messages.E_INVALID_VALUE(where, `${got} is not one of ${allowed.join(', ')}${hint(String(e.data), e.params.allowedValues as unknown[])}`),
        path, ...locate(pd, path),
      };
    }
  }
  return { code: 'E_INVALID_VALUE', message: messages.E_INVALID_VALUE(where, `${e.message ?? 'is invalid'}${got(e)}`), path, ...locate(pd, path) };
}

function hint(value: string, allowed: unknown[]): string {
  const s = suggest(value, allowed.map(String));
  return s ? ` — did you mean "${s}"?` : '';
}

function got(e: ErrorObject): string {
  return e.data === undefined || typeof e.data === 'object' ? '' : ` (got ${JSON.stringify(e.data)})`;
}

function pointerToPath(pointer: string): (string | number)[] {
  if (!pointer) return [];
  return pointer.slice(1).split('/').map((p) => {
    const s = p.replace(/~1/g, '/').replace(/~0/g, '~');
    return /^\d+$/.test(s) ? Number(s) : s;
  });
}
