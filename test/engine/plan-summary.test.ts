import { describe, expect, it } from 'vitest';
import { TimeBudget } from '../../shared/engine/budget';
import type { CloudDriver } from '../../shared/contracts/driver';
import { summarizePlan } from '../../shared/engine/plan-summary';
import { fakeDriver } from '../support/fake-driver';
import { runSweep } from '../../shared/engine/replicate';
import type { ReplicationResult } from '../../shared/contracts/results';
import { parsePolicy } from '../../shared/policy/load';
import type { Snapshot } from '../../shared/contracts/snapshot';
const NOW = Date.parse('2026-11-22T12:00:00Z');

function snap(snapshotId: string, region: string, over: Partial<Snapshot> = {}): Snapshot {
  return { cloud: 'aliyun-ecs', snapshotId, region, tags: {}, readiness: 'ready', status: 'accomplished', createdAt: NOW - 3_600_000, isCopy: false, ...over };
}

/** Only listings: a dry run must never reach copy. */
function listingDriver(snapshots: Snapshot[]): CloudDriver {
  return fakeDriver({
    listSnapshots: async (region) => snapshots.filter((s) => s.region === region),
    copy: async () => {
      throw new Error('a dry run copied');
    },
  });
}

describe('summarizePlan', () => {
  it('reads back what a dry-run sweep would copy, with the sources\' sizes', async () => {
    const policy = parsePolicy({ rules: [{ name: 'dr', cloud: 'aliyun-ecs', sourceRegions: ['cn-hangzhou'], destinations: [{ region: 'cn-shanghai' }, { region: 'cn-beijing' }] }] });
    const snapshots = [
      snap('s-1', 'cn-hangzhou', { diskId: 'd-1', sizeGb: 40 }),
      snap('s-2', 'cn-hangzhou', { diskId: 'd-2' }),
      snap('c-1', 'cn-shanghai', { isCopy: true, lineage: { sourceSnapshotId: 's-1', sourceRegion: 'cn-hangzhou' } }),
    ];
    const driver = listingDriver(snapshots);
    const report = await runSweep({ action: 'sweep', dryRun: true }, {
      policy, driverFor: () => driver, budget: new TimeBudget(NOW + 60_000, () => NOW), now: () => NOW, sleep: async () => undefined, random: () => 0.5,
    });
    const sizes = new Map(snapshots.map((s) => [`${s.region}|${s.snapshotId}`, s.sizeGb]));
    const summary = summarizePlan(report.results, (region, id) => sizes.get(`${region}|${id}`));
    expect(summary.totals).toMatchObject({ transferGb: 40, unknownSizes: 2, counts: { 'would-copy': 3, 'already-copied': 1 } });
    expect(summary.groups.map((g) => [g.destinationRegion, g.counts['would-copy'], g.counts['already-copied'], g.transferGb])).toEqual(
      expect.arrayContaining([['cn-shanghai', 1, 1, 0], ['cn-beijing', 2, 0, 40]]),
    );
    expect(summary.items.find((i) => i.action === 'would-copy' && i.sourceSnapshotId === 's-1')).toMatchObject({ copyName: 'srep:dr:s-1:cn-hangzhou', sizeGb: 40 });
  });

  it('keeps every other outcome as it is, and only real skips as skips', () => {
    const results: ReplicationResult[] = [
      { sourceSnapshotId: 's-1', sourceRegion: 'a', destinationRegion: 'b', outcome: 'skipped', reason: 'source is failed', rule: 'r' },
      { sourceSnapshotId: 's-2', sourceRegion: 'a', destinationRegion: 'b', outcome: 'deferred', reason: 'source is not ready yet', rule: 'r' },
      { sourceSnapshotId: 's-3', sourceRegion: 'a', destinationRegion: 'b', outcome: 'skipped', reason: 'dry run: would copy as copy-3', plannedCopyName: 'copy-3', rule: 'r' },
    ];
    const summary = summarizePlan(results, () => 10);
    expect(summary.items.map((i) => i.action)).toEqual(['skipped', 'deferred', 'would-copy']);
    expect(summary.items[2]?.reason).toBeUndefined();
    expect(summary.totals.transferGb).toBe(10);
  });
});
