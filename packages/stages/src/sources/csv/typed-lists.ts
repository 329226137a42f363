/** Growable lists in typed arrays (push without boxing); two classes, so each push site sees one shape. */

/** Numbers in a Float64Array. */
export class FloatList {
  private data = new Float64Array(1024);
  /** data.length, kept apart: reading a typed array's length costs more than a field. */
  private capacity = 1024;
  length = 0;

  push(v: number): void {
    if (this.length === this.capacity) this.resize(this.capacity * 2);
    this.data[this.length++] = v;
  }

  at(i: number): number {
    return this.data[i]!;
  }

  /** Room for n numbers in all, so a good estimate spares the copies of growing. */
  reserve(n: number): void {
    if (n > this.capacity) this.resize(n);
  }

  /** The array, with room for n more: a hot loop writes data[length++] itself and sets length after. */
  room(n: number): Float64Array {
    if (this.length + n > this.capacity) this.resize(Math.max(this.capacity * 2, this.length + n));
    return this.data;
  }

  /** The numbers: a view when at most a fifth of the room is left over, else a compact copy. */
  toArray(): Float64Array {
    const spare = this.capacity - this.length;
    return spare <= this.length / 4 ? this.data.subarray(0, this.length) : this.data.slice(0, this.length);
  }

  private resize(n: number): void {
    const next = new Float64Array(n);
    next.set(this.data.subarray(0, this.length));
    this.data = next;
    this.capacity = n;
  }
}

/** Byte offsets (under 2^31) in an Int32Array: half the memory of numbers. */
export class OffsetList {
  private data = new Int32Array(1024);
  private capacity = 1024;
  length = 0;

  push(v: number): void {
    if (this.length === this.capacity) this.resize(this.capacity * 2);
    this.data[this.length++] = v;
  }

  at(i: number): number {
    return this.data[i]!;
  }

  reserve(n: number): void {
    if (n > this.capacity) this.resize(n);
  }

  room(n: number): Int32Array {
    if (this.length + n > this.capacity) this.resize(Math.max(this.capacity * 2, this.length + n));
    return this.data;
  }

  /** The offsets (a view of the room). */
  toArray(): Int32Array {
    return this.data.subarray(0, this.length);
  }

  private resize(n: number): void {
    const next = new Int32Array(n);
    next.set(this.data.subarray(0, this.length));
    this.data = next;
    this.capacity = n;
  }
}
