/** A parsed pipeline file that remembers where every node came from. */
import { open } from 'node:fs/promises';
import { isMap, isPair, isScalar, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { messages } from '../errors/codes.js';
import { SeqpipeError, type Diagnostic } from '../errors/seqpipe-error.js';
import { hostileDiagnostics, MAX_PIPELINE_BYTES, relocateUnclosedFlow } from './hostile-yaml.js';

export type JsonPath = readonly (string | number)[];

export interface PipelineDocument {
  readonly file: string;
  readonly source: string;
  readonly doc: Document.Parsed;
  readonly lines: LineCounter;
}

export type ParsedPipeline = PipelineDocument & { readonly diagnostics: Diagnostic[] };

export async function readPipelineFile(file: string): Promise<ParsedPipeline> {
  let source: string;
  try {
    // The size is checked before reading, so a huge file never enters memory.
    const handle = await open(file, 'r');
    try {
      const { size } = await handle.stat();
      if (size > MAX_PIPELINE_BYTES) {
        throw new SeqpipeError('E_PIPELINE_TOO_LARGE', messages.E_PIPELINE_TOO_LARGE(size, MAX_PIPELINE_BYTES), { file, line: 1, col: 1 });
      }
      source = await handle.readFile('utf8');
    } finally {
      await handle.close();
    }
  } catch (cause) {
    if (cause instanceof SeqpipeError) throw cause;
    if ((cause as NodeJS.ErrnoException).code === 'EISDIR') throw new SeqpipeError('E_IS_DIRECTORY', messages.E_IS_DIRECTORY(file), { file, cause });
    throw new SeqpipeError('E_FILE_NOT_FOUND', messages.E_FILE_NOT_FOUND(file), { file, cause });
  }
  return parsePipelineSource(source, file);
}

/** Parses YAML; syntax errors (and duplicate keys) are returned as diagnostics, not thrown. */
export function parsePipelineSource(source: string, file: string): ParsedPipeline {
  const lines = new LineCounter();
  // Too large or too deeply nested sources are refused before the parser sees them (bounded time).
  const refused = hostileDiagnostics.beforeParse(source, file);
  const doc = parseDocument(refused.length ? '' : source, { lineCounter: lines, uniqueKeys: false, prettyErrors: false });
  if (refused.length) return { file, source, doc, lines, diagnostics: refused };
  // Duplicate keys are found by duplicateKeys() below, so they get their own codes and positions.
  const unclosed = relocateUnclosedFlow(doc);
  const diagnostics: Diagnostic[] = doc.errors.map((e) => {
    const at = unclosed.get(e);
    const pos = at === undefined ? (e.linePos?.[0] ?? lines.linePos(e.pos[0])) : lines.linePos(at);
    const text = at === undefined
      ? e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')
      : unclosedText(e.message);
    if (/Maximum call stack/.test(text)) {
      return { ...hostileDiagnostics.tooDeep(file), line: pos.line, col: pos.col };
    }
    return { code: 'E_YAML_SYNTAX', severity: 'error', file, line: pos.line, col: pos.col, message: messages.E_YAML_SYNTAX(text) };
  });
  const parsed = { file, source, doc, lines };
  if (diagnostics.length === 0) diagnostics.push(...hostileDiagnostics.afterParse(parsed));
  if (diagnostics.length === 0) diagnostics.push(...duplicateKeys(parsed));
  return { ...parsed, diagnostics };
}

/** yaml's "Flow sequence … must … end with a ]", said at the opening bracket. */
function unclosedText(message: string): string {
  const [open, close] = message.startsWith('Flow sequence') ? ['[', ']'] : ['{', '}'];
  return `this "${open}" is never closed; add "${close}" (a flow collection that spans lines must be indented deeper than its key)`;
}

/** Every repeated key in any mapping; under `stages` it is a duplicate stage id. */
function duplicateKeys(pd: PipelineDocument): Diagnostic[] {
  const found: Diagnostic[] = [];
  const walk = (node: unknown, path: JsonPath): void => {
    if (!isMap(node)) {
      if (node && typeof node === 'object' && 'items' in node) {
        (node.items as unknown[]).forEach((item, i) => walk(item, [...path, i]));
      }
      return;
    }
    const seen = new Set<string>();
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      if (seen.has(key)) {
        const underStages = path.length === 1 && path[0] === 'stages';
        found.push({
          ...positionOf(pd, pair.key as Node),
          file: pd.file, severity: 'error', path: [...path, key],
          ...(underStages
            ? { code: 'E_DUPLICATE_STAGE', message: messages.E_DUPLICATE_STAGE(key), stage: key }
            : { code: 'E_DUPLICATE_KEY', message: messages.E_DUPLICATE_KEY(key) }),
        });
      }
      seen.add(key);
      walk(pair.value, [...path, key]);
    }
  };
  walk(pd.doc.contents, []);
  return found;
}

function positionOf(pd: PipelineDocument, node: Node | null | undefined): { line?: number; col?: number } {
  if (!node?.range) return {};
  const { line, col } = pd.lines.linePos(node.range[0]);
  return { line, col };
}

/**
 * The position of the node at `path`, or of the key that names it (`at: 'key'`). Paths that do
 * not exist in the file (defaults, --set values) fall back to the nearest ancestor that does.
 */
export function locate(pd: PipelineDocument, path: JsonPath, at: 'value' | 'key' = 'value'): { line?: number; col?: number } {
  for (let n = path.length; n >= 0; n--) {
    const prefix = path.slice(0, n);
    if (at === 'key' && n === path.length && n > 0) {
      const parent = pd.doc.getIn(prefix.slice(0, -1), true);
      if (isMap(parent)) {
        const pair = parent.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(prefix[n - 1]));
        if (pair?.key && (pair.key as Node).range) return positionOf(pd, pair.key as Node);
      }
    }
    const node = prefix.length === 0 ? pd.doc.contents : pd.doc.getIn(prefix, true);
    if (node && typeof node === 'object' && 'range' in node && (node as Node).range) return positionOf(pd, node as Node);
  }
  return { line: 1, col: 1 };
}
