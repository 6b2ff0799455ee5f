import type { CallLimits } from '../contracts/driver';
import { BudgetExhausted, CloudError } from '../contracts/errors';
import { backoffMs } from './backoff';
import type { TimeBudget } from './budget';
import type { Sleep } from './pacer';

export interface RetryDeps {
  budget: TimeBudget;
  sleep: Sleep;
  random: () => number;
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
      await deps.sleep(wait);
    }
  }
}
