/** Rows `order[from..to)` of a row-major [n, width] array, copied into a new array. */
export function gatherRows(source: Float32Array, width: number, order: Int32Array, from: number, to: number): Float32Array {
  // A fresh array per batch: the CPU backend keeps a reference to the values it is given.
  const out = new Float32Array((to - from) * width);
  for (let k = from; k < to; k++) {
    const row = order[k];
    out.set(source.subarray(row * width, (row + 1) * width), (k - from) * width);
  }
  return out;
}

export function identityOrder(n: number): Int32Array {
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  return order;
}
