/**
 * At most `n` of the wrapped operations at once. A sweep of thousands of variants reaches its cache
 * lookups all together; unbounded, they would open thousands of files at once (EMFILE).
 */
export function ioLimit(n: number): <T>(operation: () => Promise<T>) => Promise<T> {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async (operation) => {
    if (active >= n) await new Promise<void>((resolve) => waiting.push(resolve));
    active++;
    try {
      return await operation();
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
}
