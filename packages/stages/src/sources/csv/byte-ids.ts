/**
 * Series ids looked up by their bytes in the file, so a long-format panel whose rows interleave
 * their series (an id change on every row) decodes each distinct id once, not once per row: an
 * open-addressing table from the raw bytes of a cell to its series. Bytes that differ only in
 * surrounding spaces are separate entries of the same series (the id is the trimmed text).
 */
import type { SeriesIds } from '../panel-rows.js';

export class ByteIds {
  private slots = new Int32Array(1024).fill(-1);
  private mask = 1023;
  /** Per entry: start and end of its bytes in buf, its series. */
  private starts: number[] = [];
  private ends: number[] = [];
  private series: number[] = [];

  constructor(private readonly buf: Uint8Array, private readonly ids: SeriesIds, private readonly decode: (start: number, end: number) => string) {}

  /** The series of the id in buf[start, end); -1 when the trimmed id is empty (nothing is added). */
  of(start: number, end: number): number {
    const buf = this.buf;
    let h = 0x811c9dc5;
    for (let i = start; i < end; i++) h = Math.imul(h ^ buf[i]!, 0x01000193);
    const n = end - start;
    for (let slot = h & this.mask; ; slot = (slot + 1) & this.mask) {
      const e = this.slots[slot]!;
      if (e < 0) break;
      const s = this.starts[e]!;
      if (this.ends[e]! - s !== n) continue;
      let same = true;
      for (let i = 0; same && i < n; i++) same = buf[s + i] === buf[start + i];
      if (same) return this.series[e]!;
    }
    const id = this.decode(start, end).trim();
    if (id === '') return -1;
    const series = this.ids.of(id);
    this.add(start, end, h, series);
    return series;
  }

  private add(start: number, end: number, h: number, series: number): void {
    if (2 * (this.starts.length + 1) > this.slots.length) this.grow();
    this.put(h, this.starts.length);
    this.starts.push(start);
    this.ends.push(end);
    this.series.push(series);
  }

  private put(h: number, entry: number): void {
    let slot = h & this.mask;
    while (this.slots[slot]! >= 0) slot = (slot + 1) & this.mask;
    this.slots[slot] = entry;
  }

  private grow(): void {
    this.slots = new Int32Array(this.slots.length * 2).fill(-1);
    this.mask = this.slots.length - 1;
    const buf = this.buf;
    for (let e = 0; e < this.starts.length; e++) {
      let h = 0x811c9dc5;
      for (let i = this.starts[e]!; i < this.ends[e]!; i++) h = Math.imul(h ^ buf[i]!, 0x01000193);
      this.put(h, e);
    }
  }
}
