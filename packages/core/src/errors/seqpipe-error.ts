import type { ErrorCode } from './codes.js';

/** Where a problem is: a position in a pipeline file, and/or a stage and a path in it. */
export interface Location {
  readonly file?: string;
  readonly line?: number;
  readonly col?: number;
  readonly stage?: string;
  /** JSON path inside the pipeline, e.g. ['stages', 'split', 'with', 'train']. */
  readonly path?: readonly (string | number)[];
}

export interface Diagnostic extends Location {
  readonly code: ErrorCode | string;
  readonly message: string;
  readonly severity: 'error' | 'warning';
}

/** Marks every SeqpipeError, whichever copy of this module made it (see hasInstance below). */
const BRAND = Symbol.for('seqpipe.SeqpipeError');

/** The one error type: a stable code, a message that says what to do, and a location. */
export class SeqpipeError extends Error implements Location {
  /**
   * `instanceof` by brand, not by prototype: the CLI runs as one bundled file, while a plugin that
   * imports @seqpipe/core gets the package's own module, so their classes are different objects.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
  }

  readonly code: ErrorCode | string;
  readonly file?: string;
  readonly line?: number;
  readonly col?: number;
  readonly stage?: string;
  readonly path?: readonly (string | number)[];
  /** All problems found, for an invalid pipeline (validation reports them at once). */
  readonly diagnostics: readonly Diagnostic[];
  /** 2 for an invalid pipeline or usage, 1 for a failure while running. */
  readonly exitCode: 1 | 2;

  constructor(
    code: ErrorCode | string,
    message: string,
    options: Location & { cause?: unknown; diagnostics?: readonly Diagnostic[]; exitCode?: 1 | 2 } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'SeqpipeError';
    this.code = code;
    this.file = options.file;
    this.line = options.line;
    this.col = options.col;
    this.stage = options.stage;
    this.path = options.path;
    this.diagnostics = options.diagnostics ?? [];
    this.exitCode = options.exitCode ?? 2;
    Object.defineProperty(this, BRAND, { value: true });
  }
}

/** `file:line:col: CODE message` (the location parts that are known). */
export function formatDiagnostic(d: Diagnostic | SeqpipeError): string {
  const where = [d.file, d.line, d.col].filter((p) => p !== undefined).join(':');
  const stage = d.stage && !d.message.includes(`stage "${d.stage}"`) ? ` [stage ${d.stage}]` : '';
  return `${where ? `${where}: ` : ''}${d.code}${stage} ${d.message}`;
}

export function isSeqpipeError(e: unknown): e is SeqpipeError {
  return e instanceof SeqpipeError;
}
