/**
 * ECS: a repeated ClientToken answers the copy it first made, even one deleted or failed since
 * (docs/api-facts.md § "ECS CopySnapshot"), so a pair whose copy is gone would be answered `copied`
 * on every sweep while nothing exists. After the calls, the copies answered are looked up in their
 * regions; a missing or failed one is copied again under a token chained from the old token and the
 * gone copy's id. The chain is the same for every run that meets the same gone copy, so overlapping
 * runs and retries still make one copy; and while the first copy is still in flight, ECS refuses a
 * second copy of the disk to that region anyway.
 */
import type { ReplicationResult } from '../contracts/results';
import { chainedClientToken } from './client-token';
import type { PlannedCopy } from './plan';
import type { RetryDeps } from './call-with-retry';
import type { CloudDriver } from '../contracts/driver';
import { listRegions } from './listing';

/** How many gone copies one run looks past for a pair: enough for any honest history. */
const MAX_LINKS = 3;

export interface Confirmable {
  copy: PlannedCopy;
  result: ReplicationResult;
}

const pairKey = (c: PlannedCopy): string => `${c.source.region}|${c.source.snapshotId}|${c.destination.region}`;

/**
 * Answers the results with every `copied` one confirmed: its copy exists and has not failed, or it was
 * copied again by `recopy` (the new result replaces the old). A region that cannot be listed leaves
 * its results as they are: the next sweep looks again.
 */
export async function confirmCopies(
  items: readonly Confirmable[],
  driver: CloudDriver,
  deps: RetryDeps & { concurrency?: number },
  recopy: (copy: PlannedCopy) => Promise<ReplicationResult>,
): Promise<ReplicationResult[]> {
  const latest = new Map(items.map((i) => [pairKey(i.copy), i]));
  let toCheck = items.filter((i) => i.result.outcome === 'copied' && i.result.copySnapshotId !== undefined);
  for (let link = 0; toCheck.length > 0; link += 1) {
    const regions = [...new Set(toCheck.map((i) => i.copy.destination.region))];
    const asks = regions.map((region) => ({ region, hint: { snapshotIds: toCheck.filter((i) => i.copy.destination.region === region).map((i) => i.result.copySnapshotId as string) } }));
    const listed = await listRegions(driver, asks, deps).catch(() => undefined);
    if (listed === undefined) break;
    const alive = new Set(listed.perAsk.flat().filter((s) => s.readiness !== 'failed' && s.readiness !== 'deleting').map((s) => `${s.region}|${s.snapshotId}`));
    const gone = toCheck.filter((i) => !listed.unavailable.has(i.copy.destination.region) && !alive.has(`${i.copy.destination.region}|${i.result.copySnapshotId}`));
    if (link === MAX_LINKS) {
      for (const i of gone) latest.set(pairKey(i.copy), { ...i, result: { ...i.result, outcome: 'failed', errorCode: 'CopyGone', reason: `copy ${i.result.copySnapshotId} is gone, and the service keeps answering gone copies` } });
      break;
    }
    toCheck = [];
    for (const i of gone) {
      const copy = { ...i.copy, clientToken: chainedClientToken(i.copy.clientToken, i.result.copySnapshotId as string) };
      const result = await recopy(copy);
      const again = result.outcome === 'copied' ? { ...result, reason: `the token's earlier copy ${i.result.copySnapshotId} is gone (deleted, or failed): copied again` } : result;
      latest.set(pairKey(copy), { copy, result: again });
      if (again.outcome === 'copied') toCheck.push({ copy, result: again });
    }
  }
  return items.map((i) => (latest.get(pairKey(i.copy)) as Confirmable).result);
}
