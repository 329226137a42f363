/**
 * The top-level column names of a Parquet file, read from its footer alone (the last bytes:
 * Thrift compact-encoded FileMetaData, then its length and the magic `PAR1`). `validate` uses
 * this so that checking a source/parquet's columns never loads DuckDB (≈70 MB of native code)
 * nor reads the data pages. Only the schema list is decoded; every other field is skipped.
 */
import { open } from 'node:fs/promises';

/** Footers above this are refused (a schema of many thousand columns is still far below it). */
const MAX_FOOTER = 64 * 1024 * 1024;

export class ParquetFooterError extends Error {}

/** Throws ParquetFooterError when the file is not Parquet or its footer does not decode. */
export async function parquetColumnNames(file: string): Promise<string[]> {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    if (size < 12) throw new ParquetFooterError(`${size} bytes, too short for a Parquet file`);
    const tail = Buffer.alloc(8);
    await handle.read(tail, 0, 8, size - 8);
    if (tail.toString('latin1', 4) !== 'PAR1') throw new ParquetFooterError('no Parquet footer (the file does not end in "PAR1")');
    const length = tail.readUInt32LE(0);
    if (length > MAX_FOOTER || length > size - 12) throw new ParquetFooterError(`footer length ${length} does not fit the file`);
    const footer = Buffer.alloc(length);
    await handle.read(footer, 0, length, size - 8 - length);
    return topLevelNames(new CompactReader(footer).schema());
  } finally {
    await handle.close();
  }
}

interface SchemaElement {
  readonly name: string;
  readonly children: number;
}

/** schema[0] is the root; the rest is the tree in pre-order. Nested columns count once, by their top name. */
function topLevelNames(schema: readonly SchemaElement[]): string[] {
  if (!schema.length) throw new ParquetFooterError('the footer has no schema');
  const names: string[] = [];
  let i = 1;
  const skip = (): void => {
    const element = schema[i++];
    if (!element) throw new ParquetFooterError('the schema tree is cut short');
    for (let c = 0; c < element.children; c++) skip();
  };
  for (let c = 0; c < schema[0]!.children; c++) {
    names.push(schema[i]?.name ?? '');
    skip();
  }
  return names;
}

// Thrift compact protocol field types.
const T = { TRUE: 1, FALSE: 2, BYTE: 3, I16: 4, I32: 5, I64: 6, DOUBLE: 7, BINARY: 8, LIST: 9, SET: 10, MAP: 11, STRUCT: 12 } as const;

class CompactReader {
  private at = 0;
  constructor(private readonly bytes: Buffer) {}

  /** FileMetaData field 2: list<SchemaElement>. */
  schema(): SchemaElement[] {
    let schema: SchemaElement[] | undefined;
    this.struct((id, type) => {
      if (id !== 2 || type !== T.LIST) return false;
      const { size, type: element } = this.listHeader();
      if (element !== T.STRUCT) throw new ParquetFooterError('the schema is not a list of structs');
      schema = Array.from({ length: size }, () => this.schemaElement());
      return true;
    });
    if (!schema) throw new ParquetFooterError('the footer has no schema');
    return schema;
  }

  /** SchemaElement: 4 name (string), 5 num_children (i32). */
  private schemaElement(): SchemaElement {
    let name = '';
    let children = 0;
    this.struct((id, type) => {
      if (id === 4 && type === T.BINARY) name = this.binary().toString('utf8');
      else if (id === 5 && type === T.I32) children = this.zigzag();
      else return false;
      return true;
    });
    return { name, children };
  }

  /** Reads a struct's fields; `field` consumes the ones it wants (returns true), the rest are skipped. */
  private struct(field: (id: number, type: number) => boolean): void {
    let id = 0;
    for (;;) {
      const header = this.byte();
      const type = header & 0x0f;
      if (type === 0) return;
      const delta = header >> 4;
      id = delta ? id + delta : this.zigzag();
      if (!field(id, type)) this.skip(type);
    }
  }

  private skip(type: number): void {
    switch (type) {
      case T.TRUE: case T.FALSE: return;
      case T.BYTE: this.at++; return;
      case T.I16: case T.I32: case T.I64: this.varint(); return;
      case T.DOUBLE: this.at += 8; return;
      case T.BINARY: this.binary(); return;
      case T.LIST: case T.SET: {
        const { size, type: element } = this.listHeader();
        // Booleans inside a list take one byte each.
        for (let i = 0; i < size; i++) element === T.TRUE || element === T.FALSE ? this.at++ : this.skip(element);
        return;
      }
      case T.MAP: {
        const size = this.varint();
        if (!size) return;
        const kinds = this.byte();
        for (let i = 0; i < size; i++) {
          this.skip(kinds >> 4);
          this.skip(kinds & 0x0f);
        }
        return;
      }
      case T.STRUCT: this.struct(() => false); return;
      default: throw new ParquetFooterError(`unknown Thrift type ${type} in the footer`);
    }
  }

  private listHeader(): { size: number; type: number } {
    const header = this.byte();
    const short = header >> 4;
    const size = short === 15 ? this.varint() : short;
    // Every element takes at least a byte: a larger count is corruption, not a reason to allocate.
    if (size > this.bytes.length - this.at) throw new ParquetFooterError('a list in the footer is longer than the footer');
    return { size, type: header & 0x0f };
  }

  private binary(): Buffer {
    const length = this.varint();
    if (this.at + length > this.bytes.length) throw new ParquetFooterError('the footer is cut short');
    const out = this.bytes.subarray(this.at, this.at + length);
    this.at += length;
    return out;
  }

  private byte(): number {
    if (this.at >= this.bytes.length) throw new ParquetFooterError('the footer is cut short');
    return this.bytes[this.at++]!;
  }

  /** Unsigned LEB128; i64 values beyond 2^53 lose precision, which a skip does not mind. */
  private varint(): number {
    let value = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      const b = this.byte();
      value += (b & 0x7f) * scale;
      if (!(b & 0x80)) return value;
      scale *= 128;
    }
    throw new ParquetFooterError('a varint in the footer is too long');
  }

  private zigzag(): number {
    const n = this.varint();
    return n % 2 ? -(n + 1) / 2 : n / 2;
  }
}
