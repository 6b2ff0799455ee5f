/**
 * A copy made whose answer was lost, for certain rather than by chance of a seed: the local cloud's
 * `lostAnswers` carries out the first copy call and never answers it. Each cloud must end with exactly
 * one copy per pair, each in its own way, read from the cloud's state: CBS by its running-copy refusal
 * of the repeat, ENS by the next sweep seeing what the lost call did (its calls are never repeated
 * blindly). ECS, by its ClientToken: test/functions/ecs-client-token.test.ts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { CallRecord } from '../../local-cloud/index';
import { localCloudPerFile } from '../support/local-cloud-per-file';
import { buffer, captureLogs, credentialsSeed, fcContext, loadBundle, scfContext, useLocalCloud, type Seed } from './harness';

const POLICY = {
  rules: [
    { name: 'tencent-dr', cloud: 'tencent-cbs', sourceRegions: ['ap-guangzhou'], destinations: [{ region: 'ap-beijing', retentionDays: 14 }, { region: 'ap-shanghai', retentionDays: 30 }] },
    { name: 'edge', cloud: 'aliyun-ens', sourceRegions: ['cn-hangzhou-26'], destinations: [{ region: 'cn-chengdu-26', retentionDays: 30 }, { region: 'cn-shenzhen-3', retentionDays: 30 }] },
  ],
};

function seed(): Seed {
  const recent = new Date(Date.now() - 60_000).toISOString();
  return {
    credentials: credentialsSeed(),
    cbs: {
      regions: ['ap-guangzhou', 'ap-beijing', 'ap-shanghai'],
      snapshots: [{ snapshotId: 'snap-prod0001', region: 'ap-guangzhou', diskId: 'disk-orders', name: 'prod-orders', state: 'NORMAL', diskSize: 100 }],
    },
    ens: {
      regions: ['cn-hangzhou-26', 'cn-chengdu-26', 'cn-shenzhen-3'],
      snapshots: [{ snapshotId: 'sp-edge1', ensRegionId: 'cn-hangzhou-26', diskId: 'd-edge1', name: 'edge-cache', status: 'available', creationTime: recent }],
    },
  };
}

const cbs = loadBundle('cbs-replicator');
const ens = loadBundle('ens-replicator');
const cloud = localCloudPerFile(seed, (c) => {
  useLocalCloud(c, POLICY);
  // Adapters give up on an unanswered request after this long, so a lost answer costs little.
  process.env.API_TIMEOUT_MS = '300';
});
afterEach(() => {
  delete process.env.API_TIMEOUT_MS;
});

type Result = { sourceSnapshotId: string; destinationRegion: string; outcome: string };
type Chore = { kind: string; snapshotId?: string; outcome: string };
const pairs = (answer: Record<string, unknown>): string[] =>
  (answer.results as Result[]).filter((r) => r.destinationRegion !== '').map((r) => `${r.destinationRegion}:${r.outcome}`).sort();
const callsOf = (action: string): CallRecord[] => cloud.calls().filter((c) => c.action === action);

describe('CBS: a copy made whose answer was lost', () => {
  const TIMER = { Type: 'Timer', TriggerName: 'sweep', Time: '2026-11-22T10:30:00Z', Message: '' };
  type Snap = { snapshotId: string; region: string; sourceSnapshotId?: string; deadline?: string; state?: string };
  const copies = (): Snap[] => (cloud.state().cbs.snapshots as Snap[]).filter((s) => s.sourceSnapshotId === 'snap-prod0001');

  it('is refused when repeated (a copy is running), and the next sweep gives it its deadline: one copy per region', async () => {
    cloud.setFaults({ lostAnswers: { 'cbs.CopySnapshotCrossRegions': 1 } });
    const { value: first } = await captureLogs(() => cbs(TIMER, scfContext()));
    expect(first.ok).toBe(true);
    // The lost call started both copies; its repeat reached the cloud, which refused each region
    // (CBS answers a multi-region copy region by region): a copy is running there.
    expect(callsOf('CopySnapshotCrossRegions').map((c) => c.code)).toEqual(['Timeout(applied)', 'OK']);
    expect(copies().map((c) => c.region).sort()).toEqual(['ap-beijing', 'ap-shanghai']);
    expect((first.results as Array<Result & { errorCode?: string }>).map((r) => `${r.destinationRegion}:${r.outcome}:${r.errorCode}`).sort()).toEqual([
      'ap-beijing:in-progress:ResourceInUse.CopySnapshotConflict', 'ap-shanghai:in-progress:ResourceInUse.CopySnapshotConflict',
    ]);

    cloud.advance(600);
    const { value: second } = await captureLogs(() => cbs(TIMER, scfContext()));
    expect(pairs(second)).toEqual(['ap-beijing:already-copied', 'ap-shanghai:already-copied']);
    expect((second.chores as Chore[]).filter((c) => c.kind === 'retention').map((c) => c.outcome)).toEqual(['done', 'done']);
    const made = copies();
    expect(made.map((c) => c.region).sort()).toEqual(['ap-beijing', 'ap-shanghai']);
    for (const c of made) expect(c.deadline).toEqual(expect.any(String));
    expect(callsOf('CopySnapshotCrossRegions')).toHaveLength(2);
  });
});

describe('ENS: a copy made whose answer was lost', () => {
  const TIMER = buffer({ triggerTime: '2026-11-22T10:30:00Z', triggerName: 'sweep', payload: '' });
  type Snap = { snapshotId: string; ensRegionId: string; sourceSnapshotId?: string; status?: string };
  const copies = (): Snap[] => (cloud.state().ens.snapshots as Snap[]).filter((s) => s.sourceSnapshotId === 'sp-edge1');

  it('is not repeated; the next sweep sees the copies it made: one copy per node, one call in all', async () => {
    cloud.setFaults({ lostAnswers: { 'ens.CopySnapshot': 1 } });
    const { value: first } = await captureLogs(() => ens(TIMER, fcContext()));
    expect(first.ok).toBe(true);
    expect(callsOf('CopySnapshot').map((c) => c.code)).toEqual(['Timeout(applied)']);
    expect(pairs(first)).toEqual(['cn-chengdu-26:deferred', 'cn-shenzhen-3:deferred']);
    expect(copies().map((c) => c.ensRegionId).sort()).toEqual(['cn-chengdu-26', 'cn-shenzhen-3']);

    const { value: second } = await captureLogs(() => ens(TIMER, fcContext()));
    expect(pairs(second)).toEqual(['cn-chengdu-26:in-progress', 'cn-shenzhen-3:in-progress']);
    cloud.advance(600);
    const { value: third } = await captureLogs(() => ens(TIMER, fcContext()));
    expect(pairs(third)).toEqual(['cn-chengdu-26:already-copied', 'cn-shenzhen-3:already-copied']);
    expect(callsOf('CopySnapshot')).toHaveLength(1);
    expect(copies().map((c) => `${c.ensRegionId}:${c.status}`).sort()).toEqual(['cn-chengdu-26:available', 'cn-shenzhen-3:available']);
  });
});
