/**
 * No run outlives its function's timeout: with 10% of requests timing out and 20% throttled, a 5 s
 * function still answers in under 5 s, though each request alone may take 10 s (API_TIMEOUT_MS's
 * default): every attempt is capped at what is left of the budget. Through the built bundles.
 */
import { describe, expect, it } from 'vitest';
import { localCloudPerFile } from '../support/local-cloud-per-file';
import { buffer, captureLogs, credentialsSeed, fcContext, loadBundle, scfContext, useLocalCloud, type Seed } from './harness';

const N = 60;
const POLICY = {
  rules: [
    { name: 'ecs-dr', cloud: 'aliyun-ecs', sourceRegions: ['cn-hangzhou'], destinations: [{ region: 'cn-shanghai' }, { region: 'cn-beijing' }] },
    { name: 'edge', cloud: 'aliyun-ens', sourceRegions: ['cn-hangzhou-26'], destinations: [{ region: 'cn-chengdu-26' }] },
    { name: 'cbs-dr', cloud: 'tencent-cbs', sourceRegions: ['ap-guangzhou'], destinations: [{ region: 'ap-beijing' }, { region: 'ap-shanghai' }] },
  ],
};

function seed(): Seed {
  return {
    credentials: credentialsSeed(),
    ecs: { regions: ['cn-hangzhou', 'cn-shanghai', 'cn-beijing'], snapshots: Array.from({ length: N }, (_, i) => ({ snapshotId: `s-t${i}`, regionId: 'cn-hangzhou', diskId: `d-t${i}`, name: `t${i}`, status: 'accomplished', snapshotType: 'user' })) },
    ens: {
      regions: ['cn-hangzhou-26', 'cn-chengdu-26'],
      disks: Array.from({ length: N }, (_, i) => ({ diskId: `d-e${i}`, ensRegionId: 'cn-hangzhou-26' })),
      snapshots: Array.from({ length: N }, (_, i) => ({ snapshotId: `sp-e${i}`, ensRegionId: 'cn-hangzhou-26', diskId: `d-e${i}`, name: `e${i}`, status: 'available' })),
    },
    cbs: { regions: ['ap-guangzhou', 'ap-beijing', 'ap-shanghai'], snapshots: Array.from({ length: N }, (_, i) => ({ snapshotId: `snap-t${String(i).padStart(5, '0')}`, region: 'ap-guangzhou', diskId: `disk-t${i}`, name: `t${i}`, state: 'NORMAL' })) },
  };
}

const cloud = localCloudPerFile(seed, (c) => useLocalCloud(c, POLICY));
const TIMEOUT_SECONDS = 5;
const TIMER = buffer({ triggerTime: '2026-11-29T10:00:00Z', triggerName: 'sweep', payload: '' });
const CASES = [
  { name: 'ecs-replicator', run: () => loadBundle('ecs-replicator')(TIMER, fcContext(TIMEOUT_SECONDS)) },
  { name: 'ens-replicator', run: () => loadBundle('ens-replicator')(TIMER, fcContext(TIMEOUT_SECONDS)) },
  { name: 'cbs-replicator', run: () => loadBundle('cbs-replicator')({ Type: 'Timer', TriggerName: 'sweep', Message: '' }, scfContext(TIMEOUT_SECONDS * 1000)) },
];

describe.each(CASES)('$name under timeouts and throttling', (c) => {
  it(`answers inside its ${TIMEOUT_SECONDS} s timeout`, async () => {
    cloud.setFaults({ timeoutRate: 0.1, throttleRate: 0.2, seed: 11 });
    const started = Date.now();
    const { value: answer } = await captureLogs(() => c.run().catch((error: unknown) => ({ ok: false, thrown: String(error) })));
    const elapsed = Date.now() - started;
    expect(elapsed).toBeLessThan(TIMEOUT_SECONDS * 1000);
    // The faults really struck: some requests were held until the client gave up.
    expect(cloud.calls().some((call) => call.code.startsWith('Timeout'))).toBe(true);
    expect(answer).toHaveProperty('ok');
  });
});
