import type { Seed } from './seed';

/**
 * The seed `npm start` and `snapshot-replicator local-cloud` use when none is given: a few snapshots
 * on each service and the example keys the demo signs with. These keys exist only here.
 */
export const EXAMPLE_SEED: Seed = {
  credentials: {
    aliyun: [
      { accessKeyId: 'LTAIlocalexample', accessKeySecret: 'local-cloud-example-secret' },
      { accessKeyId: 'STS.localexample', accessKeySecret: 'local-cloud-sts-secret', securityToken: 'local-cloud-sts-token' },
    ],
    tencent: [{ secretId: 'AKIDlocalexample', secretKey: 'local-cloud-example-key' }],
  },
  ecs: {
    regions: ['cn-hangzhou', 'cn-shanghai', 'cn-beijing'],
    snapshots: [
      { snapshotId: 's-bp1prodweb001', regionId: 'cn-hangzhou', diskId: 'd-bp1web01', name: 'prod-web', status: 'accomplished', snapshotType: 'user', tags: { backup: 'dr' }, sourceDiskSize: 40 },
      { snapshotId: 's-bp1proddb0001', regionId: 'cn-hangzhou', diskId: 'd-bp1db001', name: 'prod-db', status: 'accomplished', snapshotType: 'timer', tags: { backup: 'dr' }, sourceDiskSize: 200 },
      { snapshotId: 's-bp1scratch001', regionId: 'cn-hangzhou', diskId: 'd-bp1tmp01', name: 'scratch', status: 'accomplished', snapshotType: 'user', sourceDiskSize: 20 },
    ],
  },
  ens: {
    regions: ['cn-hangzhou-26', 'cn-chengdu-26', 'cn-shenzhen-3'],
    disks: [{ diskId: 'd-edge0001', ensRegionId: 'cn-hangzhou-26', size: 40 }],
    snapshots: [{ snapshotId: 'sp-edge00000001', ensRegionId: 'cn-hangzhou-26', diskId: 'd-edge0001', name: 'edge-cache', status: 'available', size: 40 }],
  },
  cbs: {
    regions: ['ap-guangzhou', 'ap-beijing', 'ap-shanghai'],
    snapshots: [
      { snapshotId: 'snap-gzdb0001', region: 'ap-guangzhou', diskId: 'disk-gzdb01', name: 'orders-db', state: 'NORMAL', diskSize: 100 },
    ],
  },
};
