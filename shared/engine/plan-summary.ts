/**
 * A dry run's results, read back as a plan: per rule and destination, what would be copied and what
 * is already there, in progress, deferred or skipped, and how much data the copies would move.
 * Pure: the planning itself is runSweep's ({ dryRun: true }); this only sorts and adds up.
 */
import type { Outcome, ReplicationResult } from '../contracts/results';
export type PlanAction = 'would-copy' | Outcome;

const PLAN_ACTIONS: readonly PlanAction[] = ['would-copy', 'already-copied', 'in-progress', 'deferred', 'skipped', 'failed', 'copied'];

export interface PlanItem extends ReplicationResult {
  action: PlanAction;
  /** The name the copy would get (would-copy only). */
  copyName?: string;
  /** The source's size, when its listing told. */
  sizeGb?: number;
}

export interface PlanCounts {
  counts: Record<PlanAction, number>;
  /** Sum of the sources' sizes over the would-copy pairs. */
  transferGb: number;
  /** Would-copy pairs whose source's size is unknown (not in the sum). */
  unknownSizes: number;
}

export interface PlanGroup extends PlanCounts {
  rule: string;
  destinationRegion: string;
}

export interface PlanSummary {
  items: PlanItem[];
  groups: PlanGroup[];
  totals: PlanCounts;
}

export type SizeOf = (region: string, snapshotId: string) => number | undefined;

function emptyCounts(): PlanCounts {
  return { counts: Object.fromEntries(PLAN_ACTIONS.map((a) => [a, 0])) as Record<PlanAction, number>, transferGb: 0, unknownSizes: 0 };
}

function add(into: PlanCounts, item: PlanItem): void {
  into.counts[item.action] += 1;
  if (item.action !== 'would-copy') return;
  if (item.sizeGb === undefined) into.unknownSizes += 1;
  else into.transferGb += item.sizeGb;
}

function planItem(result: ReplicationResult, sizeOf: SizeOf): PlanItem {
  if (result.plannedCopyName === undefined) return { ...result, action: result.outcome };
  const sizeGb = sizeOf(result.sourceRegion, result.sourceSnapshotId);
  const { reason: _reason, plannedCopyName, ...rest } = result;
  return { ...rest, action: 'would-copy', copyName: plannedCopyName, ...(sizeGb !== undefined ? { sizeGb } : {}) };
}

/** Groups in the order the results first name them (the policy's rule order). */
export function summarizePlan(results: readonly ReplicationResult[], sizeOf: SizeOf): PlanSummary {
  const items = results.map((r) => planItem(r, sizeOf));
  const groups = new Map<string, PlanGroup>();
  const totals = emptyCounts();
  for (const item of items) {
    const rule = item.rule ?? '';
    const key = `${rule}|${item.destinationRegion}`;
    let group = groups.get(key);
    if (!group) {
      group = { rule, destinationRegion: item.destinationRegion, ...emptyCounts() };
      groups.set(key, group);
    }
    add(group, item);
    add(totals, item);
  }
  return { items, groups: [...groups.values()], totals };
}
