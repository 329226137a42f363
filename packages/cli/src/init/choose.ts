/**
 * Ambiguities `seqpipe init` meets (two time columns, several value columns, a series column
 * guess) are asked on a terminal and decided by a documented rule otherwise (`--yes`, or stdin
 * not a terminal). Either way the generated file's comments say what was chosen and how.
 */
import { createInterface } from 'node:readline/promises';
import type { Readable, Writable } from 'node:stream';

export interface Option<T> {
  readonly label: string;
  readonly value: T;
}

export interface Question<T> {
  /** What is chosen, for the notes: `time column`. */
  readonly topic: string;
  /** What is asked, e.g. `Which column is the time?`. */
  readonly text: string;
  readonly options: readonly Option<T>[];
  /** The rule's pick (an index into options) and the rule in words. */
  readonly rule: number;
  readonly ruleText: string;
}

export interface Chooser {
  ask<T>(q: Question<T>): Promise<T>;
  /** One line per question: what was chosen, by whom. */
  readonly notes: string[];
  close(): void;
}

/** Picks each rule's answer without asking. */
export function ruleChooser(): Chooser {
  const notes: string[] = [];
  return {
    notes,
    async ask<T>(q: Question<T>): Promise<T> {
      const pick = q.options[q.rule]!;
      const others = q.options.filter((o) => o !== pick).map((o) => o.label);
      const shown = others.length > 6 ? `${others.slice(0, 6).join(', ')}, … (${others.length} in all)` : others.join(', ');
      notes.push(`${q.topic}: ${pick.label}, by rule (${q.ruleText}); the others: ${shown}`);
      return pick.value;
    },
    close() {},
  };
}

/**
 * Asks on `output` and reads answers from `input`: a number, an option's label, or an empty line
 * for the rule's pick (shown in brackets). An unknown answer asks again; end of input takes the rule.
 */
export function promptChooser(input: Readable, output: Writable): Chooser {
  const rl = createInterface({ input, output, terminal: false });
  const lines = rl[Symbol.asyncIterator]();
  const notes: string[] = [];
  return {
    notes,
    async ask<T>(q: Question<T>): Promise<T> {
      output.write(`${q.text}\n${q.options.map((o, i) => `  ${i + 1}) ${o.label}${i === q.rule ? '   [default]' : ''}`).join('\n')}\n`);
      for (;;) {
        output.write(`choose 1-${q.options.length} [${q.rule + 1}]: `);
        const next = await lines.next();
        const answer = next.done ? '' : String(next.value).trim();
        const byNumber = /^\d+$/.test(answer) ? Number(answer) - 1 : -1;
        const index = answer === '' ? q.rule : byNumber >= 0 && byNumber < q.options.length ? byNumber : q.options.findIndex((o) => o.label === answer);
        if (index >= 0) {
          const pick = q.options[index]!;
          notes.push(`${q.topic}: ${pick.label}, answered on the terminal${index === q.rule ? ' (the default)' : ''}`);
          return pick.value;
        }
        if (next.done) return q.options[q.rule]!.value;
        output.write(`"${answer}" is not one of the choices\n`);
      }
    },
    close: () => rl.close(),
  };
}
