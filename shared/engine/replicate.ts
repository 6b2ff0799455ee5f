import { defaultCopyDescription, defaultCopyName } from '../policy/templates';
import type { Policy, Rule } from '../contracts/policy';
import type { CloudKind, Snapshot } from '../contracts/snapshot';
import type { CopyRequest, SnapshotEvent, SweepRequest } from '../contracts/requests';
import type { TimeBudget } from './budget';
import type { CloudDriver } from '../contracts/driver';
import type { Failure } from '../contracts/failure';
import type { RetryDeps } from './call-with-retry';
import { listRegion } from './list-region';
import { listRegions, type ListAsk, type Listed } from './listing';
import { executePlan } from './execute';
import { LineageReader } from './lineage';
import { RequestPacer, type Sleep } from './pacer';
import { planCopies, type Plan } from './plan';
import type { Alert, ChoreResult, CoverageReport, ReplicationResult, RunReport, StuckCopy } from '../contracts/results';
import { evaluateRpo } from './rpo';
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
  /** Timer sweeps: the timer's grid, the reminder period and the tick the run stands for, for telling each breach once (engine/rpo.ts). */
  watch?: { periodMs: number; reminderMs: number; tickAt: number };
}

interface Output {
  results: ReplicationResult[];
  chores: ChoreResult[];
  coverage?: CoverageReport[];
  stuckCopies?: StuckCopy[];
  alerts?: Alert[];
}

function destinationRegionsOf(rules: readonly Rule[]): Set<string> {
  return new Set(rules.flatMap((r) => r.destinations.map((d) => d.region)));
}

function regionsOf(rules: readonly Rule[]): Set<string> {
  return new Set([...rules.flatMap((r) => r.sourceRegions), ...destinationRegionsOf(rules)]);
}


function lineageFor(policy: Policy, cloud: CloudKind, extra: Rule[] = []): LineageReader {
  return new LineageReader([...policy.rules.filter((r) => r.cloud === cloud), ...extra]);
}


/** The regions that could not be listed, with why, from one or more listings. */
function failuresOf(...listings: Listed[]): Map<string, Failure> {
  return new Map(listings.flatMap((l) => [...l.unavailable].map(([region, u]) => [region, u.failure] as const)));
}

/** Beyond this many disks, listing a destination whole costs fewer requests than asking disk by disk. */
const MAX_DISK_ASKS = 10;

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
      rule: c.rule.name, outcome: 'skipped', reason: `dry run: would copy as ${c.name}`, plannedCopyName: c.name,
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
  const budgetExhausted = [...out.results, ...out.chores].some((r) => r.budgetExhausted === true);
  return { ...out, apiCalls, budgetExhausted };
}

/** The timer's work: every rule (or the named ones) over every source region, each region listed once. */
export function runSweep(request: SweepRequest, deps: RunDeps): Promise<RunReport> {
  const rules = deps.policy.rules.filter((r) => !request.rules || request.rules.includes(r.name));
  const dryRun = request.dryRun === true;
  return acrossClouds(rules.map((r) => r.cloud), deps, async (driver, out) => {
    const cloudRules = rules.filter((r) => r.cloud === driver.cloud);
    const lineage = lineageFor(deps.policy, driver.cloud);
    const listed = await listRegions(driver, [...regionsOf(cloudRules)].map((region) => ({ region })), deps);
    const snapshots = listed.perAsk.flat();
    const now = deps.now();
    // ENS: snapshots the rules take themselves (the copies follow once they are available), expired copies.
    // Upkeep needs a full view of its regions: rules that touch an unlisted region get none this time.
    const upkeepRules = cloudRules.filter((r) => ![...r.sourceRegions, ...r.destinations.map((d) => d.region)].some((region) => listed.unavailable.has(region)));
    const chores = deps.sweepChores?.plan(upkeepRules, snapshots, lineage, now, driver.capabilities);
    const plan = planCopies({ rules: cloudRules, snapshots, lineage, nowMs: now, capabilities: driver.capabilities, unavailable: failuresOf(listed) });
    // From the same listings, before any copy starts: what each destination holds now.
    const watched = evaluateRpo({ rules: upkeepRules, snapshots, lineage, nowMs: now, periodMs: deps.watch?.periodMs ?? 0, reminderMs: deps.watch?.reminderMs ?? 0, ...(deps.watch ? { tickAt: deps.watch.tickAt } : {}) });
    if (cloudRules.some((r) => r.rpoHours !== undefined)) (out.coverage ??= []).push(...watched.coverage);
    if (watched.stuckCopies.length > 0) (out.stuckCopies ??= []).push(...watched.stuckCopies);
    if (watched.alerts.length > 0) (out.alerts ??= []).push(...watched.alerts);
    const copied = await carryOut(plan, driver, deps, dryRun);
    out.results.push(...copied.results);
    out.chores.push(...copied.chores);
    if (chores) out.chores.push(...(dryRun ? chores.planned() : await chores.execute(driver, deps)));
  });
}

/**
 * Snapshot-created events: only the named snapshots, against the copies their destinations hold; and
 * for events that named only their region, a sweep of the rules that replicate it.
 */
export async function runEvents(events: readonly SnapshotEvent[], deps: RunDeps, regionsToSweep: readonly string[] = []): Promise<RunReport> {
  if (regionsToSweep.length === 0) return runNamedEvents(events, deps);
  const swept = await runRegionSweeps(regionsToSweep, deps);
  return events.length === 0 ? swept : combineReports(await runNamedEvents(events, deps), swept);
}

async function runNamedEvents(events: readonly SnapshotEvent[], deps: RunDeps): Promise<RunReport> {
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
    // A batch of events naming many disks lists each destination once instead of once per disk.
    const copyAsks = (disks: readonly string[]): ListAsk[] =>
      disks.length > MAX_DISK_ASKS
        ? destinations.map((region) => ({ region }))
        : destinations.flatMap((region) => disks.map((diskId) => ({ region, hint: { diskId } })));
    const eventDisks = disksOf(cloudEvents);
    const first = await listRegions(driver, [...sourceAsks, ...copyAsks(eventDisks)], deps);
    const sources = first.perAsk.slice(0, sourceAsks.length).flat();
    const copies = first.perAsk.slice(sourceAsks.length).flat();
    // An event without its disk (or naming another one) leaves these, unless the destinations were listed whole.
    const listedWhole = eventDisks.length > MAX_DISK_ASKS;
    const more = await listRegions(driver, listedWhole ? [] : copyAsks(disksOf(sources).filter((d) => !eventDisks.includes(d))), deps);
    copies.push(...more.perAsk.flat());
    const plan = planCopies({
      rules, snapshots: unique([...sources, ...copies]), lineage: lineageFor(deps.policy, driver.cloud), nowMs: deps.now(),
      namedSources: cloudEvents.map((e) => ({ snapshotId: e.snapshotId, region: e.region })), capabilities: driver.capabilities,
      unavailable: failuresOf(first, more),
    });
    const done = await carryOut(plan, driver, deps, false);
    out.results.push(...done.results);
    out.chores.push(...done.chores);
  });
  return { ...report, results: [...early, ...report.results] };
}

/**
 * Events that name a region but not the snapshot made there (a CloudAudit log without its id): the
 * rules that replicate those regions are swept, which copies that snapshot once it is ready.
 */
async function runRegionSweeps(regions: readonly string[], deps: RunDeps): Promise<RunReport> {
  const rules = deps.policy.rules.filter((r) => r.sourceRegions.some((region) => regions.includes(region)));
  if (rules.length === 0) {
    const results = regions.map((region): ReplicationResult => ({ sourceSnapshotId: '', sourceRegion: region, destinationRegion: '', outcome: 'skipped', reason: `no rule replicates region ${region}` }));
    return { results, chores: [], apiCalls: 0, budgetExhausted: false };
  }
  return runSweep({ action: 'sweep', rules: rules.map((r) => r.name) }, deps);
}

/** Two runs of one invocation as one report. */
function combineReports(a: RunReport, b: RunReport): RunReport {
  const joined = <T>(x?: T[], y?: T[]): T[] | undefined => (x || y ? [...(x ?? []), ...(y ?? [])] : undefined);
  const coverage = joined(a.coverage, b.coverage);
  const stuckCopies = joined(a.stuckCopies, b.stuckCopies);
  const alerts = joined(a.alerts, b.alerts);
  return {
    results: [...a.results, ...b.results], chores: [...a.chores, ...b.chores], apiCalls: a.apiCalls + b.apiCalls, budgetExhausted: a.budgetExhausted || b.budgetExhausted,
    ...(coverage ? { coverage } : {}), ...(stuckCopies ? { stuckCopies } : {}), ...(alerts ? { alerts } : {}),
  };
}

/** A manual copy: the caller names the snapshot and destinations; match conditions do not apply. */
export function runManualCopy(request: CopyRequest, deps: RunDeps): Promise<RunReport> {
  const named = request.rule ? deps.policy.rules.find((r) => r.name === request.rule && r.cloud === request.cloud) : undefined;
  const copyDescription = request.copyDescription ?? named?.copyDescription ?? defaultCopyDescription(request.cloud);
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
    // The source region must answer: without it nothing can be told of the snapshot.
    const sources = await listRegion(driver, request.sourceRegion, deps, { snapshotIds: [request.snapshotId] });
    const diskId = sources.find((s) => s.snapshotId === request.snapshotId)?.diskId;
    const destinations = await listRegions(driver, rule.destinations.map((d) => ({ region: d.region, ...(diskId ? { hint: { diskId } } : {}) })), deps);
    const plan = planCopies({
      rules: [rule], snapshots: unique([...sources, ...destinations.perAsk.flat()]), lineage: lineageFor(deps.policy, request.cloud, [rule]), nowMs: deps.now(),
      namedSources: [{ snapshotId: request.snapshotId, region: request.sourceRegion }], ignoreMatch: true, namedSourcesMustExist: true, capabilities: driver.capabilities,
      unavailable: failuresOf(destinations),
    });
    const done = await carryOut(plan, driver, deps, false);
    out.results.push(...done.results);
    out.chores.push(...done.chores);
  });
}
