/** `--set STAGE.PARAM=VALUE`: applied to the parsed document before validation. */
import { isMap, isSeq, parse } from 'yaml';
import { messages } from '../errors/codes.js';
import { SeqpipeError } from '../errors/seqpipe-error.js';
import type { PipelineDocument } from './pipeline-document.js';

export interface Override {
  readonly stage: string;
  /** Path inside the stage's `with`, e.g. ['layers', 0, 'cell']. */
  readonly path: readonly (string | number)[];
  readonly value: unknown;
  readonly raw: string;
}

/** Parses `stage.param.sub=value`; the value is read as YAML (numbers, booleans, lists). */
export function parseOverride(arg: string): Override {
  const eq = arg.indexOf('=');
  if (eq < 0) throw new SeqpipeError('E_BAD_SET', messages.E_BAD_SET(arg, 'expected STAGE.PARAM=VALUE'));
  const [stage, ...path] = arg.slice(0, eq).split('.');
  if (!stage || path.length === 0 || path.some((p) => p === '')) {
    throw new SeqpipeError('E_BAD_SET', messages.E_BAD_SET(arg, 'expected STAGE.PARAM=VALUE, e.g. train.epochs=5'));
  }
  let value: unknown;
  try {
    value = parse(arg.slice(eq + 1));
  } catch (cause) {
    throw new SeqpipeError('E_BAD_SET', messages.E_BAD_SET(arg, 'the value is not valid YAML'), { cause });
  }
  return { stage, path: path.map((p) => (/^\d+$/.test(p) ? Number(p) : p)), value: value ?? null, raw: arg };
}

export function applyOverrides(pd: PipelineDocument, overrides: readonly Override[]): void {
  for (const o of overrides) {
    if (!pd.doc.hasIn(['stages', o.stage])) {
      throw new SeqpipeError('E_BAD_SET', messages.E_BAD_SET(o.raw, `no stage "${o.stage}" in ${pd.file}`));
    }
    checkIndices(pd, o);
    try {
      pd.doc.setIn(['stages', o.stage, 'with', ...o.path], pd.doc.createNode(o.value));
    } catch (cause) {
      // yaml refuses to descend into a scalar (e.g. train.epochs.x when epochs is a number).
      const detail = `cannot set it: a value on the way to "${o.path.join('.')}" is not a mapping or list in ${pd.file}`;
      throw new SeqpipeError('E_BAD_SET', messages.E_BAD_SET(o.raw, detail), { cause });
    }
  }
}

/**
 * A list index may change an item or append one (index = length), never leave a gap: yaml would
 * fill it, so `layers.1000000` built a million-item list before overflowing the stack. A list the
 * override creates starts at 0.
 */
function checkIndices(pd: PipelineDocument, o: Override): void {
  o.path.forEach((key, i) => {
    if (typeof key !== 'number') return;
    const at = ['stages', o.stage, 'with', ...o.path.slice(0, i)];
    const parent = pd.doc.getIn(at, true);
    if (isMap(parent)) return; // a numeric key of a mapping, not an index
    const length = isSeq(parent) ? parent.items.length : 0;
    if (key <= length) return;
    const where = i === 0 ? 'the stage\'s with' : `"${o.path.slice(0, i).join('.')}"`;
    const detail = isSeq(parent)
      ? `index ${key} is past the end of ${where}, a list of ${length}; give ${length > 1 ? `0–${length - 1}` : '0'} to change ${length > 1 ? 'an item' : 'it'} or ${length} to append one`
      : `index ${key} of ${where}, which does not exist yet; a new list starts at index 0`;
    throw new SeqpipeError('E_BAD_SET', messages.E_BAD_SET(o.raw, detail));
  });
}
