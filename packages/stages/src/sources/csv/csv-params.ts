import type { ParamsSchema } from '@seqpipe/core';

export type MissingPolicy = 'error' | 'drop' | 'ffill' | 'interpolate';

/** long: a row per time (per series with `series`); wide: a column per series; rows: a row per series. */
export type CsvLayoutKind = 'long' | 'wide' | 'rows';

export interface CsvParams {
  /** Relative to the pipeline file's folder (absolute allowed). */
  readonly path: string;
  /** Column parsed as a timestamp; rows are sorted by it. */
  readonly time?: string;
  /** Value columns; default every numeric column except `time` and `where`'s. */
  readonly columns?: readonly string[];
  /** Keep only rows whose columns equal these values (long-format files). */
  readonly where?: Readonly<Record<string, string | number | boolean>>;
  readonly missing: MissingPolicy;
  /** One character; auto-detected (`,` `;` tab `|`) when absent. */
  readonly delimiter?: string;
  /** Whether the first row names the columns; 'auto' decides from its cells. */
  readonly header: boolean | 'auto';
  /** Long format: the column naming each row's series (a panel, e.g. Nixtla's unique_id). */
  readonly series?: string;
  /** How series are laid out in the file; default long. */
  readonly layout?: CsvLayoutKind;
}

/** The one value column of a panel read with layout: wide or rows. */
export const PANEL_VALUE = 'value';

export const csvParamsSchema: ParamsSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['path'],
  properties: {
    path: { type: 'string', minLength: 1, description: "CSV file, relative to the pipeline file's folder (absolute allowed)." },
    time: {
      type: 'string', minLength: 1,
      description: 'Timestamp column (ISO 8601 date or date-time, a bare year, or "Jan 1 2000"); rows are sorted by it and forecasts carry dates.',
    },
    columns: {
      type: 'array', items: { type: 'string', minLength: 1 }, minItems: 1, uniqueItems: true,
      description: 'Value columns, in this order; default: every numeric column except time and where columns.',
    },
    where: {
      type: 'object', additionalProperties: { anyOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }] },
      description: 'Row filter for long-format files, e.g. { symbol: MSFT }: keep rows whose cells equal these values.',
    },
    missing: {
      type: 'string', enum: ['error', 'drop', 'ffill', 'interpolate'], default: 'error',
      description: 'Empty/NA/NaN cells: error (report the first), drop the row, ffill (previous value), interpolate (linear in time, or in row order).',
    },
    delimiter: { type: 'string', minLength: 1, maxLength: 1, description: 'Field delimiter; auto-detected from the first line (",", ";", tab, "|") when absent.' },
    header: {
      enum: [true, false, 'auto'], default: 'auto',
      description: 'First row names the columns; auto: yes unless one of its cells is a number or a date. Without a header columns are column1, column2, ….',
    },
    series: {
      type: 'string', minLength: 1,
      description: 'Long format with many series (a panel): the column holding each row\'s series id, e.g. unique_id. Rows are grouped by id in order of first appearance, each series sorted by time.',
    },
    layout: {
      type: 'string', enum: ['long', 'wide', 'rows'],
      description: '(default long) long: a row per time (per series with "series"); wide: every value column is a series, named by its header, read as one column "value"; rows: a row per series, its first cell the id and then its values (ragged rows may end in empty cells), as the M4 files.',
    },
  },
};
