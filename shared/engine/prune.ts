/**
 * Deleting what a rule made once it is past its retention, and nothing else. A copy is pruned only
 * when its name carries this rule's own mark, it came from one of the rule's source regions, it lies
 * in one of the rule's destinations, it is finished, and it is older than that destination's
 * retention. ENS copies have no retention of their own, so every expired one is pruned; on CBS a copy
 * already past its retention when first seen cannot take a deadline (one in the past is refused), so
 * it is pruned the same way. Copies made by hand or by another rule are never touched.
 *
 * Duplicates too: two runs that overlap (a timer tick beside a manual run) can both copy a pair on a
 * cloud with no idempotency token (ENS), or when the first copy finished before the second call
 * (CBS refuses a second copy only while one is running). Of a rule's own copies of one source in one
 * destination, the oldest finished one is kept and every other finished one is deleted; one still
 * being made waits for a later sweep. Every run that sees the duplicates keeps the same one.
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

/** Pure: the rules' own copies that duplicate another of the same source in the same destination. */
function planDuplicatePrunes(rules: readonly Rule[], snapshots: readonly Snapshot[], lineage: LineageReader): PlannedDeletion[] {
  const out: PlannedDeletion[] = [];
  for (const rule of rules) {
    for (const destination of rule.destinations) {
      const bySource = new Map<string, Snapshot[]>();
      for (const copy of snapshots) {
        if (copy.region !== destination.region || (copy.readiness !== 'ready' && copy.readiness !== 'pending')) continue;
        const mark = lineage.read(copy);
        if (!mark || mark.rule !== rule.name || !rule.sourceRegions.includes(mark.sourceRegion)) continue;
        const key = `${mark.sourceRegion}|${mark.sourceSnapshotId}`;
        bySource.set(key, [...(bySource.get(key) ?? []), copy]);
      }
      for (const group of bySource.values()) {
        if (group.length < 2) continue;
        // Finished before unfinished, then oldest, then by id: the same choice in every run.
        const [kept, ...rest] = [...group].sort((a, b) => Number(b.readiness === 'ready') - Number(a.readiness === 'ready') || a.createdAt - b.createdAt || (a.snapshotId < b.snapshotId ? -1 : 1));
        for (const extra of rest) {
          if (extra.readiness === 'ready') out.push({ rule: rule.name, snapshot: extra, why: `duplicate of ${kept?.snapshotId} (overlapping runs copied the same source)` });
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
    // A cloud that keeps retention on the copy call (ECS) deletes nothing here; its ClientToken keeps one copy a pair.
    const deletes = capabilities.retention !== 'copy-parameter';
    const expired = deletes ? planCopyPrunes(rules, snapshots, lineage, nowMs) : [];
    const planned = new Set(expired.map((d) => d.snapshot.snapshotId));
    const duplicates = deletes ? planDuplicatePrunes(rules, snapshots, lineage).filter((d) => !planned.has(d.snapshot.snapshotId)) : [];
    const prunes = [...expired, ...duplicates];
    return { planned: () => prunes.map(plannedDeletion), execute: (driver, deps) => executeDeletions(prunes, driver, deps) };
  },
};
