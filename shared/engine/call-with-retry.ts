import type { CallLimits } from '../contracts/driver';
import { BudgetExhausted, CloudError } from '../contracts/errors';
import { backoffMs } from './backoff';
import type { TimeBudget } from './budget';
import type { Sleep } from './pacer';

/** A failed attempt about to be tried again: why, which retry this is, and the wait before it. */
export interface RetryNotice {
  error: CloudError;
  /** 1 for the first retry. */
  attempt: number;
  waitMs: number;
}

export interface RetryDeps {
  budget: TimeBudget;
  sleep: Sleep;
  random: () => number;
  /** Told of each retry before its wait (a command line reports them); throwing ends the retries with that error. */
  onRetry?: (notice: RetryNotice) => void;
}

/**
 * Calls `fn` until it succeeds, retrying throttling always (the service refused before doing
 * anything) and other transient failures only when `retryTransient` says a repeat cannot duplicate work.
 * Each attempt may take at most what is left of the budget, so no request outlives the run.
 */
export async function callWithRetry<T>(fn: (limits: CallLimits) => Promise<T>, deps: RetryDeps, retryTransient: boolean): Promise<T> {
  let lastError: CloudError | undefined;
  for (let attempt = 0; ; attempt += 1) {
    if (!deps.budget.allows()) throw new BudgetExhausted(lastError);
    try {
      return await fn({ timeoutMs: deps.budget.remainingMs() });
    } catch (error) {
      if (!(error instanceof CloudError)) throw error;
      const retry = error.errorClass === 'throttled' || (error.errorClass === 'transient' && retryTransient);
      if (!retry) throw error;
      lastError = error;
      const wait = backoffMs(attempt, deps.random);
      if (!deps.budget.allows(wait)) throw new BudgetExhausted(error);
      deps.onRetry?.({ error, attempt: attempt + 1, waitMs: wait });
      await deps.sleep(wait);
    }
  }
}
