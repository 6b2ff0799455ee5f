/**
 * The emulated clock: real time plus an offset that `POST /_admin/advance` grows.
 * Emulated time never runs behind real time, so timestamps the clients sign stay valid,
 * and copies finish only when a test or demo moves the clock (or after their real duration).
 */
export class Clock {
  private offsetMs = 0;

  now(): number {
    return Date.now() + this.offsetMs;
  }

  advance(seconds: number): void {
    if (!Number.isFinite(seconds) || seconds < 0) throw new RangeError('seconds must be a non-negative number');
    this.offsetMs += seconds * 1000;
  }

  reset(): void {
    this.offsetMs = 0;
  }

  iso(ms = this.now()): string {
    // Alibaba answers times as 2006-01-02T15:04:05Z (no milliseconds).
    return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
  }
}
