import type { Seqpipe } from '../seqpipe.js';

/** Parsed flags shared by every command; each command reads what it needs. */
export interface CommandArgs {
  readonly positionals: readonly string[];
  readonly values: {
    readonly set?: string[];
    readonly seed?: string;
    readonly 'no-cache'?: boolean;
    readonly 'state-dir'?: string;
    readonly json?: boolean;
    readonly format?: string;
    readonly write?: string;
    readonly check?: string;
    readonly grid?: string[];
    readonly metric?: string[];
    readonly seeds?: string;
    readonly jobs?: string;
    readonly sweep?: string;
    readonly name?: string;
    readonly run?: string;
    readonly input?: string;
    readonly steps?: string;
    readonly series?: string;
    readonly out?: string;
    readonly tag?: string[];
    readonly pipeline?: string;
    readonly all?: boolean;
    readonly 'keep-days'?: string;
    readonly 'dry-run'?: boolean;
    readonly report?: string;
    readonly 'max-seconds'?: string;
    readonly 'max-memory'?: string;
    readonly queue?: string;
    readonly concurrency?: string;
    readonly yes?: boolean;
    readonly force?: boolean;
    readonly track?: string;
    readonly experiment?: string;
  };
}

export type Command = (app: () => Seqpipe, args: CommandArgs) => Promise<number>;
