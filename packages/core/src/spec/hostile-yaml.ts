/**
 * Limits that keep a hostile pipeline file from exhausting time, memory or the stack: a size cap,
 * a nesting cap, and a cap on alias expansion (billion laughs). Each is refused with its own code.
 */
import { isAlias, isCollection, isPair, isSeq, type Document, type LineCounter, type Node, type YAMLError } from 'yaml';
import { messages } from '../errors/codes.js';
import type { Diagnostic } from '../errors/seqpipe-error.js';

/** A pipeline is a few kilobytes; a megabyte is data that belongs in a source file. */
export const MAX_PIPELINE_BYTES = 1024 * 1024;
/** `stages.x.with.layers[0].cell` is 5 levels; 64 leaves room for any plugin's params. */
export const MAX_NESTING = 64;
/** yaml's own default: aliases may expand to at most this many nodes in all. */
export const MAX_ALIAS_COUNT = 100;

type Located = Diagnostic & { line: number; col: number };

const diag = (file: string, code: string, message: string, pos: { line: number; col: number }): Located => ({
  code, message, severity: 'error', file, line: pos.line, col: pos.col,
});

export const hostileDiagnostics = {
  /**
   * Size, then nesting by linear scans of brackets and indentation: the parser is slow on deep
   * brackets and recurses on deep blocks. The exact check on the parsed document follows.
   */
  beforeParse(source: string, file: string): Located[] {
    const bytes = Buffer.byteLength(source, 'utf8');
    if (bytes > MAX_PIPELINE_BYTES) {
      return [diag(file, 'E_PIPELINE_TOO_LARGE', messages.E_PIPELINE_TOO_LARGE(bytes, MAX_PIPELINE_BYTES), { line: 1, col: 1 })];
    }
    const deep = tooDeepBracket(source, MAX_NESTING) ?? tooDeepIndent(source, MAX_NESTING);
    if (deep === undefined) return [];
    // Counted by hand: the parser, which feeds the LineCounter, has not run.
    const before = source.slice(0, deep);
    const line = (before.match(/\n/g)?.length ?? 0) + 1;
    return [diag(file, 'E_YAML_TOO_DEEP', messages.E_YAML_TOO_DEEP(MAX_NESTING), { line, col: deep - before.lastIndexOf('\n') })];
  },

  /** Exact nesting depth (block collections too) and alias expansion, on the parsed document. */
  afterParse(pd: { file: string; doc: Document.Parsed; lines: LineCounter }): Located[] {
    const pos = (node: Node): { line: number; col: number } => pd.lines.linePos(node.range?.[0] ?? 0);
    const stack: { node: unknown; depth: number }[] = [{ node: pd.doc.contents, depth: 0 }];
    let firstAlias: Node | undefined;
    while (stack.length) {
      const { node, depth } = stack.pop()!;
      // The first alias in the file, for the position of an alias-bomb error.
      if (isAlias(node) && (!firstAlias || (node.range?.[0] ?? 0) < (firstAlias.range?.[0] ?? 0))) firstAlias = node;
      if (!isCollection(node)) continue;
      if (depth >= MAX_NESTING) return [diag(pd.file, 'E_YAML_TOO_DEEP', messages.E_YAML_TOO_DEEP(MAX_NESTING), pos(node))];
      for (const item of node.items as unknown[]) {
        if (isPair(item)) {
          stack.push({ node: item.key, depth: depth + 1 }, { node: item.value, depth: depth + 1 });
        } else stack.push({ node: item, depth: depth + 1 });
      }
    }
    if (!firstAlias) return [];
    try {
      pd.doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
      return [];
    } catch {
      // yaml throws a ReferenceError once expansion passes the cap, before allocating it all.
      return [diag(pd.file, 'E_YAML_ALIASES', messages.E_YAML_ALIASES(MAX_ALIAS_COUNT), pos(firstAlias))];
    }
  },

  tooDeep(file: string): Diagnostic {
    return { code: 'E_YAML_TOO_DEEP', message: messages.E_YAML_TOO_DEEP(MAX_NESTING), severity: 'error', file };
  },
};

/**
 * yaml reports an unclosed `[` or `{` where it gave up (often lines below). Returns, per such
 * error, the offset of the opening bracket of the flow collection it left open.
 */
export function relocateUnclosedFlow(doc: Document.Parsed): Map<YAMLError, number> {
  const found = new Map<YAMLError, number>();
  const unclosed = doc.errors.filter((e) => /^Flow (sequence|map)\b.*end with a [\]}]/.test(e.message));
  if (!unclosed.length) return found;
  const flows: Node[] = [];
  const stack: unknown[] = [doc.contents];
  while (stack.length) {
    const node = stack.pop();
    if (!isCollection(node)) continue;
    if (node.flow && node.range) flows.push(node);
    for (const item of node.items as unknown[]) stack.push(...(isPair(item) ? [item.key, item.value] : [item]));
  }
  const used = new Set<Node>();
  for (const e of unclosed) {
    const wantSeq = e.message.startsWith('Flow sequence');
    const at = e.pos[0];
    // The collection yaml closed at the error: same kind, ends there; the innermost first.
    const candidates = flows
      .filter((n) => isSeq(n) === wantSeq && !used.has(n) && n.range![0] < at && n.range![1] <= at + 1)
      .sort((a, b) => b.range![1] - a.range![1] || b.range![0] - a.range![0]);
    const node = candidates[0];
    if (!node) continue;
    used.add(node);
    found.set(e, node.range![0]);
  }
  return found;
}

/** Offset of the first `[` or `{` nested deeper than `limit`, skipping comments and quoted text. */
function tooDeepBracket(source: string, limit: number): number | undefined {
  let depth = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    const prev = i === 0 ? '\n' : source[i - 1]!;
    const tokenStart = /[\s[{,:]/.test(prev);
    if (c === '#' && /\s/.test(prev)) {
      while (i < source.length && source[i] !== '\n') i++;
    } else if ((c === '"' || c === "'") && tokenStart) {
      for (i++; i < source.length; i++) {
        if (c === '"' && source[i] === '\\') i++;
        else if (source[i] === c) {
          if (c === "'" && source[i + 1] === "'") i++;
          else break;
        }
      }
    } else if (c === '[' || c === '{') {
      if (++depth > limit) return i;
    } else if (c === ']' || c === '}') {
      depth = Math.max(0, depth - 1);
    }
  }
  return undefined;
}

/**
 * Offset of the first line indented more than `limit` levels deep (levels counted like Python's
 * INDENT tokens, each `- ` of a compact sequence counting as one), or undefined.
 */
function tooDeepIndent(source: string, limit: number): number | undefined {
  const stack: number[] = [0];
  let offset = 0;
  for (const line of source.split('\n')) {
    const m = /^( *)((?:- +)*)(.?)/.exec(line)!;
    const indent = m[1]!.length;
    if (m[3] && m[3] !== '#') {
      while (stack.length > 1 && indent < stack[stack.length - 1]!) stack.pop();
      if (indent > stack[stack.length - 1]!) stack.push(indent);
      const dashes = m[2] ? m[2].split('-').length - 1 : 0;
      if (stack.length - 1 + dashes > limit) return offset + indent;
    }
    offset += line.length + 1;
  }
  return undefined;
}
