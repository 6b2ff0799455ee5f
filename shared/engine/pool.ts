/** Calls in flight at once when nothing else is said: few enough for any documented limit. */
export const DEFAULT_CONCURRENCY = 4;

/**
 * Runs `task` over `items` with at most `limit` in flight, keeping their order in the output.
 * After a task fails no new one starts, and the first failure is what rejects.
 */
export async function pool<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (!failed && next < items.length) {
      const i = next++;
      try {
        out[i] = await task(items[i] as T);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return out;
}
