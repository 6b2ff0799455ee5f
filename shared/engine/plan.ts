import type { DriverCapabilities } from '../contracts/driver';
import { failureFields, type Failure } from '../contracts/failure';
import { matchSnapshot } from '../policy/match';
import { expandTemplate, templateDate } from '../policy/templates';
import type { Destination, Rule } from '../contracts/policy';
import type { Snapshot } from '../contracts/snapshot';
import { copyDescriptionRule, copyNameRule } from '../validation/names';
import { copyClientToken } from './client-token';
import { copyKey, indexCopies, type LineageReader } from './lineage';
import { type ReplicationResult } from '../contracts/results';
import { pairResult, type PairDetails } from './result';
/** A copy the executor should start. */
export interface PlannedCopy {
  rule: Rule;
  source: Snapshot;
  destination: Destination;
  name: string;
  description?: string;
  clientToken: string;
}

/** A deadline a CBS copy still lacks. */
export interface PlannedDeadline {
  rule: string;
  region: string;
  snapshotId: string;
  deadlineMs: number;
}

export interface Plan {
  copies: PlannedCopy[];
  deadlines: PlannedDeadline[];
  /** Pairs decided without a call: already copied, in progress, deferred, skipped. */
  decided: ReplicationResult[];
}

export interface PlanInput {
  /** Rules of one cloud. */
  rules: readonly Rule[];
  /** Every snapshot of every region listed for this run (sources and destinations). */
  snapshots: readonly Snapshot[];
  lineage: LineageReader;
  nowMs: number;
  /**
   * Event and manual runs name their sources; each named source gets a result even when it is not
   * copied (so the caller learns why). A sweep leaves this unset and stays quiet about non-matches.
   */
  namedSources?: ReadonlyArray<{ snapshotId: string; region: string }>;
  /** Manual copies skip the rule's match conditions: the caller chose the snapshot. */
  ignoreMatch?: boolean;
  /** The cloud's facts: one copy per disk and destination at a time (ECS), retention by deadline (CBS). */
  capabilities: Pick<DriverCapabilities, 'oneCopyPerDiskAndDestination' | 'retention'>;
  /**
   * Regions that could not be listed, with why. Their pairs are neither copied nor counted as copied
   * (what the region holds is unknown): one result per rule, region and destination says so.
   */
  unavailable?: ReadonlyMap<string, Failure>;
  /**
   * Manual copies name a snapshot a person typed: one its region does not list does not exist, and the
   * pair fails. Events name snapshots the cloud announced, which its API may not show yet: deferred.
   */
  namedSourcesMustExist?: boolean;
}

const DAY_MS = 86_400_000;

function result(rule: Rule, source: Snapshot, destinationRegion: string, rest: PairDetails): ReplicationResult {
  return pairResult(rule.name, source, destinationRegion, rest);
}

function templateVars(rule: Rule, source: Snapshot, destinationRegion: string): Record<string, string> {
  return {
    rule: rule.name,
    sourceId: source.snapshotId,
    sourceName: source.name ?? '',
    sourceRegion: source.region,
    destinationRegion,
    diskId: source.diskId ?? '',
    date: templateDate(source.createdAt),
  };
}

/** Newest first: the latest state of a disk is the one worth protecting first. Ties go by id (code units, not locale: cheaper, and the same everywhere). */
function newestFirst(a: Snapshot, b: Snapshot): number {
  return b.createdAt - a.createdAt || (a.snapshotId < b.snapshotId ? -1 : a.snapshotId > b.snapshotId ? 1 : 0);
}

/**
 * Pure: sources x matching rules x destinations, against the copies that already exist.
 * One decision per (source, destination), whichever rules ask for it (the first rule wins).
 */
export function planCopies(input: PlanInput): Plan {
  const plan: Plan = { copies: [], deadlines: [], decided: [] };
  const copies = indexCopies(input.snapshots, input.lineage);
  const byRegion = new Map<string, Snapshot[]>();
  for (const s of input.snapshots) {
    const list = byRegion.get(s.region);
    if (list) list.push(s);
    else byRegion.set(s.region, [s]);
  }
  const named = input.namedSources ? new Set(input.namedSources.map((n) => `${n.region}|${n.snapshotId}`)) : undefined;
  const decidedPairs = new Set<string>();
  // ECS: (disk, destination) pairs that already have a copy running.
  const busyDisks = new Set<string>();
  if (input.capabilities.oneCopyPerDiskAndDestination) {
    for (const s of input.snapshots) {
      if (s.readiness === 'pending' && input.lineage.isCopy(s) && s.diskId) busyDisks.add(`${s.diskId}|${s.region}`);
    }
  }

  const unavailable = input.unavailable ?? new Map<string, Failure>();
  for (const rule of input.rules) {
    for (const region of rule.sourceRegions) {
      for (const d of rule.destinations) {
        const down = unavailable.has(region) ? region : unavailable.has(d.region) ? d.region : undefined;
        if (down !== undefined) plan.decided.push(unavailableResult(rule, region, d.region, down, unavailable.get(down) as Failure));
      }
      if (unavailable.has(region)) continue;
      const candidates = (byRegion.get(region) ?? []).filter((s) => !named || named.has(`${s.region}|${s.snapshotId}`));
      for (const source of [...candidates].sort(newestFirst)) {
        const explain = named !== undefined;
        const skipAll = (outcome: ReplicationResult['outcome'], reason: string): void => {
          if (!explain) return;
          for (const d of rule.destinations) {
            const pair = copyKey(source.region, source.snapshotId, d.region);
            if (decidedPairs.has(pair)) continue;
            decidedPairs.add(pair);
            plan.decided.push(result(rule, source, d.region, { outcome, reason }));
          }
        };
        if (input.lineage.isCopy(source)) {
          skipAll('skipped', 'is a copy (never a source)');
          continue;
        }
        if (!input.ignoreMatch) {
          const match = matchSnapshot(rule, source, input.nowMs);
          if (!match.matched) {
            skipAll('skipped', match.reason);
            continue;
          }
        }
        for (const destination of rule.destinations) {
          const pair = copyKey(source.region, source.snapshotId, destination.region);
          if (decidedPairs.has(pair) || unavailable.has(destination.region)) continue;
          decidedPairs.add(pair);
          const decide = (rest: PairDetails): void => {
            plan.decided.push(result(rule, source, destination.region, rest));
          };
          if (source.readiness === 'failed' || source.readiness === 'deleting') {
            decide({ outcome: 'skipped', reason: `source is ${source.status}` });
            continue;
          }
          const existing = (copies.get(pair) ?? []).filter((c) => c.readiness === 'ready' || c.readiness === 'pending');
          const ready = existing.find((c) => c.readiness === 'ready');
          const found = ready ?? existing[0];
          if (found) {
            decide({ outcome: ready ? 'already-copied' : 'in-progress', copySnapshotId: found.snapshotId });
            // A deadline goes only on this rule's own copies (never one made by hand), and only while it
            // lies ahead: a copy already past its retention is pruned instead (prune.ts).
            const deadlineMs = destination.retentionDays === undefined ? undefined : found.createdAt + destination.retentionDays * DAY_MS;
            const own = input.lineage.read(found)?.rule === rule.name;
            if (input.capabilities.retention === 'deadline' && deadlineMs !== undefined && deadlineMs > input.nowMs && own && found.deadline === undefined) {
              plan.deadlines.push({ rule: rule.name, region: destination.region, snapshotId: found.snapshotId, deadlineMs });
            }
            continue;
          }
          // A copy would expire on arrival, and copying it again after each expiry would never end.
          if (destination.retentionDays !== undefined && input.nowMs - source.createdAt >= destination.retentionDays * DAY_MS) {
            decide({ outcome: 'skipped', reason: `older than the destination's retention (${destination.retentionDays} days)` });
            continue;
          }
          if (source.copyingToRegions?.includes(destination.region)) {
            decide({ outcome: 'in-progress', reason: 'the source is being copied to this region' });
            continue;
          }
          if (source.readiness === 'pending') {
            decide({ outcome: 'deferred', reason: `source is not ready yet (${source.status})` });
            continue;
          }
          if (input.capabilities.oneCopyPerDiskAndDestination && source.diskId) {
            const disk = `${source.diskId}|${destination.region}`;
            if (busyDisks.has(disk)) {
              decide({ outcome: 'deferred', reason: `another copy of disk ${source.diskId} to ${destination.region} is in flight` });
              continue;
            }
            busyDisks.add(disk);
          }
          const vars = templateVars(rule, source, destination.region);
          plan.copies.push({
            rule,
            source,
            destination,
            name: expandTemplate(rule.copyName, vars, copyNameRule(rule.cloud)),
            ...(rule.copyDescription !== undefined ? { description: expandTemplate(rule.copyDescription, vars, copyDescriptionRule(rule.cloud)) } : {}),
            clientToken: copyClientToken(rule.name, source.region, source.snapshotId, destination.region),
          });
        }
      }
    }
  }

  if (input.namedSources) explainUnplanned(input, plan, unavailable);
  return plan;
}

/** The one result that stands for every pair of a rule's source region and destination while one of them is unavailable. */
function unavailableResult(rule: Rule, sourceRegion: string, destinationRegion: string, down: string, failure: Failure): ReplicationResult {
  return {
    sourceSnapshotId: '',
    sourceRegion,
    destinationRegion,
    rule: rule.name,
    outcome: failure.outcome === 'failed' ? 'failed' : 'deferred',
    ...failureFields(failure),
    reason: `${down} could not be listed, so none of its pairs was copied: ${failure.reason}`,
    regionUnavailable: true,
  };
}

/** Every named source gets an answer: not visible yet (events can outrun the API) or not there at all (a manual copy), or no rule for it. */
function explainUnplanned(input: PlanInput, plan: Plan, unavailable: ReadonlyMap<string, Failure>): void {
  const answered = new Set([...plan.decided, ...plan.copies.map((c) => ({ sourceRegion: c.source.region, sourceSnapshotId: c.source.snapshotId }))].map((r) => `${r.sourceRegion}|${r.sourceSnapshotId}`));
  const seen = new Set(input.snapshots.map((s) => `${s.region}|${s.snapshotId}`));
  for (const n of input.namedSources ?? []) {
    const key = `${n.region}|${n.snapshotId}`;
    if (answered.has(key)) continue;
    const base = { sourceSnapshotId: n.snapshotId, sourceRegion: n.region };
    // An unlisted region's pairs are answered by its one region result.
    if (unavailable.has(n.region)) continue;
    const rules = input.rules.filter((r) => r.sourceRegions.includes(n.region));
    if (rules.length === 0) {
      plan.decided.push({ ...base, destinationRegion: '', outcome: 'skipped', reason: `no rule replicates region ${n.region}` });
      continue;
    }
    for (const rule of rules) {
      for (const d of rule.destinations.filter((dest) => !unavailable.has(dest.region))) {
        const pair = { ...base, destinationRegion: d.region, rule: rule.name };
        plan.decided.push(
          seen.has(key)
            ? { ...pair, outcome: 'skipped', reason: 'not planned' }
            : input.namedSourcesMustExist
              ? { ...pair, outcome: 'failed', errorCode: 'InvalidSnapshotId.NotFound', reason: `snapshot ${n.snapshotId} does not exist in ${n.region}` }
              : { ...pair, outcome: 'deferred', errorCode: 'InvalidSnapshotId.NotFound', reason: 'the source is not visible in its region yet' },
        );
      }
    }
  }
}
