/**
 * A seed and policy that take every path that calls an API on all three functions: copies, listings,
 * CBS deadlines, an ENS scheduled snapshot, and an ENS and a CBS copy old enough to prune.
 */
import type { EcsSnapshotSeed, Seed } from '../../local-cloud/seed';
import { credentialsSeed } from '../functions/harness';

const DAY = 86_400_000;
const ago = (ms: number): string => new Date(Date.now() - ms).toISOString();

export const EVERY_PATH_POLICY = {
  rules: [
    { name: 'prod-dr', cloud: 'aliyun-ecs', sourceRegions: ['cn-hangzhou'], destinations: [{ region: 'cn-shanghai', retentionDays: 7 }] },
    { name: 'edge', cloud: 'aliyun-ens', sourceRegions: ['cn-hangzhou-26'], destinations: [{ region: 'cn-chengdu-26', retentionDays: 7 }], createSnapshots: { diskIds: ['d-edge1'], intervalHours: 6 } },
    { name: 'tencent-dr', cloud: 'tencent-cbs', sourceRegions: ['ap-guangzhou'], destinations: [{ region: 'ap-beijing', retentionDays: 7 }] },
  ],
};

/** `extraEcs` adds ECS sources beside the one every path needs. */
export function everyPathSeed(extraEcs: EcsSnapshotSeed[] = []): Seed {
  return {
    credentials: credentialsSeed(),
    ecs: {
      regions: ['cn-hangzhou', 'cn-shanghai'],
      snapshots: [{ snapshotId: 's-web1', regionId: 'cn-hangzhou', diskId: 'd-web', name: 'web', status: 'accomplished', snapshotType: 'user' }, ...extraEcs],
    },
    ens: {
      regions: ['cn-hangzhou-26', 'cn-chengdu-26'],
      disks: [{ diskId: 'd-edge1', ensRegionId: 'cn-hangzhou-26' }],
      snapshots: [
        { snapshotId: 'sp-new1', ensRegionId: 'cn-hangzhou-26', diskId: 'd-edge1', name: 'edge', status: 'available', creationTime: ago(60_000) },
        // A copy this rule made long ago: pruned.
        { snapshotId: 'sp-old1', ensRegionId: 'cn-chengdu-26', diskId: 'd-edge1', name: 'srep:edge:sp-gone1:cn-hangzhou-26', status: 'available', creationTime: ago(30 * DAY) },
      ],
    },
    cbs: {
      regions: ['ap-guangzhou', 'ap-beijing'],
      snapshots: [
        { snapshotId: 'snap-db000001', region: 'ap-guangzhou', diskId: 'disk-db01', name: 'db', state: 'NORMAL' },
        // A copy this rule made long ago, past its retention: pruned.
        { snapshotId: 'snap-old00001', region: 'ap-beijing', diskId: 'disk-db01', name: 'srep:tencent-dr:snap-gone0001:ap-guangzhou', state: 'NORMAL', copyFromRemote: true, createTime: ago(30 * DAY) },
      ],
    },
  };
}
