import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallRecord } from '../../local-cloud/index';
import type { EcsSnapshotSeed } from '../../local-cloud/seed';
import { buffer, captureLogs, credentialsSeed, fcContext, loadBundle, startLocalCloud, useLocalCloud, type LocalCloud, type Seed } from '../functions/harness';

/**
 * 20,000 snapshots in the source region, every one listed on every sweep; 2,000 of them match the
 * rule (at 950 copies a sweep, 20,000 copies would take 22 sweeps of this test's time). ECS allows
 * 1,000 CopySnapshot calls per 60 s (the local cloud's default limit) and the client paces to 95%
 * of it, so a sweep copies at most 950 and defers the rest: on a fast machine three sweeps.
 */
const SNAPSHOTS = 20_000;
const MATCHING = 2_000;
const PER_SWEEP = 950;
const PAGE = 100;
const SOURCE = 'cn-hangzhou';
const DESTINATION = 'cn-shanghai';
/** A short function timeout: the budget is 17 s, far less than one ECS rate window (60 s). */
const FUNCTION_TIMEOUT_SECONDS = 20;

const POLICY = {
  rules: [{ name: 'scale-dr', cloud: 'aliyun-ecs', sourceRegions: [SOURCE], match: { tags: { backup: 'dr' } }, destinations: [{ region: DESTINATION, retentionDays: 7 }] }],
};

const id = (i: number): string => `s-scale${String(i).padStart(5, '0')}`;

function seed(): Seed {
  const snapshots = Array.from({ length: SNAPSHOTS }, (_, i): EcsSnapshotSeed => ({
    // Distinct disks: ECS copies one snapshot of a disk to a region at a time.
    snapshotId: id(i), regionId: SOURCE, diskId: `d-scale${i}`, status: 'accomplished', snapshotType: 'user',
    // Every tenth snapshot matches, so the matching ones are spread over all the list pages.
    tags: i % (SNAPSHOTS / MATCHING) === 0 ? { backup: 'dr' } : { backup: 'none' },
  }));
  return { credentials: credentialsSeed(), ecs: { regions: [SOURCE, DESTINATION], snapshots } };
}

const matching = new Set(Array.from({ length: SNAPSHOTS }, (_, i) => i).filter((i) => i % (SNAPSHOTS / MATCHING) === 0).map(id));
const TIMER = buffer({ triggerTime: '2026-11-22T10:30:00Z', triggerName: 'sweep', payload: '' });

type Summary = { msg: string; budgetExhausted: boolean; apiCalls: number; durationMs: number; counts: Record<string, number> };
type Result = { sourceSnapshotId: string; outcome: string; reason?: string };

let cloud: LocalCloud;
const handler = loadBundle('ecs-replicator');

beforeAll(async () => {
  cloud = await startLocalCloud({ seed: seed() });
  useLocalCloud(cloud, POLICY);
});
afterAll(async () => cloud.close());

const pages = (n: number): number => Math.max(1, Math.ceil(n / PAGE));
const copiesInDestination = (): number => cloud.state().ecs.snapshots.filter((s) => s.regionId === DESTINATION).length;

/** Requests still on their way when a run gives up on them (its budget ran out) land a little later. */
async function settledCalls(from: number): Promise<CallRecord[]> {
  let seen = -1;
  while (cloud.calls().length !== seen) {
    seen = cloud.calls().length;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return cloud.calls().slice(from);
}

async function sweep(): Promise<{ summary: Summary; results: Result[]; calls: CallRecord[]; wallMs: number }> {
  const before = cloud.calls().length;
  const started = performance.now();
  const { value, lines } = await captureLogs(() => handler(TIMER, fcContext(FUNCTION_TIMEOUT_SECONDS)));
  const wallMs = performance.now() - started;
  const summaries = lines.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Summary).filter((l) => l.msg === 'summary');
  expect(summaries).toHaveLength(1);
  return { summary: summaries[0] as Summary, results: value.results as Result[], calls: await settledCalls(before), wallMs };
}

/**
 * How many copies a sweep makes depends on the machine (the rate limit allows 950 a minute, the budget
 * is 17 s): the test holds what must hold at any speed, and gives up after a generous number of sweeps.
 */
const MAX_SWEEPS = 8;

describe(`a sweep over ${SNAPSHOTS} ECS snapshots`, () => {
  it(`answers inside its budget, defers what it cannot reach, and copies all ${MATCHING} matching ones exactly once, in list pages + copies calls`, async () => {
    const copyCallsPerPair = new Map<string, number>();
    let copied = 0;
    let sweeps = 0;
    while (copied < MATCHING) {
      sweeps += 1;
      expect(sweeps).toBeLessThanOrEqual(MAX_SWEEPS);
      const inDestination = copiesInDestination();
      const { summary, results, calls, wallMs } = await sweep();
      console.log(JSON.stringify({ sweep: sweeps, wallMs: Math.round(wallMs), durationMs: summary.durationMs, apiCalls: summary.apiCalls, counts: summary.counts }));

      // The answer comes before the platform's timeout, whatever was in flight (issue: no run outlives its budget).
      expect(wallMs).toBeLessThan(FUNCTION_TIMEOUT_SECONDS * 1000);

      // Every snapshot is listed (all pages of the source), and calls grow with pages and copies only.
      const describes = calls.filter((c) => c.action === 'DescribeSnapshots');
      const copies = calls.filter((c) => c.action === 'CopySnapshot');
      expect(describes.filter((c) => c.region === SOURCE)).toHaveLength(pages(SNAPSHOTS));
      // The destination is listed, and the copies made are then looked up by id, 100 at a time.
      expect(describes.filter((c) => c.region === DESTINATION && c.params.SnapshotIds === undefined)).toHaveLength(pages(inDestination));
      expect(describes.filter((c) => c.region === DESTINATION && c.params.SnapshotIds !== undefined)).toHaveLength(Math.ceil(copies.length / PAGE));
      expect(calls).toHaveLength(describes.length + copies.length);
      expect(summary.apiCalls).toBe(calls.length);
      // The client keeps under the limit: the service never throttles a copy, and a sweep never makes more than 95% of it.
      expect(copies.every((c) => c.code === 'OK' || c.code.startsWith('Timeout'))).toBe(true);
      expect(copies.length).toBeLessThanOrEqual(PER_SWEEP);
      for (const c of copies) {
        const pair = `${String(c.params.SnapshotId)}>${String(c.params.DestinationRegionId)}`;
        copyCallsPerPair.set(pair, (copyCallsPerPair.get(pair) ?? 0) + 1);
      }

      const now = results.filter((r) => r.outcome === 'copied').length;
      expect(now).toBeGreaterThan(0);
      // What was copied before is found, never copied again.
      expect(results.filter((r) => r.outcome === 'already-copied')).toHaveLength(copied);
      copied += now;
      const deferred = results.filter((r) => r.outcome === 'deferred');
      expect(deferred).toHaveLength(MATCHING - copied);
      // Whatever was not reached is answered deferred for the budget, and the summary says so.
      expect(summary.budgetExhausted).toBe(deferred.length > 0);
      expect(deferred.every((r) => r.reason?.startsWith('time budget exhausted') === true)).toBe(true);

      // Between timer ticks (30 minutes): copies finish, and the service's 60-second rate window has
      // long since emptied, which resetting the limit's window stands in for. Each invocation paces afresh.
      cloud.advance(1800);
      cloud.setRateLimits({ 'ecs.CopySnapshot': { limit: 1000, windowSeconds: 60 } });
    }

    // Every matching snapshot copied exactly once, by exactly one CopySnapshot call, and nothing else copied.
    const made = cloud.state().ecs.snapshots.filter((s) => s.regionId === DESTINATION);
    expect(made).toHaveLength(MATCHING);
    expect(new Set(made.map((s) => s.sourceSnapshotId)).size).toBe(MATCHING);
    expect(made.every((s) => s.sourceSnapshotId !== undefined && matching.has(s.sourceSnapshotId) && s.retentionDays === 7)).toBe(true);
    expect(copyCallsPerPair.size).toBe(MATCHING);
    expect([...copyCallsPerPair.values()].every((n) => n === 1)).toBe(true);
  }, 240_000);
});
