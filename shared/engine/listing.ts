import type { CloudDriver, ListHint } from '../contracts/driver';
import { failureOf, type Failure } from '../contracts/failure';
import type { Snapshot } from '../contracts/snapshot';
import type { RetryDeps } from './call-with-retry';
import { listRegion } from './list-region';
import { DEFAULT_CONCURRENCY } from './pool';

/** One listing to make: a region, possibly narrowed. */
export interface ListAsk {
  region: string;
  hint?: ListHint;
}

/** A region that could not be listed: why, and the error itself (to rethrow when nothing could be listed). */
export interface Unavailable {
  failure: Failure;
  error: unknown;
}

/** What a run saw: the snapshots per ask, and the regions it could not list. */
export interface Listed {
  perAsk: Snapshot[][];
  unavailable: Map<string, Unavailable>;
}

/**
 * Lists regions side by side (they answer independently). A region that cannot be listed (it does
 * not exist, refuses, or stays unreachable through the retries) costs only its own pairs: the others
 * are listed and planned as usual. When no ask succeeds at all (bad credentials, no network), the run
 * as a whole fails with the first error, as it always did.
 */
export async function listRegions(driver: CloudDriver, asks: readonly ListAsk[], deps: RetryDeps & { concurrency?: number }): Promise<Listed> {
  const perAsk: Snapshot[][] = asks.map(() => []);
  const unavailable = new Map<string, Unavailable>();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < asks.length) {
      const i = next++;
      const ask = asks[i] as ListAsk;
      try {
        perAsk[i] = await listRegion(driver, ask.region, deps, ask.hint);
      } catch (error) {
        if (!unavailable.has(ask.region)) unavailable.set(ask.region, { failure: failureOf(error), error });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(deps.concurrency ?? DEFAULT_CONCURRENCY, asks.length)) }, worker));
  const failedAsks = asks.filter((a) => unavailable.has(a.region)).length;
  if (asks.length > 0 && failedAsks === asks.length) throw ([...unavailable.values()][0] as Unavailable).error;
  return { perAsk, unavailable };
}
