/** Exponential backoff with full jitter: attempt 0 waits up to `baseMs`, doubling to `capMs`. */
export function backoffMs(attempt: number, random: () => number, baseMs = 200, capMs = 10_000): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** attempt);
  return Math.floor(random() * ceiling);
}
