/** The two combination rules, elementwise over equally long arrays (members' forecasts or bounds). */
export type EnsembleRule = 'mean' | 'median';

export function combine<T extends Float32Array | Float64Array>(rule: EnsembleRule, parts: readonly ArrayLike<number>[], out: T): T {
  const n = parts.length;
  const column = new Float64Array(n);
  for (let i = 0; i < out.length; i++) {
    if (rule === 'mean') {
      let sum = 0;
      for (let m = 0; m < n; m++) sum += parts[m]![i]!;
      out[i] = sum / n;
    } else {
      for (let m = 0; m < n; m++) column[m] = parts[m]![i]!;
      column.sort();
      // An even count averages the two middle values.
      out[i] = n % 2 === 1 ? column[(n - 1) / 2]! : (column[n / 2 - 1]! + column[n / 2]!) / 2;
    }
  }
  return out;
}
