import type { Snapshot } from '../snapshot';
import { callWithRetry, type RetryDeps } from './call-with-retry';
import type { CloudDriver, PageFetch } from './cloud-driver';

/**
 * Every snapshot of a region. Listing only reads, so each page that fails for a retryable reason is
 * tried again on its own within the budget: restarting a whole listing of many pages under throttling
 * would rarely get through.
 */
export function listRegion(driver: CloudDriver, region: string, deps: RetryDeps, hint?: Parameters<CloudDriver['listSnapshots']>[1]): Promise<Snapshot[]> {
  const page: PageFetch = (fetch) => callWithRetry(fetch, deps, true);
  return driver.listSnapshots(region, hint, page);
}
