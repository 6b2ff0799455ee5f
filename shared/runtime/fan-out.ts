/**
 * The fan-out: one asynchronous invocation of this function per account, each a sweep of that
 * account with a time budget and rate limits of its own, run by the platform side by side (FC 3.0
 * InvokeFunction with x-fc-invocation-type Async; SCF Invoke with InvocationType Event). The parent
 * only hands them over: each child answers, logs and notifies for itself.
 */
import type { Account } from '../contracts/policy';
import type { SweepRequest } from '../contracts/requests';
import type { Dispatch } from '../contracts/results';
import { failureOf } from '../contracts/failure';
import { callWithRetry, type RetryDeps } from '../engine/call-with-retry';
import { pool } from '../engine/pool';
import type { CallLimits } from '../contracts/driver';

/** Invokes this very function asynchronously with `payload` (JSON text); answers the platform's request id. */
export type InvokeSelf = (payload: string, limits: CallLimits) => Promise<{ requestId?: string }>;

/** Hand-overs in flight at once: each is one short request, and the invoke APIs allow hundreds a second. */
const DISPATCH_CONCURRENCY = 8;

export async function fanOut(accounts: readonly Account[], payloadOf: (account: Account) => SweepRequest, invokeSelf: InvokeSelf, deps: RetryDeps): Promise<Dispatch[]> {
  return pool(accounts, DISPATCH_CONCURRENCY, async (account): Promise<Dispatch> => {
    try {
      // A repeat after a lost answer may start a second sweep of the account: harmless, as
      // overlapping sweeps make one copy per pair between them (README, "Guarantees").
      const { requestId } = await callWithRetry((limits) => invokeSelf(JSON.stringify(payloadOf(account)), limits), deps, true);
      return { account: account.name, outcome: 'dispatched', ...(requestId ? { requestId } : {}) };
    } catch (error) {
      // Deferred: out of time (the next tick dispatches again); failed: the platform refused.
      const f = failureOf(error);
      return { account: account.name, outcome: f.kind === 'budget' ? 'deferred' : 'failed', errorCode: f.errorCode, reason: f.reason };
    }
  });
}
