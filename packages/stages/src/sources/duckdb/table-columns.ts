/**
 * Which columns of a DuckDB result make the series (time, values) and how their values become
 * numbers. Loaded only after DuckDB is (it takes the module for its type ids).
 */
import type { DuckDBMaterializedResult, DuckDBType, DuckDBValue } from '@duckdb/node-api';
import { messages, suggest, type SeqpipeError } from '@seqpipe/core';
import { parseTimestamp } from '../csv/parse-time.js';
import type { DuckDB } from './duckdb-session.js';
import type { TableMapping } from './table-params.js';
import { SeriesIds } from '../panel-rows.js';

/** Builds a coded error located where the source says (its file, or nothing: the stage). */
export type Fail = (code: 'E_DATA_MISSING_COLUMN' | 'E_DATA_COLUMN_TYPE' | 'E_DATA_NO_COLUMNS' | 'E_DATA_VALUE' | 'E_DATA_MISSING_VALUE' | 'E_DATA_DUPLICATE_TIME' | 'E_DATA_EMPTY', message: string) => SeqpipeError;

export interface Column {
  readonly name: string;
  readonly type: DuckDBType;
}

/** date: DATE/TIMESTAMP types (epoch ms); text: parsed like a CSV's time (epoch ms); number: a plain axis. */
export type TimeKind = 'date' | 'text' | 'number';

export interface Picks {
  readonly time?: { readonly index: number; readonly name: string; readonly kind: TimeKind };
  /** The series id column of a panel (read as text). */
  readonly series?: { readonly index: number; readonly name: string };
  readonly values: readonly { readonly index: number; readonly name: string }[];
}

export class ColumnTypes {
  private readonly numeric: ReadonlySet<number>;
  private readonly dated: ReadonlySet<number>;
  private readonly text: ReadonlySet<number>;

  constructor(private readonly duck: DuckDB) {
    const id = duck.DuckDBTypeId;
    this.numeric = new Set([
      id.TINYINT, id.SMALLINT, id.INTEGER, id.BIGINT, id.HUGEINT, id.UTINYINT, id.USMALLINT, id.UINTEGER, id.UBIGINT, id.UHUGEINT,
      id.FLOAT, id.DOUBLE, id.DECIMAL,
    ]);
    this.dated = new Set([id.DATE, id.TIMESTAMP, id.TIMESTAMP_S, id.TIMESTAMP_MS, id.TIMESTAMP_NS, id.TIMESTAMP_TZ]);
    this.text = new Set([id.VARCHAR]);
  }

  isNumeric(type: DuckDBType): boolean {
    return this.numeric.has(type.typeId);
  }

  timeKind(type: DuckDBType): TimeKind | undefined {
    if (this.dated.has(type.typeId)) return 'date';
    if (this.text.has(type.typeId)) return 'text';
    return this.numeric.has(type.typeId) ? 'number' : undefined;
  }

  /**
   * The columns named by `time` and `columns` (default: every numeric column but time and
   * `exclude`). `table` names what was read in messages ('file "x.parquet"', "the query's result").
   */
  pick(columns: readonly Column[], mapping: TableMapping, table: string, exclude: ReadonlySet<string>, fail: Fail): Picks {
    const names = columns.map((c) => c.name);
    const at = (name: string, param: string): number => {
      const i = names.indexOf(name);
      if (i < 0) throw fail('E_DATA_MISSING_COLUMN', messages.E_DATA_MISSING_COLUMN(name, param, table, names, suggest(name, names)));
      return i;
    };
    let time: Picks['time'];
    if (mapping.time !== undefined) {
      const index = at(mapping.time, 'time');
      const kind = this.timeKind(columns[index]!.type);
      if (!kind) throw fail('E_DATA_COLUMN_TYPE', messages.E_DATA_COLUMN_TYPE(mapping.time, String(columns[index]!.type), 'time', 'a DATE, TIMESTAMP, text or number'));
      time = { index, name: mapping.time, kind };
    }
    const series = mapping.series === undefined ? undefined : { index: at(mapping.series, 'series'), name: mapping.series };
    const both = { ...(time ? { time } : {}), ...(series ? { series } : {}) };
    if (mapping.columns) {
      const values = mapping.columns.map((name, i) => {
        const index = at(name, `columns[${i}]`);
        if (index === series?.index) throw fail('E_DATA_COLUMN_TYPE', messages.E_DATA_COLUMN_TYPE(name, 'the series column', `columns[${i}]`, 'a value column'));
        if (!this.isNumeric(columns[index]!.type)) throw fail('E_DATA_COLUMN_TYPE', messages.E_DATA_COLUMN_TYPE(name, String(columns[index]!.type), `columns[${i}]`, 'numeric'));
        return { index, name };
      });
      return { ...both, values };
    }
    const values = columns.map((c, index) => ({ index, name: c.name, type: c.type }))
      .filter((c) => c.index !== time?.index && c.index !== series?.index && !exclude.has(c.name) && this.isNumeric(c.type))
      .map(({ index, name }) => ({ index, name }));
    if (!values.length) throw fail('E_DATA_NO_COLUMNS', messages.E_DATA_NO_COLUMNS(table, columns.map((c) => `${c.name} ${String(c.type)}`).join(', ') || 'no columns'));
    return { ...both, values };
  }

  /**
   * How a cell of `type` becomes a double, decided once per column (millions of cells pass):
   * NaN for NULL (and NaN itself); ±Infinity is kept for the caller to refuse. Dates and
   * timestamps become UTC epoch ms, NaN for DuckDB's ±infinity or a date beyond JS's range.
   */
  converter(type: DuckDBType): (value: DuckDBValue) => number {
    const { DuckDBTypeId: id, DuckDBDecimalValue } = this.duck;
    const inRange = (ms: number): number => (Math.abs(ms) <= 8.64e15 ? ms : Number.NaN);
    type Cell<T> = (value: T) => number;
    const orNaN = <T>(f: Cell<T>) => (value: DuckDBValue): number => (value === null ? Number.NaN : f(value as T));
    switch (type.typeId) {
      case id.DECIMAL: return orNaN((v: InstanceType<typeof DuckDBDecimalValue>) => v.toDouble());
      case id.DATE: return orNaN((v: { days: number }) => inRange(v.days * 86_400_000));
      // Number(µs) is exact to ±285 years around 1970 and close beyond; floored to whole ms like a CSV's times.
      case id.TIMESTAMP: case id.TIMESTAMP_TZ: return orNaN((v: { micros: bigint }) => inRange(Math.floor(Number(v.micros) / 1000)));
      case id.TIMESTAMP_S: return orNaN((v: { seconds: bigint }) => inRange(Number(v.seconds) * 1000));
      case id.TIMESTAMP_MS: return orNaN((v: { millis: bigint }) => inRange(Number(v.millis)));
      case id.TIMESTAMP_NS: return orNaN((v: { nanos: bigint }) => inRange(Number(floorDiv(v.nanos, 1_000_000n))));
      default: return (value) => (typeof value === 'number' ? value : typeof value === 'bigint' ? Number(value) : Number.NaN);
    }
  }
}

const floorDiv = (a: bigint, b: bigint): bigint => {
  const q = a / b;
  return a % b !== 0n && a < 0n ? q - 1n : q;
};

/** Rows read, in read order: values row-major (NaN where missing), times when a time column is picked. */
export interface TableRows {
  readonly count: number;
  readonly values: Float64Array;
  readonly times?: Float64Array;
  /** 1-based row number of each row where it was read (a Parquet file's row), else its position. */
  readonly rowNumbers?: Float64Array;
  /** With a series column: each row's series, an index into ids (in order of first appearance). */
  readonly seriesOf?: Int32Array;
  readonly ids?: readonly string[];
}

/**
 * The picked columns of `result` as numbers. `rowColumn`: a column holding each row's 0-based
 * number in its file. Bad values throw E_DATA_VALUE; the signal is checked between chunks.
 */
export function readPicked(types: ColumnTypes, result: DuckDBMaterializedResult, picks: Picks, fail: Fail, signal: AbortSignal, rowColumn?: number): TableRows {
  const count = result.rowCount;
  const width = picks.values.length;
  const values = new Float64Array(count * width);
  const times = picks.time ? new Float64Array(count) : undefined;
  const rowNumbers = rowColumn === undefined ? undefined : new Float64Array(count);
  const label = (r: number): string => `row ${rowNumbers ? rowNumbers[r]! : r + 1}`;
  const seriesOf = picks.series ? new Int32Array(count) : undefined;
  const ids = new SeriesIds();
  const convert = picks.values.map((p) => types.converter(result.columnType(p.index)));
  const timeOf = picks.time && picks.time.kind !== 'text' ? types.converter(result.columnType(picks.time.index)) : undefined;
  let base = 0;
  for (let c = 0; c < result.chunkCount; c++) {
    signal.throwIfAborted();
    const chunk = result.getChunk(c);
    if (rowNumbers) chunk.visitColumnValues(rowColumn!, (v, r) => void (rowNumbers[base + r] = Number(v) + 1));
    picks.values.forEach((pick, j) => {
      const number = convert[j]!;
      chunk.visitColumnValues(pick.index, (v, r) => {
        const x = number(v);
        if (x === Infinity || x === -Infinity) throw fail('E_DATA_VALUE', messages.E_DATA_VALUE(pick.name, label(base + r), String(x), 'a finite number'));
        values[(base + r) * width + j] = x;
      });
    });
    if (picks.time && times) {
      const { index, name, kind } = picks.time;
      chunk.visitColumnValues(index, (v, r) => {
        const t = kind === 'text' ? (typeof v === 'string' ? parseTimestamp(v) ?? Number.NaN : Number.NaN) : timeOf!(v);
        if (!Number.isFinite(t)) {
          const shown = v === null ? 'NULL' : JSON.stringify(String(v));
          const expected = v === null ? `a ${kind === 'number' ? 'number' : 'date'} (a row without a time cannot be placed; filter such rows out)`
            : kind === 'text' ? 'a timestamp (ISO 8601 date or date-time, a year, or a form like "Jan 1 2000")'
              : kind === 'date' ? 'a date within ±275,000 years of 1970' : 'a finite number';
          throw fail('E_DATA_VALUE', messages.E_DATA_VALUE(name, label(base + r), shown, expected));
        }
        times[base + r] = t;
      });
    }
    if (picks.series && seriesOf) {
      const { index, name } = picks.series;
      chunk.visitColumnValues(index, (v, r) => {
        // Any type, as text: VARCHAR ids, integer ids (bigint) alike.
        const id = v === null ? '' : String(v);
        if (id === '') throw fail('E_DATA_MISSING_VALUE', messages.E_DATA_MISSING_VALUE(name, label(base + r), ': each row needs its series id ("series")'));
        seriesOf[base + r] = ids.of(id);
      });
    }
    base += chunk.rowCount;
  }
  return {
    count, values, ...(times ? { times } : {}), ...(rowNumbers ? { rowNumbers } : {}),
    ...(seriesOf ? { seriesOf, ids: ids.ids } : {}),
  };
}
