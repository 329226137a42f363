/**
 * The byte format of a stored artifact:
 *   "SQPA1\n" | u32 LE header length | header JSON (canonical) | buffer 0 | buffer 1 | ...
 * The header records each buffer's byte length. The digest is sha256 of all bytes.
 */
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { EncodedArtifact } from '../contract.js';
import type { JsonObject } from '../json.js';

const MAGIC = Buffer.from('SQPA1\n', 'latin1');

export function toBytes(encoded: EncodedArtifact): Uint8Array {
  const header = { ...encoded.header, $buffers: encoded.buffers.map((b) => b.byteLength) };
  const json = Buffer.from(canonicalize(header) ?? '{}', 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32LE(json.byteLength, 0);
  return Buffer.concat([MAGIC, length, json, ...encoded.buffers]);
}

export function fromBytes(bytes: Uint8Array): EncodedArtifact {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (!buf.subarray(0, MAGIC.length).equals(MAGIC)) throw new Error('not a seqpipe artifact (bad magic)');
  const headerLength = buf.readUInt32LE(MAGIC.length);
  const start = MAGIC.length + 4;
  const { $buffers, ...header } = JSON.parse(buf.subarray(start, start + headerLength).toString('utf8')) as JsonObject & {
    $buffers: number[];
  };
  const buffers: Uint8Array[] = [];
  let offset = start + headerLength;
  for (const size of $buffers) {
    // Copy so typed-array views over the result are aligned and independent of the file buffer.
    buffers.push(new Uint8Array(buf.subarray(offset, offset + size)));
    offset += size;
  }
  if (offset !== buf.byteLength) throw new Error('artifact length does not match its header');
  return { header, buffers };
}

export function digestOf(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Little-endian views; all platforms we run on are little-endian, which this asserts. */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
function assertLittleEndian(): void {
  if (!LITTLE_ENDIAN) throw new Error('seqpipe artifacts require a little-endian platform');
}

export function bytesOf(array: Float32Array | Float64Array | Int32Array): Uint8Array {
  assertLittleEndian();
  return new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
}
export function float32(bytes: Uint8Array): Float32Array {
  assertLittleEndian();
  return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
}
export function float64(bytes: Uint8Array): Float64Array {
  assertLittleEndian();
  return new Float64Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 8);
}
export function int32(bytes: Uint8Array): Int32Array {
  assertLittleEndian();
  return new Int32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
}
