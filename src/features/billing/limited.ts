/** pagoPA calls a run makes at once (publishing, cancelling). */
export const PAGOPA_CONCURRENCY = 4;

/**
 * Calls `work` for each item, at most `limit` at a time (pagoPA calls of a run: a few in parallel, not thousands).
 * After a failure the others finish the call they are in and take no new one; then the first error is thrown.
 */
export async function eachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const stopped: { error?: Error } = {};
  const worker = async () => {
    while (next < items.length && !stopped.error) {
      const item = items[next++];
      try {
        await work(item);
      } catch (error) {
        stopped.error ??= error instanceof Error ? error : new Error(String(error));
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (stopped.error) throw stopped.error;
}
