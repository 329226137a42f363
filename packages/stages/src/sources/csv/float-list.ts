/** A growable list of numbers in a Float64Array (push without boxing). */
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
