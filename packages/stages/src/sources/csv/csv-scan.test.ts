/** The scanner splits records exactly as csv-parse does, and gives up only where csv-parse fails. */
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bomLength, cellText, END, fieldPosition, GIVE_UP, lineBreaks, nextRecord, RECORD, Scanner } from './csv-scan.js';

const OPTIONS = { bom: true, skip_empty_lines: true, record_delimiter: ['\r\n', '\n', '\r'], relax_column_count: true };

interface Split {
  readonly records: string[][];
  readonly starts: { start: number; line: number }[];
  readonly end: number;
  readonly gaveUp: boolean;
}

function scan(text: string, delimiter = ','): Split {
  const buf = Buffer.from(text);
  const s = new Scanner(buf, delimiter.charCodeAt(0), Math.max(0, bomLength(buf)));
  const records: string[][] = [];
  const starts: { start: number; line: number }[] = [];
  let r: number;
  while ((r = nextRecord(s)) === RECORD) {
    records.push(Array.from({ length: s.count }, (_, f) => cellText(buf, s.cells[3 * f]!, s.cells[3 * f + 1]!, s.cells[3 * f + 2]!)));
    starts.push({ start: s.start, line: s.startLine });
  }
  return { records, starts, end: s.line, gaveUp: r === GIVE_UP };
}

describe('Scanner', () => {
  it('splits quoted delimiters, escaped quotes, line breaks in quotes and every line end', () => {
    expect(scan('\uFEFFa,"b,c"\r\n\r\n"x""y","1\n2"\r3,\n"",z').records).toEqual([['a', 'b,c'], ['x"y', '1\n2'], ['3', ''], ['', 'z']]);
    expect(scan('a;b\n1;2', ';').records).toEqual([['a', 'b'], ['1', '2']]);
  });

  it('gives up where csv-parse fails: a quote inside a field, text after a closing quote, an unclosed quote', () => {
    for (const text of ['a,b"c\n', 'a,"b"c\n', 'a,"b\n']) expect(scan(text).gaveUp, text).toBe(true);
  });

  it('counts physical lines (CRLF, LF, lone CR; inside quotes too) and locates fields by them', () => {
    const text = 'h1,h2\r\n"a\r\nb",x\rc,"d\ne",yé\n';
    const split = scan(text);
    expect(split.starts.map((s) => s.line)).toEqual([1, 2, 4]);
    expect(split.end).toBe(6);
    const buf = Buffer.from(text);
    expect(fieldPosition(buf, 44, split.starts[1]!.start, 2, 1)).toEqual({ line: 3, col: 4 });
    expect(fieldPosition(buf, 44, split.starts[2]!.start, 4, 1)).toEqual({ line: 4, col: 3 });
  });

  it('agrees with csv-parse on generated text', () => {
    const alphabet = fc.constantFrom('a', '1', ',', ',', '"', '"', '\r', '\n', '\r\n', ' ', 'é', '\uFEFF');
    fc.assert(fc.property(fc.boolean(), fc.array(alphabet, { maxLength: 40 }), (bom, chars) => {
      const text = (bom ? '\uFEFF' : '') + chars.join('');
      const split = scan(text);
      let records: string[][] | undefined;
      try {
        records = parse(Buffer.from(text), { ...OPTIONS, delimiter: ',' }) as string[][];
      } catch {
        records = undefined;
      }
      if (split.gaveUp) expect(records, JSON.stringify(text)).toBeUndefined();
      else expect(split.records, JSON.stringify(text)).toEqual(records);
      if (split.gaveUp) return;
      // Lines are physical lines, as an editor (and readline) counts them.
      const buf = Buffer.from(text);
      for (const { start, line } of split.starts) expect(line).toBe(1 + lineBreaks(buf, 0, start));
      expect(split.end).toBe(1 + lineBreaks(buf, 0, buf.length));
    }), { numRuns: 20000 });
  });

  it('stops at the end of the bytes', () => {
    const s = new Scanner(Buffer.from(''), 44);
    expect(nextRecord(s)).toBe(END);
  });
});
