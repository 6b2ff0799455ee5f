import { defaultCopyName } from '../policy/templates';
import type { Policy, Rule } from '../policy/types';
import type { CloudKind, Snapshot } from '../snapshot';
import type { CopyRequest, SnapshotEvent, SweepRequest } from '../triggers/types';
import type { TimeBudget } from './budget';
import type { RetryDeps } from './call-with-retry';
import type { CloudDriver } from './cloud-driver';
import { listRegion } from './list-region';
import { executePlan } from './execute';
import { LineageReader } from './lineage';
import { RequestPacer, type Sleep } from './pacer';
import { planCopies, type Plan, type PlanInput } from './plan';
import { DEFAULT_CONCURRENCY, pool } from './pool';
import type { ChoreResult, ReplicationResult, RunReport } from './result';
import type { SweepChores } from './sweep-chores';

/** Everything a run needs from outside: drivers per cloud, the policy, time and randomness. */
export interface RunDeps {
  policy: Policy;
  driverFor(cloud: CloudKind): CloudDriver;
  budget: TimeBudget;
  now: () => number;
  sleep: Sleep;
  random: () => number;
  concurrency?: number;
  /** Upkeep a sweep plans beside its copies (ENS); none when unset. */
  sweepChores?: SweepChores;
  /** Told of each retry of any call (see RetryDeps). */
  onRetry?: RetryDeps['onRetry'];
}

interface Output {
  results: ReplicationResult[];
  chores: ChoreResult[];
}

function destinationRegionsOf(rules: readonly Rule[]): Set<string> {
  return new Set(rules.flatMap((r) => r.destinations.map((d) => d.region)));
}

function regionsOf(rules: readonly Rule[]): Set<string> {
  return new Set([...rules.flatMap((r) => r.sourceRegions), ...destinationRegionsOf(rules)]);
}


function cloudFacts(driver: CloudDriver): Pick<PlanInput, 'oneCopyPerDiskAndDestination' | 'retentionByDeadline'> {
  return { oneCopyPerDiskAndDestination: driver.cloud === 'aliyun-ecs', retentionByDeadline: driver.setDeadline !== undefined };
}

function lineageFor(policy: Policy, cloud: CloudKind, extra: Rule[] = []): LineageReader {
  return new LineageReader([...policy.rules.filter((r) => r.cloud === cloud), ...extra]);
}

interface ListAsk {
  region: string;
  hint?: Parameters<CloudDriver['listSnapshots']>[1];
}

/** Lists regions side by side (they answer independently); one list per ask, in the order asked. */
function listEach(driver: CloudDriver, asks: readonly ListAsk[], deps: RunDeps): Promise<Snapshot[][]> {
  return pool(asks, deps.concurrency ?? DEFAULT_CONCURRENCY, (a) => listRegion(driver, a.region, deps, a.hint));
}

async function listAll(driver: CloudDriver, asks: readonly ListAsk[], deps: RunDeps): Promise<Snapshot[]> {
  return (await listEach(driver, asks, deps)).flat();
}

function disksOf(items: ReadonlyArray<{ diskId?: string | undefined }>): string[] {
  return [...new Set(items.map((s) => s.diskId).filter((d): d is string => d !== undefined))];
}

function unique(snapshots: Snapshot[]): Snapshot[] {
  const seen = new Map<string, Snapshot>();
  for (const s of snapshots) seen.set(`${s.region}|${s.snapshotId}`, s);
  return [...seen.values()];
}

async function carryOut(plan: Plan, driver: CloudDriver, deps: RunDeps, dryRun: boolean): Promise<Output> {
  if (dryRun) {
    const wouldCopy = plan.copies.map((c): ReplicationResult => ({
      sourceSnapshotId: c.source.snapshotId, sourceRegion: c.source.region, destinationRegion: c.destination.region,
      rule: c.rule.name, outcome: 'skipped', reason: `dry run: would copy as ${c.name}`,
    }));
    const deadlines = plan.deadlines.map((d): ChoreResult => ({ kind: 'retention', rule: d.rule, region: d.region, snapshotId: d.snapshotId, outcome: 'planned' }));
    return { results: [...plan.decided, ...wouldCopy], chores: deadlines };
  }
  const pacer = new RequestPacer(driver.copyLimit, deps.now, deps.sleep);
  return executePlan(plan, { driver, budget: deps.budget, pacer, sleep: deps.sleep, random: deps.random, now: deps.now, ...(deps.concurrency ? { concurrency: deps.concurrency } : {}), ...(deps.onRetry ? { onRetry: deps.onRetry } : {}) });
}

/** Runs `work` for each cloud's driver and adds up what it did and how many calls it took. */
async function acrossClouds(clouds: Iterable<CloudKind>, deps: RunDeps, work: (driver: CloudDriver, out: Output) => Promise<void>): Promise<RunReport> {
  const out: Output = { results: [], chores: [] };
  let apiCalls = 0;
  for (const cloud of new Set(clouds)) {
    const driver = deps.driverFor(cloud);
    const before = driver.callCount;
    try {
      await work(driver, out);
    } finally {
      apiCalls += driver.callCount - before;
    }
  }
  const budgetExhausted = [...out.results, ...out.chores].some((r) => r.reason?.startsWith('time budget exhausted') === true);
  return { ...out, apiCalls, budgetExhausted };
}

/** The timer's work: every rule (or the named ones) over every source region, each region listed once. */
export function runSweep(request: SweepRequest, deps: RunDeps): Promise<RunReport> {
  const rules = deps.policy.rules.filter((r) => !request.rules || request.rules.includes(r.name));
  const dryRun = request.dryRun === true;
  return acrossClouds(rules.map((r) => r.cloud), deps, async (driver, out) => {
    const cloudRules = rules.filter((r) => r.cloud === driver.cloud);
    const lineage = lineageFor(deps.policy, driver.cloud);
    const snapshots = await listAll(driver, [...regionsOf(cloudRules)].map((region) => ({ region })), deps);
    const now = deps.now();
    // ENS: snapshots the rules take themselves (the copies follow once they are available), expired copies.
    const chores = deps.sweepChores?.plan(cloudRules, snapshots, lineage, now);
    const plan = planCopies({ rules: cloudRules, snapshots, lineage, nowMs: now, ...cloudFacts(driver) });
    const copied = await carryOut(plan, driver, deps, dryRun);
    out.results.push(...copied.results);
    out.chores.push(...copied.chores);
    if (chores) out.chores.push(...(dryRun ? chores.planned() : await chores.execute(driver, deps)));
  });
}

/** Snapshot-created events: only the named snapshots, against the copies their destinations hold. */
export async function runEvents(events: readonly SnapshotEvent[], deps: RunDeps): Promise<RunReport> {
  const early: ReplicationResult[] = [];
  const usable: SnapshotEvent[] = [];
  for (const e of events) {
    const base = { sourceSnapshotId: e.snapshotId, sourceRegion: e.region, destinationRegion: '' };
    if (e.skip) early.push({ ...base, outcome: 'skipped', reason: e.skip });
    else if (e.notReadyYet) early.push({ ...base, outcome: 'deferred', reason: 'the snapshot is still being made; the next sweep copies it' });
    else usable.push(e);
  }
  const report = await acrossClouds(usable.map((e) => e.cloud), deps, async (driver, out) => {
    const cloudEvents = usable.filter((e) => e.cloud === driver.cloud);
    const rules = deps.policy.rules.filter((r) => r.cloud === driver.cloud && cloudEvents.some((e) => r.sourceRegions.includes(e.region)));
    const sourceAsks = [...new Set(cloudEvents.map((e) => e.region))].map((region): ListAsk => ({
      region, hint: { snapshotIds: [...new Set(cloudEvents.filter((e) => e.region === region).map((e) => e.snapshotId))] },
    }));
    // Copies keep their source's disk id, so each destination is asked only about these disks. Events
    // name their disk, so the destinations are asked at the same time as the sources are.
    const destinations = [...destinationRegionsOf(rules)];
    const copyAsks = (disks: readonly string[]): ListAsk[] => destinations.flatMap((region) => disks.map((diskId) => ({ region, hint: { diskId } })));
    const eventDisks = disksOf(cloudEvents);
    const lists = await listEach(driver, [...sourceAsks, ...copyAsks(eventDisks)], deps);
    const sources = lists.slice(0, sourceAsks.length).flat();
    const copies = lists.slice(sourceAsks.length).flat();
    // An event without its disk (or naming another one) leaves these.
    copies.push(...(await listAll(driver, copyAsks(disksOf(sources).filter((d) => !eventDisks.includes(d))), deps)));
    const plan = planCopies({
      rules, snapshots: unique([...sources, ...copies]), lineage: lineageFor(deps.policy, driver.cloud), nowMs: deps.now(),
      namedSources: cloudEvents.map((e) => ({ snapshotId: e.snapshotId, region: e.region })), ...cloudFacts(driver),
    });
    const done = await carryOut(plan, driver, deps, false);
    out.results.push(...done.results);
    out.chores.push(...done.chores);
  });
  return { ...report, results: [...early, ...report.results] };
}

/** A manual copy: the caller names the snapshot and destinations; match conditions do not apply. */
export function runManualCopy(request: CopyRequest, deps: RunDeps): Promise<RunReport> {
  const named = request.rule ? deps.policy.rules.find((r) => r.name === request.rule && r.cloud === request.cloud) : undefined;
  const copyDescription = request.copyDescription ?? named?.copyDescription;
  const rule: Rule = {
    name: named?.name ?? request.rule ?? 'manual',
    cloud: request.cloud,
    sourceRegions: [request.sourceRegion],
    match: {},
    destinations: request.destinations,
    copyName: request.copyName ?? named?.copyName ?? defaultCopyName(request.cloud),
    ...(copyDescription !== undefined ? { copyDescription } : {}),
  };
  return acrossClouds([request.cloud], deps, async (driver, out) => {
    const sources = await listRegion(driver, request.sourceRegion, deps, { snapshotIds: [request.snapshotId] });
    const diskId = sources.find((s) => s.snapshotId === request.snapshotId)?.diskId;
    const copies = await listAll(driver, rule.destinations.map((d) => ({ region: d.region, ...(diskId ? { hint: { diskId } } : {}) })), deps);
    const plan = planCopies({
      rules: [rule], snapshots: unique([...sources, ...copies]), lineage: lineageFor(deps.policy, request.cloud, [rule]), nowMs: deps.now(),
      namedSources: [{ snapshotId: request.snapshotId, region: request.sourceRegion }], ignoreMatch: true, namedSourcesMustExist: true, ...cloudFacts(driver),
    });
    const done = await carryOut(plan, driver, deps, false);
    out.results.push(...done.results);
    out.chores.push(...done.chores);
  });
}
