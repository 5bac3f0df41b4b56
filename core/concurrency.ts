/**
 * Bounded parallelism: `fn` over `items`, at most `limit` at a time, results in input
 * order. For I/O-bound loops (S3 reads, ECS describes) where one-at-a-time is too slow and
 * all-at-once would exceed an API's rate or a socket pool.
 */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return out;
}
