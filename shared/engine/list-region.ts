import type { Snapshot } from '../contracts/snapshot';
import { callWithRetry, type RetryDeps } from './call-with-retry';
import type { CloudDriver, ListHint, PageFetch } from '../contracts/driver';
/**
 * Every snapshot of a region. Listing only reads, so each page that fails for a retryable reason is
 * tried again on its own within the budget: restarting a whole listing of many pages under throttling
 * would rarely get through.
 */
export function listRegion(driver: CloudDriver, region: string, deps: RetryDeps, hint?: ListHint): Promise<Snapshot[]> {
  const page: PageFetch = (fetch) => callWithRetry(fetch, deps, true);
  return driver.listSnapshots(region, hint, page);
}
