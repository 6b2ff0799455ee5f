/**
 * A source deleted between a run's listing and its copy call, on each cloud: the run is held at its
 * copy call (a proxy) while the snapshot is deleted through the console's API, then let go. The pair
 * is answered `failed` with the service's code, the handler answers rather than throws (an event is
 * not retried for a snapshot that is gone), and the cloud holds no copy of it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { consoleActions } from '../support/console-actions';
import { pointHandlersAt } from '../support/handler-env';
import { startHoldingProxy, type HoldingProxy } from '../support/holding-proxy';
import { localCloudPerFile } from '../support/local-cloud-per-file';
import { buffer, captureLogs, credentialsSeed, fcContext, KEYS, loadBundle, scfContext, useLocalCloud, type Seed } from './harness';

const POLICY = {
  rules: [
    { name: 'prod-dr', cloud: 'aliyun-ecs', sourceRegions: ['cn-hangzhou'], destinations: [{ region: 'cn-shanghai', retentionDays: 7 }, { region: 'cn-beijing', retentionDays: 7 }] },
    { name: 'edge', cloud: 'aliyun-ens', sourceRegions: ['cn-hangzhou-26'], destinations: [{ region: 'cn-chengdu-26', retentionDays: 30 }, { region: 'cn-shenzhen-3', retentionDays: 30 }] },
    { name: 'tencent-dr', cloud: 'tencent-cbs', sourceRegions: ['ap-guangzhou'], destinations: [{ region: 'ap-beijing', retentionDays: 14 }, { region: 'ap-shanghai', retentionDays: 14 }] },
  ],
};

function seed(): Seed {
  const recent = new Date(Date.now() - 60_000).toISOString();
  return {
    credentials: credentialsSeed(),
    ecs: { regions: ['cn-hangzhou', 'cn-shanghai', 'cn-beijing'], snapshots: [{ snapshotId: 's-web1', regionId: 'cn-hangzhou', diskId: 'd-web', name: 'web', status: 'accomplished', snapshotType: 'user' }] },
    ens: { regions: ['cn-hangzhou-26', 'cn-chengdu-26', 'cn-shenzhen-3'], snapshots: [{ snapshotId: 'sp-edge1', ensRegionId: 'cn-hangzhou-26', diskId: 'd-edge1', name: 'edge', status: 'available', creationTime: recent }] },
    cbs: { regions: ['ap-guangzhou', 'ap-beijing', 'ap-shanghai'], snapshots: [{ snapshotId: 'snap-prod0001', region: 'ap-guangzhou', diskId: 'disk-orders', name: 'orders', state: 'NORMAL', diskSize: 50 }] },
  };
}

const handlers = { ecs: loadBundle('ecs-replicator'), ens: loadBundle('ens-replicator'), cbs: loadBundle('cbs-replicator') };
const cloud = localCloudPerFile(seed, (c) => useLocalCloud(c, POLICY));
const byHand = () => consoleActions(cloud.url, { aliyun: KEYS.aliyun, tencent: KEYS.tencent });

let proxy: HoldingProxy | undefined;
afterEach(async () => {
  await proxy?.close();
  proxy = undefined;
});

type Result = { sourceSnapshotId: string; destinationRegion: string; outcome: string; errorCode?: string };

interface Case {
  name: string;
  run: () => Promise<Record<string, unknown>>;
  copyAction: string;
  source: string;
  remove: () => Promise<void>;
  destinations: string[];
  snapshots: () => Array<{ snapshotId: string; sourceSnapshotId?: string }>;
}

const CASES: Case[] = [
  {
    name: 'ECS, on its event',
    run: () => handlers.ecs(buffer({
      id: 'evt-1', source: 'acs.ecs', specversion: '1.0', type: 'ecs:Snapshot:CreateSnapshotCompleted', subject: 'acs:ecs:cn-hangzhou:1234567890:snapshot/s-web1',
      time: '2026-11-22T10:00:00Z', aliyunregionid: 'cn-hangzhou', data: { result: 'accomplished', snapshotId: 's-web1', snapshotType: 'user', diskId: 'd-web' },
    }), fcContext()),
    copyAction: 'CopySnapshot', source: 's-web1', remove: () => byHand().ecsDelete('s-web1'), destinations: ['cn-beijing', 'cn-shanghai'],
    snapshots: () => cloud.state().ecs.snapshots,
  },
  {
    name: 'ENS, on its timer',
    run: () => handlers.ens(buffer({ triggerTime: '2026-11-22T10:30:00Z', triggerName: 'sweep', payload: '' }), fcContext()),
    copyAction: 'CopySnapshot', source: 'sp-edge1', remove: () => byHand().ensDelete('sp-edge1'), destinations: ['cn-chengdu-26', 'cn-shenzhen-3'],
    snapshots: () => cloud.state().ens.snapshots,
  },
  {
    name: 'CBS, on its timer',
    run: () => handlers.cbs({ Type: 'Timer', TriggerName: 'sweep', Time: '2026-11-22T10:30:00Z', Message: '' }, scfContext()),
    copyAction: 'CopySnapshotCrossRegions', source: 'snap-prod0001', remove: () => byHand().cbsDelete('ap-guangzhou', 'snap-prod0001'), destinations: ['ap-beijing', 'ap-shanghai'],
    snapshots: () => cloud.state().cbs.snapshots,
  },
];

describe('a source deleted between listing and copying', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s: failed, answered, no copy', async (_name, c) => {
    proxy = await startHoldingProxy(cloud.url, c.copyAction);
    pointHandlersAt(proxy.url, KEYS, POLICY);
    const held = proxy;
    const { value: settled } = await captureLogs(async () => {
      const running = c.run().then((answer) => ({ answer }), (thrown: unknown) => ({ thrown }));
      // The run listed the source and asked for its copy: now the snapshot goes.
      await held.arrived(1);
      await c.remove();
      held.release();
      return running;
    });
    expect('thrown' in settled ? settled.thrown : undefined).toBeUndefined();
    const answer = 'answer' in settled ? settled.answer : {};
    expect(answer.ok).toBe(true);
    const results = (answer.results as Result[]).filter((r) => r.sourceSnapshotId === c.source);
    expect(results.map((r) => r.destinationRegion).sort()).toEqual(c.destinations);
    // Each cloud says the snapshot is not found (ENS and CBS: once for the call, once per destination tried alone).
    for (const r of results) expect(r).toMatchObject({ outcome: 'failed', errorCode: 'InvalidSnapshotId.NotFound' });
    // The copy was asked for, and refused, after the source was gone; none exists.
    const calls = cloud.calls().filter((call) => call.action === c.copyAction);
    expect(calls.length).toBeGreaterThan(0);
    for (const call of calls) expect(call.code).not.toBe('OK');
    const left = c.snapshots();
    expect(left.map((s) => s.snapshotId)).not.toContain(c.source);
    expect(left.filter((s) => s.sourceSnapshotId === c.source)).toEqual([]);
  });
});
