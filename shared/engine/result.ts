import type { Snapshot } from '../snapshot';

/** Contract 3: what happened to one (source snapshot, destination) pair. */
export type Outcome = 'copied' | 'already-copied' | 'in-progress' | 'deferred' | 'skipped' | 'failed';

export const OUTCOMES: readonly Outcome[] = ['copied', 'already-copied', 'in-progress', 'deferred', 'skipped', 'failed'];

export interface ReplicationResult {
  sourceSnapshotId: string;
  sourceRegion: string;
  destinationRegion: string;
  outcome: Outcome;
  /** The copy in the destination: new (copied) or found (already-copied, in-progress). */
  copySnapshotId?: string;
  /** The service's error code for failed and deferred results. */
  errorCode?: string;
  /** The rule that asked for this copy. */
  rule?: string;
  /** Why: the skip reason, the error message, what is awaited. */
  reason?: string;
  /** When the source snapshot was made (ISO 8601), where the run saw it: tells how long a pair has waited. */
  sourceCreatedAt?: string;
}

/** Upkeep beside the copies: deadlines set on CBS copies, expired ENS copies pruned, ENS snapshots taken. */
export interface ChoreResult {
  kind: 'retention' | 'prune' | 'create-snapshot';
  rule: string;
  region: string;
  /** The copy given a deadline or pruned, or the snapshot taken. */
  snapshotId?: string;
  diskId?: string;
  outcome: 'done' | 'deferred' | 'failed' | 'planned';
  errorCode?: string;
  reason?: string;
}

/** Everything a run did, for the answer and the summary log line. */
export interface RunReport {
  results: ReplicationResult[];
  chores: ChoreResult[];
  /** Work not reached before the time budget ran out (already counted as deferred results). */
  budgetExhausted: boolean;
  apiCalls: number;
}

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
