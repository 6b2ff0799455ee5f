import { CloudError } from '../clouds/cloud-error';
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

/** Thrown when the budget cannot afford another attempt; the pair is deferred to a later run. */
export class BudgetExhausted extends Error {
  override readonly name = 'BudgetExhausted';
  constructor(readonly lastError?: CloudError) {
    super(lastError ? `time budget exhausted after ${lastError.code}` : 'time budget exhausted');
  }
}

/**
 * Calls `fn` until it succeeds, retrying throttling always (the service refused before doing
 * anything) and other transient failures only when `retryTransient` says a repeat cannot duplicate work.
 */
export async function callWithRetry<T>(fn: () => Promise<T>, deps: RetryDeps, retryTransient: boolean): Promise<T> {
  let lastError: CloudError | undefined;
  for (let attempt = 0; ; attempt += 1) {
    if (!deps.budget.allows()) throw new BudgetExhausted(lastError);
    try {
      return await fn();
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
