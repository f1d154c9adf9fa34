/**
 * Runs `worker` over `items` with at most `concurrency` at a time, in order of the items. Stops
 * taking new items once `stopped()` says so (in-flight ones finish). A worker that throws stops
 * the pool the same way; the first error is rethrown once every in-flight worker has settled.
 */
export async function runPool<T>(items: readonly T[], concurrency: number, worker: (item: T) => Promise<void>, stopped: () => boolean = () => false): Promise<void> {
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError(`concurrency must be a positive integer, got ${concurrency}`);
  let next = 0;
  let failure: { error: unknown } | undefined;
  const lane = async () => {
    while (!failure && !stopped() && next < items.length) {
      const item = items[next++]!;
      try {
        await worker(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, lane));
  if (failure) throw failure.error;
}
