import type { RequestLimit } from './cloud-driver';

export type Sleep = (ms: number) => Promise<void>;

export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Client-side pacing under a documented limit, as a sliding window like the services keep.
 * It admits at most `headroom` of the limit so clock skew between us and the service never trips throttling.
 */
export class RequestPacer {
  private readonly sent: number[] = [];
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

  /** Waits until one more request fits in the window, then records it. */
  async acquire(): Promise<void> {
    for (;;) {
      const now = this.now();
      while (this.sent.length > 0 && (this.sent[0] as number) <= now - this.windowMs) this.sent.shift();
      if (this.sent.length < this.limit) {
        this.sent.push(now);
        return;
      }
      await this.sleep((this.sent[0] as number) + this.windowMs - now + 1);
    }
  }

  /** How long the next request would wait, without taking a place. */
  waitMs(): number {
    const now = this.now();
    const live = this.sent.filter((t) => t > now - this.windowMs);
    return live.length < this.limit ? 0 : (live[0] as number) + this.windowMs - now + 1;
  }
}
