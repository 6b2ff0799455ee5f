/** The time an invocation may spend before it must answer, with a reserve kept for the answer itself. */
export class TimeBudget {
  constructor(
    private readonly deadlineMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** From the platform's function timeout: keep 10% (at least 3 s, at most 30 s) for answering and logging. */
  static fromTimeout(timeoutMs: number, now: () => number = Date.now): TimeBudget {
    const reserve = Math.min(30_000, Math.max(3_000, timeoutMs * 0.1));
    return new TimeBudget(now() + Math.max(0, timeoutMs - reserve), now);
  }

  remainingMs(): number {
    return Math.max(0, this.deadlineMs - this.now());
  }

  /** Whether something that takes `ms` still fits. */
  allows(ms = 0): boolean {
    return this.remainingMs() > ms;
  }
}
