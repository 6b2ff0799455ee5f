/**
 * A copy is never copied again, on the clouds whose copies say what they are only in part: one rule
 * copies into a region (or edge node) that is another rule's source, and that rule must copy the
 * region's own snapshots and none of the copies there, whether the copy was just made, made by hand,
 * or carries only the rule's mark (an older answer without the service's lineage fields). Read from
 * the cloud's state after several sweeps: no copy of a copy anywhere.
 */
import { describe, expect, it } from 'vitest';
import { localCloudPerFile } from '../support/local-cloud-per-file';
import { buffer, captureLogs, credentialsSeed, fcContext, loadBundle, scfContext, useLocalCloud, type Seed } from './harness';

const POLICY = {
  rules: [
    { name: 'gz-to-bj', cloud: 'tencent-cbs', sourceRegions: ['ap-guangzhou'], destinations: [{ region: 'ap-beijing', retentionDays: 14 }] },
    { name: 'bj-to-sh', cloud: 'tencent-cbs', sourceRegions: ['ap-beijing'], destinations: [{ region: 'ap-shanghai', retentionDays: 14 }] },
    { name: 'hz-to-cd', cloud: 'aliyun-ens', sourceRegions: ['cn-hangzhou-26'], destinations: [{ region: 'cn-chengdu-26', retentionDays: 30 }] },
    { name: 'cd-to-sz', cloud: 'aliyun-ens', sourceRegions: ['cn-chengdu-26'], destinations: [{ region: 'cn-shenzhen-3', retentionDays: 30 }] },
  ],
};

function seed(): Seed {
  const recent = new Date(Date.now() - 60_000).toISOString();
  return {
    credentials: credentialsSeed(),
    cbs: {
      regions: ['ap-guangzhou', 'ap-beijing', 'ap-shanghai'],
      snapshots: [
        { snapshotId: 'snap-gz000001', region: 'ap-guangzhou', diskId: 'disk-gz01', name: 'orders', state: 'NORMAL', diskSize: 50, createTime: recent },
        // Beijing's own snapshot: rule bj-to-sh copies it.
        { snapshotId: 'snap-bj000001', region: 'ap-beijing', diskId: 'disk-bj01', name: 'users', state: 'NORMAL', diskSize: 50, createTime: recent },
        // A copy someone made by hand under CBS's own name: a copy all the same.
        { snapshotId: 'snap-bjhand01', region: 'ap-beijing', diskId: 'disk-gz02', name: 'Copied snap-gz000002 from ap-guangzhou', state: 'NORMAL', copyFromRemote: true, sourceSnapshotId: 'snap-gz000002', sourceRegion: 'ap-guangzhou', createTime: recent },
        // A copy known by the rule's mark alone.
        { snapshotId: 'snap-bjmark01', region: 'ap-beijing', diskId: 'disk-gz03', name: 'srep:gz-to-bj:snap-gz000003:ap-guangzhou', state: 'NORMAL', createTime: recent },
      ],
    },
    ens: {
      regions: ['cn-hangzhou-26', 'cn-chengdu-26', 'cn-shenzhen-3'],
      snapshots: [
        { snapshotId: 'sp-hz1', ensRegionId: 'cn-hangzhou-26', diskId: 'd-hz1', name: 'edge-hz', status: 'available', creationTime: recent },
        { snapshotId: 'sp-cd1', ensRegionId: 'cn-chengdu-26', diskId: 'd-cd1', name: 'edge-cd', status: 'available', creationTime: recent },
        // A copy known by the rule's mark alone (no SourceSnapshotId in the answer).
        { snapshotId: 'sp-cdmark1', ensRegionId: 'cn-chengdu-26', name: 'srep:hz-to-cd:sp-hz0:cn-hangzhou-26', status: 'available', creationTime: recent },
      ],
    },
  };
}

const cbs = loadBundle('cbs-replicator');
const ens = loadBundle('ens-replicator');
const cloud = localCloudPerFile(seed, (c) => useLocalCloud(c, POLICY));

type CbsSnap = { snapshotId: string; region: string; sourceSnapshotId?: string };
type EnsSnap = { snapshotId: string; ensRegionId: string; sourceSnapshotId?: string };

/** `source>region` for every snapshot the cloud says was copied from another. */
function lineage(all: ReadonlyArray<{ snapshotId: string; sourceSnapshotId?: string }>, regionOf: (s: never) => string): string[] {
  return all.filter((s) => s.sourceSnapshotId !== undefined).map((s) => `${s.sourceSnapshotId}>${regionOf(s as never)}`).sort();
}

describe('a copy in another rule\'s source region', () => {
  it('CBS: the second rule copies the region\'s own snapshot, never a copy there', async () => {
    const sweep = { Type: 'Timer', TriggerName: 'sweep', Time: '2026-11-22T10:30:00Z', Message: '' };
    for (let i = 0; i < 3; i += 1) {
      const { value } = await captureLogs(() => cbs(sweep, scfContext()));
      expect(value.ok).toBe(true);
      cloud.advance(600);
    }
    const all = cloud.state().cbs.snapshots as CbsSnap[];
    const made = lineage(all, (s: CbsSnap) => s.region);
    // The copy rule gz-to-bj made is in Beijing, beside the seeded ones; Shanghai holds Beijing's own snapshot only.
    expect(made).toEqual(['snap-bj000001>ap-shanghai', 'snap-gz000001>ap-beijing', 'snap-gz000002>ap-beijing']);
    const copyIds = new Set(all.filter((s) => s.region === 'ap-beijing' && s.snapshotId !== 'snap-bj000001').map((s) => s.snapshotId));
    expect(copyIds.size).toBe(3);
    const copiedFrom = cloud.calls().filter((c) => c.action === 'CopySnapshotCrossRegions').map((c) => String(c.params.SnapshotId));
    expect(copiedFrom.sort()).toEqual(['snap-bj000001', 'snap-gz000001']);
    // Nothing in Shanghai came from a copy.
    for (const s of all.filter((x) => x.region === 'ap-shanghai')) expect(copyIds.has(s.sourceSnapshotId ?? '')).toBe(false);
  });

  it('ENS: the second rule copies the node\'s own snapshot, never a copy there', async () => {
    const sweep = buffer({ triggerTime: '2026-11-22T10:30:00Z', triggerName: 'sweep', payload: '' });
    for (let i = 0; i < 3; i += 1) {
      const { value } = await captureLogs(() => ens(sweep, fcContext()));
      expect(value.ok).toBe(true);
      cloud.advance(600);
    }
    const all = cloud.state().ens.snapshots as EnsSnap[];
    expect(lineage(all, (s: EnsSnap) => s.ensRegionId)).toEqual(['sp-cd1>cn-shenzhen-3', 'sp-hz1>cn-chengdu-26']);
    const copyInChengdu = all.find((s) => s.sourceSnapshotId === 'sp-hz1')?.snapshotId;
    expect(copyInChengdu).toEqual(expect.any(String));
    const copiedFrom = cloud.calls().filter((c) => c.action === 'CopySnapshot').map((c) => String(c.params.SnapshotId));
    expect(copiedFrom.sort()).toEqual(['sp-cd1', 'sp-hz1']);
    expect(all.filter((s) => s.ensRegionId === 'cn-shenzhen-3').map((s) => s.sourceSnapshotId)).toEqual(['sp-cd1']);
  });
});
