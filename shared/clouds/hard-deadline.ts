/**
 * Runs one request under a hard deadline: `work` gets a signal that aborts at the deadline, and the
 * answer is given up then whatever the SDK does (pop-core's own timeout covers connecting and then
 * reading, which can add up to twice the figure). `timedOut` makes the error the caller reports.
 */
export async function withHardDeadline<T>(timeoutMs: number, work: (signal: AbortSignal) => Promise<T>, timedOut: () => Error): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(timedOut());
    }, timeoutMs);
  });
  try {
    return await Promise.race([work(controller.signal), deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** The smaller of an adapter's own per-request timeout and what the caller allows (at least 1 ms). */
export function effectiveTimeout(ownMs: number, allowedMs: number | undefined): number {
  return Math.max(1, Math.min(ownMs, allowedMs ?? ownMs));
}
