/**
 * `where` on the bytes, as the csv-parse reader applies it to text: each filter in order, a row
 * kept when every trimmed cell equals its value; the cells seen are remembered (up to SEEN_LIMIT
 * distinct) for the did-you-mean, up to the first filter that fails. Comparing bytes spares
 * decoding the cells that match, and the other values of a long file, which repeat.
 */
import { cellText, ESCAPED } from './csv-scan.js';
import { SEEN_LIMIT, type RowPlan, type WhereClause } from './row-plan.js';

/** Non-matching values remembered per filter by their bytes. */
const OTHERS = 16;

export class WhereFilter {
  private readonly where: readonly WhereClause[];
  private readonly seen: Map<string, Set<string>>;
  /** UTF-8 bytes of each value, when comparing bytes is the same as comparing trimmed text. */
  private readonly bytes: (Buffer | undefined)[];
  /** Per filter: raw bytes of cells known not to match (and already remembered). */
  private readonly others: Buffer[][];

  constructor(private readonly buf: Buffer, plan: RowPlan) {
    this.where = plan.where;
    this.seen = plan.seen;
    this.others = plan.where.map(() => []);
    this.bytes = plan.where.map(({ value }) => {
      const bytes = Buffer.from(value);
      return value === value.trim() && bytes.toString() === value ? bytes : undefined;
    });
  }

  /** The `where` filters in order, each cell remembered for the did-you-mean up to the first that fails. */
  passes(cells: Int32Array): boolean {
    const { where, seen } = this;
    for (let i = 0; i < where.length; i++) {
      const w = where[i]!;
      const bytes = this.bytes[i];
      if (bytes && this.sameBytes(cells, w.field, bytes)) {
        const s = seen.get(w.name)!;
        if (s.size < SEEN_LIMIT) s.add(w.value);
        continue;
      }
      // Other values repeat (other symbols of a long file): known bytes are not decoded again.
      const others = this.others[i]!;
      if (others.some((known) => this.sameBytes(cells, w.field, known))) return false;
      const f = w.field;
      const cell = cellText(this.buf, cells[3 * f]!, cells[3 * f + 1]!, cells[3 * f + 2]!).trim();
      const s = seen.get(w.name)!;
      if (s.size < SEEN_LIMIT) s.add(cell);
      if (cell !== w.value) {
        // Only once in the did-you-mean set (so seen again, it would add nothing).
        if (others.length < OTHERS && !(cells[3 * w.field + 2]! & ESCAPED) && (s.has(cell) || s.size >= SEEN_LIMIT)) others.push(this.rawBytes(cells, w.field));
        return false;
      }
    }
    return true;
  }

  private rawBytes(cells: Int32Array, f: number): Buffer {
    return Buffer.from(this.buf.subarray(cells[3 * f]!, cells[3 * f + 1]!));
  }

  private sameBytes(cells: Int32Array, f: number, bytes: Buffer): boolean {
    const s = cells[3 * f]!;
    if (cells[3 * f + 1]! - s !== bytes.length || cells[3 * f + 2]! & ESCAPED) return false;
    for (let i = 0; i < bytes.length; i++) if (this.buf[s + i] !== bytes[i]) return false;
    return true;
  }
}
