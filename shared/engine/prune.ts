/**
 * Deleting what a rule made once it is past its retention, and nothing else. A copy is pruned only
 * when its name carries this rule's own mark, it came from one of the rule's source regions, it lies
 * in one of the rule's destinations, it is finished, and it is older than that destination's
 * retention. ENS copies have no retention of their own, so every expired one is pruned; on CBS a copy
 * already past its retention when first seen cannot take a deadline (one in the past is refused), so
 * it is pruned the same way. Copies made by hand or by another rule are never touched.
 */
import type { CloudDriver } from '../contracts/driver';
import { choreOutcome, failureFields, failureOf } from '../contracts/failure';
import type { Rule } from '../contracts/policy';
import type { ChoreResult } from '../contracts/results';
import type { Snapshot } from '../contracts/snapshot';
import { callWithRetry, type RetryDeps } from './call-with-retry';
import type { LineageReader } from './lineage';
import type { SweepChores } from './sweep-chores';

const DAY_MS = 86_400_000;

/** A snapshot to delete, the rule that made it, and why it goes. */
export interface PlannedDeletion {
  rule: string;
  snapshot: Snapshot;
  why: string;
}

/** Pure: the rules' own copies past their destination's retention. */
export function planCopyPrunes(rules: readonly Rule[], snapshots: readonly Snapshot[], lineage: LineageReader, nowMs: number): PlannedDeletion[] {
  const out: PlannedDeletion[] = [];
  for (const rule of rules) {
    for (const destination of rule.destinations) {
      if (destination.retentionDays === undefined) continue;
      for (const copy of snapshots) {
        if (copy.region !== destination.region || copy.readiness !== 'ready') continue;
        const mark = lineage.read(copy);
        if (!mark || mark.rule !== rule.name || !rule.sourceRegions.includes(mark.sourceRegion)) continue;
        if (nowMs - copy.createdAt > destination.retentionDays * DAY_MS) {
          out.push({ rule: rule.name, snapshot: copy, why: `copy of ${mark.sourceSnapshotId} past its retention (${destination.retentionDays} days)` });
        }
      }
    }
  }
  return out;
}

export function plannedDeletion(d: PlannedDeletion): ChoreResult {
  return { kind: 'prune', rule: d.rule, region: d.snapshot.region, snapshotId: d.snapshot.snapshotId, outcome: 'planned', reason: d.why };
}

/** Deletes each planned snapshot within the budget; one already gone counts as done. */
export async function executeDeletions(deletions: readonly PlannedDeletion[], driver: CloudDriver, deps: RetryDeps): Promise<ChoreResult[]> {
  const out: ChoreResult[] = [];
  for (const d of deletions) {
    const base = { kind: 'prune', rule: d.rule, region: d.snapshot.region, snapshotId: d.snapshot.snapshotId } as const;
    try {
      const gone = await callWithRetry((limits) => driver.deleteSnapshot(d.snapshot.region, d.snapshot.snapshotId, limits), deps, true);
      out.push({ ...base, outcome: 'done', reason: gone === 'already-gone' ? 'already gone' : d.why });
    } catch (error) {
      const failure = failureOf(error);
      out.push({ ...base, outcome: choreOutcome(failure), ...failureFields(failure) });
    }
  }
  return out;
}

/** Expired copies pruned after a sweep's copies, on clouds whose copies can outlive their retention (ENS, CBS). */
export const copyPruning: SweepChores = {
  plan(rules, snapshots, lineage, nowMs, capabilities) {
    const prunes = capabilities.retention === 'copy-parameter' ? [] : planCopyPrunes(rules, snapshots, lineage, nowMs);
    return { planned: () => prunes.map(plannedDeletion), execute: (driver, deps) => executeDeletions(prunes, driver, deps) };
  },
};
