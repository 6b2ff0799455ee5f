import type { RequestLimit } from '../contracts/driver';
export type Sleep = (ms: number) => Promise<void>;

export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Client-side pacing under a documented limit, as a sliding window like the services keep.
 * It admits at most `headroom` of the limit so clock skew between us and the service never trips throttling.
 */
export class RequestPacer {
  /** Each request in the window: when it was sent, or answered once its caller reports that. */
  private readonly sent: Array<{ at: number }> = [];
  private readonly limit: number;
  private readonly windowMs: number;

  constructor(
    limit: RequestLimit,
    private readonly now: () => number = Date.now,
    private readonly sleep: Sleep = realSleep,
    headroom = 0.95,
  ) {
    this.limit = Math.max(1, Math.floor(limit.limit * headroom));
    this.windowMs = limit.windowMs;
  }

  private live(now: number): Array<{ at: number }> {
    for (let i = this.sent.length - 1; i >= 0; i -= 1) if ((this.sent[i] as { at: number }).at <= now - this.windowMs) this.sent.splice(i, 1);
    return this.sent;
  }

  private nextFreeMs(live: ReadonlyArray<{ at: number }>, now: number): number {
    return live.length < this.limit ? 0 : Math.min(...live.map((e) => e.at)) + this.windowMs - now + 1;
  }

  /**
   * Waits until one more request fits in the window, then records it. Call the function it answers
   * when the request is answered: the service counted the request on arrival, which may be later
   * than it was sent (a busy event loop, a slow connection), so its place is then kept for a whole
   * window from the answer. A 20-per-second window has room for one late arrival only.
   */
  async acquire(): Promise<() => void> {
    for (;;) {
      const now = this.now();
      const live = this.live(now);
      if (live.length < this.limit) {
        const entry = { at: now };
        live.push(entry);
        return () => {
          entry.at = Math.max(entry.at, this.now());
          if (!this.sent.includes(entry)) this.sent.push(entry);
        };
      }
      await this.sleep(this.nextFreeMs(live, now));
    }
  }

  /** How long the next request would wait, without taking a place. */
  waitMs(): number {
    const now = this.now();
    return this.nextFreeMs(this.live(now), now);
  }
}
