/**
 * Retention kept on this project's own snapshots only, through the built bundles, read from the local
 * cloud's state:
 * - CBS: a copy made by hand (CBS's own default name) counts as the pair's copy, so none is made, but
 *   its retention is left alone; an own copy already past its retention is deleted (a deadline in the
 *   past would be refused on every sweep), and a copy another rule made is never touched.
 * - ENS: snapshots a rule takes itself are deleted past `createSnapshots.retentionDays`, never the newest
 *   of a disk, never another rule's.
 */
import { describe, expect, it } from 'vitest';
import { localCloudPerFile } from '../support/local-cloud-per-file';
import { buffer, captureLogs, credentialsSeed, fcContext, loadBundle, scfContext, useLocalCloud, type Seed } from './harness';

const DAY = 86_400_000;
const ago = (days: number): string => new Date(Date.now() - days * DAY).toISOString();

const POLICY = {
  rules: [
    { name: 'cbs-dr', cloud: 'tencent-cbs', sourceRegions: ['ap-guangzhou'], destinations: [{ region: 'ap-beijing', retentionDays: 7 }] },
    {
      name: 'edge', cloud: 'aliyun-ens', sourceRegions: ['cn-hangzhou-26'], match: { namePattern: 'nothing-matches' },
      destinations: [{ region: 'cn-chengdu-26', retentionDays: 7 }], createSnapshots: { diskIds: ['d-edge1'], intervalHours: 24, retentionDays: 5 },
    },
  ],
};

const handMade = { snapshotId: 'snap-byhand1', region: 'ap-beijing', diskId: 'disk-a', name: 'Copied snap-a0000001 from ap-guangzhou', state: 'NORMAL', createTime: ago(1), copyFromRemote: true, sourceSnapshotId: 'snap-a0000001', sourceRegion: 'ap-guangzhou' };

function seed(): Seed {
  return {
    credentials: credentialsSeed(),
    cbs: {
      regions: ['ap-guangzhou', 'ap-beijing'],
      snapshots: [
        { snapshotId: 'snap-a0000001', region: 'ap-guangzhou', diskId: 'disk-a', name: 'a', state: 'NORMAL', createTime: ago(1) },
        handMade,
        // An own copy 30 days old, past its 7 days: deleted.
        { snapshotId: 'snap-old00001', region: 'ap-beijing', diskId: 'disk-b', name: 'srep:cbs-dr:snap-b0000001:ap-guangzhou', state: 'NORMAL', createTime: ago(30), copyFromRemote: true, sourceSnapshotId: 'snap-b0000001', sourceRegion: 'ap-guangzhou' },
        // Another rule's, as old: never touched.
        { snapshotId: 'snap-other001', region: 'ap-beijing', diskId: 'disk-c', name: 'srep:someone-else:snap-c0000001:ap-guangzhou', state: 'NORMAL', createTime: ago(30), copyFromRemote: true, sourceSnapshotId: 'snap-c0000001', sourceRegion: 'ap-guangzhou' },
      ],
    },
    ens: {
      regions: ['cn-hangzhou-26', 'cn-chengdu-26'],
      disks: [{ diskId: 'd-edge1', ensRegionId: 'cn-hangzhou-26' }, { diskId: 'd-edge2', ensRegionId: 'cn-hangzhou-26' }],
      snapshots: [
        { snapshotId: 'sp-new', ensRegionId: 'cn-hangzhou-26', diskId: 'd-edge1', name: 'srepauto:edge:d-edge1:202611280000', status: 'available', creationTime: ago(0.5) },
        { snapshotId: 'sp-old', ensRegionId: 'cn-hangzhou-26', diskId: 'd-edge1', name: 'srepauto:edge:d-edge1:202611100000', status: 'available', creationTime: ago(10) },
        { snapshotId: 'sp-other', ensRegionId: 'cn-hangzhou-26', diskId: 'd-edge1', name: 'srepauto:other:d-edge1:202611100000', status: 'available', creationTime: ago(10) },
        { snapshotId: 'sp-hand', ensRegionId: 'cn-hangzhou-26', diskId: 'd-edge1', name: 'nightly', status: 'available', creationTime: ago(10) },
      ],
    },
  };
}

const cloud = localCloudPerFile(seed, (c) => useLocalCloud(c, POLICY));

describe('CBS', () => {
  it('leaves a copy made by hand alone, makes no second one, and deletes its own expired copy', async () => {
    const { value: answer } = await captureLogs(() => loadBundle('cbs-replicator')({ Type: 'Timer', TriggerName: 'sweep', Message: '' }, scfContext()));
    expect(answer.ok).toBe(true);
    const results = answer.results as Array<{ sourceSnapshotId: string; outcome: string; copySnapshotId?: string }>;
    expect(results.find((r) => r.sourceSnapshotId === 'snap-a0000001')).toMatchObject({ outcome: 'already-copied', copySnapshotId: 'snap-byhand1' });
    const beijing = cloud.state().cbs.snapshots.filter((s) => s.region === 'ap-beijing');
    expect(beijing.map((s) => s.snapshotId).sort()).toEqual(['snap-byhand1', 'snap-other001']);
    // The hand-made copy has no deadline: its owner decides.
    expect(beijing.find((s) => s.snapshotId === 'snap-byhand1')?.deadline).toBeUndefined();
    const chores = answer.chores as Array<{ kind: string; snapshotId?: string; outcome: string }>;
    expect(chores.filter((c) => c.outcome !== 'planned').map((c) => [c.kind, c.snapshotId, c.outcome])).toEqual([['prune', 'snap-old00001', 'done']]);
  });
});

describe('ENS scheduled snapshots', () => {
  it('deletes the rule\'s own past retention, keeps the newest, and never touches others', async () => {
    const timer = buffer({ triggerTime: '2026-11-29T10:00:00Z', triggerName: 'sweep', payload: '' });
    const { value: answer } = await captureLogs(() => loadBundle('ens-replicator')(timer, fcContext()));
    expect(answer.ok).toBe(true);
    const left = cloud.state().ens.snapshots.filter((s) => s.ensRegionId === 'cn-hangzhou-26').map((s) => s.snapshotId).sort();
    expect(left).toEqual(['sp-hand', 'sp-new', 'sp-other']);
    const chores = answer.chores as Array<{ kind: string; snapshotId?: string; outcome: string }>;
    expect(chores.filter((c) => c.kind === 'prune').map((c) => [c.snapshotId, c.outcome])).toEqual([['sp-old', 'done']]);
  });
});
