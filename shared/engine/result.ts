import { OUTCOMES, type Outcome, type ReplicationResult } from '../contracts/results';
import type { Snapshot } from '../contracts/snapshot';

/** What a result's fields say of its pair; `rest` adds the outcome and whatever explains it. */
export type PairDetails = Omit<ReplicationResult, 'sourceSnapshotId' | 'sourceRegion' | 'destinationRegion' | 'rule' | 'sourceCreatedAt'>;

/** The last creation time written out: a source's results are made one after another, a destination each. */
let lastCreated = { ms: NaN, iso: '' };

function isoOf(ms: number): string {
  if (lastCreated.ms !== ms) lastCreated = { ms, iso: new Date(ms).toISOString() };
  return lastCreated.iso;
}

/** The one way a (source, destination) result is made, in planning and in execution alike. */
export function pairResult(rule: string, source: Snapshot, destinationRegion: string, rest: PairDetails): ReplicationResult {
  // The source's creation time is left out when unknown (0).
  const created = source.createdAt > 0 && Number.isFinite(source.createdAt) ? { sourceCreatedAt: isoOf(source.createdAt) } : {};
  return { sourceSnapshotId: source.snapshotId, sourceRegion: source.region, destinationRegion, rule, ...rest, ...created };
}

export function countOutcomes(results: readonly ReplicationResult[]): Record<Outcome, number> {
  const counts = Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Record<Outcome, number>;
  for (const r of results) counts[r.outcome] += 1;
  return counts;
}
