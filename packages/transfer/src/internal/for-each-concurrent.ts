/**
 * Runs `fn` on every item of `source` with at most `concurrency` running, pulling the next item
 * only when a worker is free: a listing feeds the work as it arrives and is never read ahead
 * into an unbounded queue. The first error stops the pulling, waits for the running items and
 * is thrown (callers that want to go on after a failure catch inside `fn`).
 */
export async function forEachConcurrent<T>(
  source: AsyncIterable<T> | Iterable<T>,
  concurrency: number,
  fn: (item: T) => Promise<void>,
  signal?: AbortSignal,
): Promise<void> {
  const iterator =
    Symbol.asyncIterator in source ? source[Symbol.asyncIterator]() : source[Symbol.iterator]();
  let failed = false;
  let error: unknown;
  // Async generators queue concurrent next() calls, so workers may share one iterator.
  const worker = async (): Promise<void> => {
    while (!failed) {
      signal?.throwIfAborted();
      const next = await iterator.next();
      if (next.done === true) return;
      await fn(next.value);
    }
  };
  const run = async (): Promise<void> => {
    try {
      await worker();
    } catch (err) {
      if (!failed) error = err;
      failed = true;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, run));
  if (failed) {
    await iterator.return?.();
    throw error;
  }
}
