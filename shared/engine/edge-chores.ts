import { InputError } from '../contracts/errors';
import { choreOutcome, failureFields, failureOf } from '../contracts/failure';
import type { Rule } from '../contracts/policy';
import type { ChoreResult } from '../contracts/results';
import type { Lineage, Snapshot } from '../contracts/snapshot';
import { validateEnsCreateSnapshot } from '../validation/ens';
import { callWithRetry, type RetryDeps } from './call-with-retry';
import type { CloudDriver } from '../contracts/driver';
import type { LineageReader } from './lineage';
import type { SweepChores } from './sweep-chores';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** A snapshot a rule takes itself (ENS `createSnapshots`). */
export interface PlannedCreate {
  rule: string;
  region: string;
  diskId: string;
  name: string;
}

/** An expired copy a rule made, to delete (ENS copies have no retention of their own). */
export interface PlannedPrune {
  rule: Rule;
  copy: Snapshot;
  lineage: Lineage;
}

/** The mark of a snapshot a rule took: ENS names allow letters, digits, `:`, `_` and `-`, starting with a letter. */
function scheduledSnapshotName(rule: string, diskId: string, nowMs: number): string {
  const stamp = new Date(nowMs).toISOString().replace(/[-:T]/g, '').slice(0, 12);
  return `srepauto:${rule}:${diskId}:${stamp}`;
}

function isScheduledBy(snapshot: Snapshot, rule: string, diskId: string): boolean {
  return snapshot.name?.startsWith(`srepauto:${rule}:${diskId}:`) === true;
}

/**
 * Pure: a disk gets a new snapshot when the newest one this rule took (made, or still being made)
 * is older than the interval, so repeated or duplicated ticks never take extra snapshots.
 */
export function planScheduledSnapshots(rules: readonly Rule[], snapshots: readonly Snapshot[], nowMs: number): Array<PlannedCreate | ChoreResult> {
  const out: Array<PlannedCreate | ChoreResult> = [];
  for (const rule of rules) {
    if (!rule.createSnapshots) continue;
    for (const diskId of rule.createSnapshots.diskIds) {
      const own = snapshots.filter((s) => rule.sourceRegions.includes(s.region) && isScheduledBy(s, rule.name, diskId) && s.readiness !== 'failed');
      const newest = Math.max(-Infinity, ...own.map((s) => s.createdAt));
      if (nowMs - newest < rule.createSnapshots.intervalHours * HOUR_MS) continue;
      // The disk's node: where its snapshots are, or the rule's only source node.
      const regions = new Set(snapshots.filter((s) => s.diskId === diskId && rule.sourceRegions.includes(s.region)).map((s) => s.region));
      const region = regions.size === 1 ? [...regions][0] : rule.sourceRegions.length === 1 ? rule.sourceRegions[0] : undefined;
      if (region === undefined) {
        out.push({ kind: 'create-snapshot', rule: rule.name, region: '', diskId, outcome: 'failed', errorCode: 'InvalidInput', reason: `cannot tell which of ${rule.sourceRegions.join(', ')} holds disk ${diskId}; give the rule one source node` });
        continue;
      }
      out.push({ rule: rule.name, region, diskId, name: scheduledSnapshotName(rule.name, diskId, nowMs) });
    }
  }
  return out;
}

/**
 * Pure: copies this rule made (its own mark, from one of its source nodes, in one of its destination
 * nodes) that are older than that destination's retention. Nothing else is ever chosen.
 */
export function planPrune(rules: readonly Rule[], snapshots: readonly Snapshot[], lineage: LineageReader, nowMs: number): PlannedPrune[] {
  const out: PlannedPrune[] = [];
  for (const rule of rules) {
    for (const destination of rule.destinations) {
      if (destination.retentionDays === undefined) continue;
      for (const copy of snapshots) {
        if (copy.region !== destination.region || copy.readiness !== 'ready') continue;
        const mark = lineage.read(copy);
        if (!mark || mark.rule !== rule.name || !rule.sourceRegions.includes(mark.sourceRegion)) continue;
        if (nowMs - copy.createdAt > destination.retentionDays * DAY_MS) out.push({ rule, copy, lineage: mark });
      }
    }
  }
  return out;
}

function isPlannedCreate(item: PlannedCreate | ChoreResult): item is PlannedCreate {
  return !('kind' in item);
}

/** Takes the planned snapshots and deletes the expired copies, within the budget. */
async function executeEdgeChores(
  work: { create: ReadonlyArray<PlannedCreate | ChoreResult>; prune: readonly PlannedPrune[] },
  driver: CloudDriver,
  deps: RetryDeps,
): Promise<ChoreResult[]> {
  const out: ChoreResult[] = [];
  for (const item of work.create) {
    if (!isPlannedCreate(item)) {
      out.push(item);
      continue;
    }
    const base = { kind: 'create-snapshot', rule: item.rule, region: item.region, diskId: item.diskId } as const;
    const problems = validateEnsCreateSnapshot({ diskId: item.diskId, ensRegionId: item.region, name: item.name });
    if (problems.length > 0) {
      out.push({ ...base, outcome: 'failed', errorCode: 'InvalidInput', reason: new InputError('InvalidInput', problems).message });
      continue;
    }
    try {
      // Not repeated after a timeout: the next tick sees a snapshot the lost call made by its name.
      const snapshotId = await callWithRetry((limits) => driver.createSnapshot(item.region, item.diskId, item.name, limits), deps, false);
      out.push({ ...base, snapshotId, outcome: 'done', reason: item.name });
    } catch (error) {
      const failure = failureOf(error);
      out.push({ ...base, outcome: choreOutcome(failure), ...failureFields(failure) });
    }
  }
  for (const p of work.prune) {
    const base = { kind: 'prune', rule: p.rule.name, region: p.copy.region, snapshotId: p.copy.snapshotId } as const;
    try {
      const gone = await callWithRetry((limits) => driver.deleteSnapshot(p.copy.region, p.copy.snapshotId, limits), deps, true);
      out.push({ ...base, outcome: 'done', reason: gone === 'already-gone' ? 'already gone' : `copy of ${p.lineage.sourceSnapshotId} past its retention` });
    } catch (error) {
      const failure = failureOf(error);
      out.push({ ...base, outcome: choreOutcome(failure), ...failureFields(failure) });
    }
  }
  return out;
}

/** The ENS function's sweep chores: scheduled snapshots first, then pruning, after the copies. */
export const edgeChores: SweepChores = {
  plan(rules, snapshots, lineage, nowMs, capabilities) {
    const create = capabilities.takesSnapshots ? planScheduledSnapshots(rules, snapshots, nowMs) : [];
    const prune = capabilities.retention === 'prune' ? planPrune(rules, snapshots, lineage, nowMs) : [];
    return {
      planned: () => [
        ...create.map((c): ChoreResult => (isPlannedCreate(c) ? { kind: 'create-snapshot', rule: c.rule, region: c.region, diskId: c.diskId, outcome: 'planned' } : c)),
        ...prune.map((p): ChoreResult => ({ kind: 'prune', rule: p.rule.name, region: p.copy.region, snapshotId: p.copy.snapshotId, outcome: 'planned' })),
      ],
      execute: (driver, deps) => executeEdgeChores({ create, prune }, driver, deps),
    };
  },
};
