import { InputError } from '../contracts/errors';
import { choreOutcome, failureFields, failureOf } from '../contracts/failure';
import type { Rule } from '../contracts/policy';
import type { ChoreResult } from '../contracts/results';
import type { Snapshot } from '../contracts/snapshot';
import { validateEnsCreateSnapshot } from '../validation/ens';
import { callWithRetry, type RetryDeps } from './call-with-retry';
import type { CloudDriver } from '../contracts/driver';
import { copyPruning, executeDeletions, plannedDeletion, type PlannedDeletion } from './prune';
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
 * Pure: the snapshots a rule took itself (ENS `createSnapshots`) that are older than its
 * `retentionDays`: only this rule's own (its `srepauto:` mark for that disk), only finished ones, and
 * never the newest of a disk, so a disk always keeps its latest snapshot whatever the clock says.
 */
export function planScheduledPrunes(rules: readonly Rule[], snapshots: readonly Snapshot[], nowMs: number): PlannedDeletion[] {
  const out: PlannedDeletion[] = [];
  for (const rule of rules) {
    const retentionDays = rule.createSnapshots?.retentionDays;
    if (!rule.createSnapshots || retentionDays === undefined) continue;
    for (const diskId of rule.createSnapshots.diskIds) {
      const own = snapshots
        .filter((s) => rule.sourceRegions.includes(s.region) && isScheduledBy(s, rule.name, diskId) && s.readiness === 'ready')
        .sort((a, b) => b.createdAt - a.createdAt);
      for (const old of own.slice(1)) {
        if (nowMs - old.createdAt > retentionDays * DAY_MS) out.push({ rule: rule.name, snapshot: old, why: `scheduled snapshot of ${diskId} past its retention (${retentionDays} days)` });
      }
    }
  }
  return out;
}

function isPlannedCreate(item: PlannedCreate | ChoreResult): item is PlannedCreate {
  return !('kind' in item);
}

/** Takes the planned snapshots, within the budget. */
async function takeSnapshots(create: ReadonlyArray<PlannedCreate | ChoreResult>, driver: CloudDriver, deps: RetryDeps): Promise<ChoreResult[]> {
  const out: ChoreResult[] = [];
  for (const item of create) {
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
  return out;
}

/**
 * The ENS function's sweep chores, after the copies: snapshots the rules take themselves, then the
 * expired ones of those, then expired copies.
 */
export const edgeChores: SweepChores = {
  plan(rules, snapshots, lineage, nowMs, capabilities) {
    const create = capabilities.takesSnapshots ? planScheduledSnapshots(rules, snapshots, nowMs) : [];
    const scheduledPrunes = capabilities.takesSnapshots ? planScheduledPrunes(rules, snapshots, nowMs) : [];
    const copies = copyPruning.plan(rules, snapshots, lineage, nowMs, capabilities);
    return {
      planned: () => [
        ...create.map((c): ChoreResult => (isPlannedCreate(c) ? { kind: 'create-snapshot', rule: c.rule, region: c.region, diskId: c.diskId, outcome: 'planned' } : c)),
        ...scheduledPrunes.map(plannedDeletion),
        ...copies.planned(),
      ],
      execute: async (driver, deps) => [
        ...(await takeSnapshots(create, driver, deps)),
        ...(await executeDeletions(scheduledPrunes, driver, deps)),
        ...(await copies.execute(driver, deps)),
      ],
    };
  },
};
