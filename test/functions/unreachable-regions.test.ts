/**
 * A region (or edge node) that does not exist, refuses or cannot be reached costs only its own pairs:
 * every other pair is copied, the unreachable one is answered with the service's code, and the webhook
 * hears of it. State read from the local cloud, through the built bundles.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReceiver, type Receiver } from '../notify/receiver';
import { localCloudPerFile } from '../support/local-cloud-per-file';
import { buffer, captureLogs, credentialsSeed, fcContext, loadBundle, scfContext, useLocalCloud, type Seed } from './harness';

const POLICY = {
  rules: [
    { name: 'ecs-good', cloud: 'aliyun-ecs', sourceRegions: ['cn-hangzhou'], destinations: [{ region: 'cn-shanghai' }] },
    { name: 'ecs-bad', cloud: 'aliyun-ecs', sourceRegions: ['cn-hangzhou'], destinations: [{ region: 'cn-nowhere' }] },
    { name: 'edge', cloud: 'aliyun-ens', sourceRegions: ['cn-hangzhou-26'], destinations: [{ region: 'cn-chengdu-26' }, { region: 'cn-nowhere-1' }] },
    { name: 'cbs-good', cloud: 'tencent-cbs', sourceRegions: ['ap-guangzhou'], destinations: [{ region: 'ap-beijing' }] },
    { name: 'cbs-bad', cloud: 'tencent-cbs', sourceRegions: ['ap-guangzhou'], destinations: [{ region: 'ap-nowhere' }] },
  ],
};

function seed(): Seed {
  return {
    credentials: credentialsSeed(),
    ecs: { regions: ['cn-hangzhou', 'cn-shanghai'], snapshots: [{ snapshotId: 's-web1', regionId: 'cn-hangzhou', diskId: 'd-web', name: 'web', status: 'accomplished', snapshotType: 'user' }] },
    ens: {
      regions: ['cn-hangzhou-26', 'cn-chengdu-26'],
      disks: [{ diskId: 'd-edge1', ensRegionId: 'cn-hangzhou-26' }],
      snapshots: [{ snapshotId: 'sp-edge1', ensRegionId: 'cn-hangzhou-26', diskId: 'd-edge1', name: 'edge', status: 'available' }],
    },
    cbs: { regions: ['ap-guangzhou', 'ap-beijing'], snapshots: [{ snapshotId: 'snap-db000001', region: 'ap-guangzhou', diskId: 'disk-db01', name: 'db', state: 'NORMAL' }] },
  };
}

const cloud = localCloudPerFile(seed, (c) => useLocalCloud(c, POLICY));
let robot: Receiver;
beforeAll(async () => {
  robot = await startReceiver();
});
afterAll(async () => robot.close());

const TIMER = buffer({ triggerTime: '2026-11-29T10:00:00Z', triggerName: 'sweep', payload: '' });
const CASES = [
  { name: 'ecs-replicator', run: () => loadBundle('ecs-replicator')(TIMER, fcContext()), good: 'cn-shanghai', bad: 'cn-nowhere', copies: () => cloud.state().ecs.snapshots.filter((s) => s.sourceSnapshotId !== undefined).map((s) => s.regionId) },
  { name: 'ens-replicator', run: () => loadBundle('ens-replicator')(TIMER, fcContext()), good: 'cn-chengdu-26', bad: 'cn-nowhere-1', copies: () => cloud.state().ens.snapshots.filter((s) => s.sourceSnapshotId !== undefined).map((s) => s.ensRegionId) },
  { name: 'cbs-replicator', run: () => loadBundle('cbs-replicator')({ Type: 'Timer', TriggerName: 'sweep', Message: '' }, scfContext()), good: 'ap-beijing', bad: 'ap-nowhere', copies: () => cloud.state().cbs.snapshots.filter((s) => s.sourceSnapshotId !== undefined).map((s) => s.region) },
];

describe.each(CASES)('$name', (c) => {
  it('copies to the good region, answers the bad one with its code, and notifies', async () => {
    robot.received.length = 0;
    process.env.NOTIFY_WEBHOOK_URL = `${robot.base}/robot/send?access_token=robot-token-0123456789`;
    try {
      const { value: answer } = await captureLogs(() => c.run());
      expect(answer.ok).toBe(true);
      // The good pair is copied: the cloud holds its copy, and nothing went to the bad region.
      expect(c.copies()).toEqual([c.good]);
      const results = answer.results as Array<{ destinationRegion: string; outcome: string; errorCode?: string; regionUnavailable?: boolean }>;
      expect(results.filter((r) => r.destinationRegion === c.good).map((r) => r.outcome)).toEqual(['copied']);
      const bad = results.filter((r) => r.destinationRegion === c.bad);
      expect(bad).toHaveLength(1);
      expect(['failed', 'deferred']).toContain(bad[0]?.outcome);
      expect(bad[0]?.errorCode).toBeTruthy();
      // One message, naming the unreachable pair.
      expect(robot.received).toHaveLength(1);
      expect(robot.received[0]?.body).toContain(c.bad);
    } finally {
      delete process.env.NOTIFY_WEBHOOK_URL;
    }
  });
});
