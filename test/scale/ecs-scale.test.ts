import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallRecord } from '../../local-cloud/index';
import type { EcsSnapshotSeed } from '../../local-cloud/seed';
import { buffer, captureLogs, credentialsSeed, fcContext, loadBundle, startLocalCloud, useLocalCloud, type LocalCloud, type Seed } from '../functions/harness';

/**
 * 20,000 snapshots in the source region, every one listed on every sweep; 2,000 of them match the
 * rule (at 950 copies a sweep, 20,000 copies would take 22 sweeps of this test's time). ECS allows
 * 1,000 CopySnapshot calls per 60 s (the local cloud's default limit) and the client paces to 95%
 * of it, so a sweep copies 950 and defers the rest; the bound is ceil(2000 / 950) = 3 sweeps.
 */
const SNAPSHOTS = 20_000;
const MATCHING = 2_000;
const PER_SWEEP = 950;
const SWEEP_BOUND = Math.ceil(MATCHING / PER_SWEEP);
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

async function sweep(): Promise<{ summary: Summary; results: Result[]; calls: CallRecord[]; wallMs: number }> {
  const before = cloud.calls().length;
  const started = performance.now();
  const { value, lines } = await captureLogs(() => handler(TIMER, fcContext(FUNCTION_TIMEOUT_SECONDS)));
  const wallMs = performance.now() - started;
  const summaries = lines.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Summary).filter((l) => l.msg === 'summary');
  expect(summaries).toHaveLength(1);
  return { summary: summaries[0] as Summary, results: value.results as Result[], calls: cloud.calls().slice(before), wallMs };
}

describe(`a sweep over ${SNAPSHOTS} ECS snapshots`, () => {
  it(`stops within its budget, defers the rest, and copies all ${MATCHING} matching ones once within ${SWEEP_BOUND} sweeps, in list pages + copies calls`, async () => {
    const copyCallsPerPair = new Map<string, number>();
    let copied = 0;
    for (let n = 1; n <= SWEEP_BOUND; n += 1) {
      const inDestination = copiesInDestination();
      const { summary, results, calls, wallMs } = await sweep();
      console.log(JSON.stringify({ sweep: n, wallMs: Math.round(wallMs), durationMs: summary.durationMs, apiCalls: summary.apiCalls, counts: summary.counts }));

      // Every snapshot is listed (all pages of the source), and calls grow with pages and copies only.
      const describes = calls.filter((c) => c.action === 'DescribeSnapshots');
      const copies = calls.filter((c) => c.action === 'CopySnapshot');
      expect(describes.filter((c) => c.region === SOURCE)).toHaveLength(pages(SNAPSHOTS));
      expect(describes.filter((c) => c.region === DESTINATION)).toHaveLength(pages(inDestination));
      expect(calls).toHaveLength(describes.length + copies.length);
      expect(calls).toHaveLength(pages(SNAPSHOTS) + pages(inDestination) + copies.length);
      expect(summary.apiCalls).toBe(calls.length);
      // The client keeps under the limit: the service never throttles a copy.
      expect(copies.every((c) => c.code === 'OK')).toBe(true);
      for (const c of copies) {
        const pair = `${String(c.params.SnapshotId)}>${String(c.params.DestinationRegionId)}`;
        copyCallsPerPair.set(pair, (copyCallsPerPair.get(pair) ?? 0) + 1);
      }

      const left = MATCHING - copied;
      const now = Math.min(PER_SWEEP, left);
      expect(copies).toHaveLength(now);
      expect(results.filter((r) => r.outcome === 'copied')).toHaveLength(now);
      // What was copied before is found, never copied again.
      expect(results.filter((r) => r.outcome === 'already-copied')).toHaveLength(copied);
      copied += now;
      if (left > PER_SWEEP) {
        // The rate window would hold the rest past the budget: answered deferred, and the summary says why.
        expect(summary.budgetExhausted).toBe(true);
        const deferred = results.filter((r) => r.outcome === 'deferred');
        expect(deferred).toHaveLength(left - PER_SWEEP);
        expect(deferred.every((r) => r.reason?.startsWith('time budget exhausted') === true)).toBe(true);
      } else {
        expect(summary.budgetExhausted).toBe(false);
      }

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
  }, 120_000);
});
