/**
 * A seed and policy that take every path that calls an API on all three functions: copies, listings,
 * CBS deadlines, an ENS scheduled snapshot, and an ENS and a CBS copy old enough to prune. The
 * accounts variant takes the same paths in two member accounts, reached through their roles by the
 * fan-out (one asynchronous invocation of the function per account).
 */
import type { EcsSnapshotSeed, Seed } from '../../local-cloud/seed';
import { credentialsSeed, KEYS } from '../functions/harness';

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

/** The function's own account, and a member account of each cloud. */
export const EVERY_PATH_IDS = { own: '1000000000000000', aliyunMember: '1000000000000011', tencentMember: '1000000000000012' } as const;

export const EVERY_PATH_ROLES = {
  aliyun: `acs:ram::${EVERY_PATH_IDS.aliyunMember}:role/snapshot-replicator-member`,
  tencent: `qcs::cam::uin/${EVERY_PATH_IDS.tencentMember}:roleName/snapshot-replicator-member`,
} as const;

/** The rules of EVERY_PATH_POLICY, each replicating a member account instead of the function's own. */
export const EVERY_PATH_ACCOUNTS_POLICY = {
  accounts: [
    { name: 'member-a', cloud: 'aliyun', roleArn: EVERY_PATH_ROLES.aliyun },
    { name: 'member-t', cloud: 'tencent', roleArn: EVERY_PATH_ROLES.tencent },
  ],
  rules: EVERY_PATH_POLICY.rules.map((r) => ({ ...r, accounts: [r.cloud === 'tencent-cbs' ? 'member-t' : 'member-a'] })),
};

/** Every path's snapshots in the member accounts; the function's own account holds none. */
export function everyPathAccountsSeed(): Seed {
  const paths = everyPathSeed();
  const member = { ecs: { snapshots: paths.ecs?.snapshots ?? [] }, ens: { disks: paths.ens?.disks ?? [], snapshots: paths.ens?.snapshots ?? [] }, cbs: { snapshots: paths.cbs?.snapshots ?? [] } };
  return {
    accountId: EVERY_PATH_IDS.own,
    credentials: paths.credentials,
    ecs: { regions: paths.ecs?.regions ?? [], snapshots: [] },
    ens: { regions: paths.ens?.regions ?? [], snapshots: [] },
    cbs: { regions: paths.cbs?.regions ?? [], snapshots: [] },
    accounts: { [EVERY_PATH_IDS.aliyunMember]: member, [EVERY_PATH_IDS.tencentMember]: member },
    roles: [
      { arn: EVERY_PATH_ROLES.aliyun, accountId: EVERY_PATH_IDS.aliyunMember, trustedAccessKeyIds: [KEYS.aliyun.accessKeyId] },
      { arn: EVERY_PATH_ROLES.tencent, accountId: EVERY_PATH_IDS.tencentMember, trustedAccessKeyIds: [KEYS.tencent.secretId] },
    ],
  };
}
