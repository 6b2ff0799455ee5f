/**
 * A copy deleted by someone, or one that failed in its destination, is made again by the next sweep,
 * on every cloud; and the runs that do so still make one copy between them. Read from the local
 * cloud's own state, through the built bundles.
 */
import { describe, expect, it } from 'vitest';
import { consoleActions } from '../support/console-actions';
import { localCloudPerFile } from '../support/local-cloud-per-file';
import { buffer, captureLogs, credentialsSeed, fcContext, KEYS, loadBundle, ONE_RULE_PER_CLOUD, scfContext, useLocalCloud, type Seed } from './harness';

const POLICY = ONE_RULE_PER_CLOUD;

function seed(): Seed {
  const recent = new Date(Date.now() - 60_000).toISOString();
  return {
    credentials: credentialsSeed(),
    ecs: { regions: ['cn-hangzhou', 'cn-shanghai'], snapshots: [{ snapshotId: 's-web1', regionId: 'cn-hangzhou', diskId: 'd-web', name: 'web', status: 'accomplished', snapshotType: 'user', creationTime: recent }] },
    ens: {
      regions: ['cn-hangzhou-26', 'cn-chengdu-26'],
      disks: [{ diskId: 'd-edge1', ensRegionId: 'cn-hangzhou-26' }],
      snapshots: [{ snapshotId: 'sp-edge1', ensRegionId: 'cn-hangzhou-26', diskId: 'd-edge1', name: 'edge', status: 'available', creationTime: recent }],
    },
    cbs: { regions: ['ap-guangzhou', 'ap-beijing'], snapshots: [{ snapshotId: 'snap-db000001', region: 'ap-guangzhou', diskId: 'disk-db01', name: 'db', state: 'NORMAL', createTime: recent }] },
    timing: { ecsCopySeconds: 60, ensCopySeconds: 60, cbsCopySeconds: 60 },
  };
}

const cloud = localCloudPerFile(seed, (c) => useLocalCloud(c, POLICY));
const ecs = loadBundle('ecs-replicator');
const ens = loadBundle('ens-replicator');
const cbs = loadBundle('cbs-replicator');
const FC_TIMER = buffer({ triggerTime: '2026-11-29T10:00:00Z', triggerName: 'sweep', payload: '' });
const SCF_TIMER = { Type: 'Timer', TriggerName: 'sweep', Time: '2026-11-29T10:00:00Z', Message: '' };

type Cloud = 'ecs' | 'ens' | 'cbs';
const sweep: Record<Cloud, () => Promise<Record<string, unknown>>> = {
  ecs: async () => (await captureLogs(() => ecs(FC_TIMER, fcContext()))).value,
  ens: async () => (await captureLogs(() => ens(FC_TIMER, fcContext()))).value,
  cbs: async () => (await captureLogs(() => cbs(SCF_TIMER, scfContext()))).value,
};

/** The copies in the cloud now: id and status (ECS status, ENS status, CBS state). */
function copies(service: Cloud): Array<{ id: string; status: string }> {
  const state = cloud.state();
  if (service === 'ecs') return state.ecs.snapshots.filter((s) => s.sourceSnapshotId !== undefined).map((s) => ({ id: s.snapshotId, status: s.status ?? '' }));
  if (service === 'ens') return state.ens.snapshots.filter((s) => s.sourceSnapshotId !== undefined).map((s) => ({ id: s.snapshotId, status: s.status ?? '' }));
  return state.cbs.snapshots.filter((s) => s.sourceSnapshotId !== undefined).map((s) => ({ id: s.snapshotId, status: s.state ?? '' }));
}

const LIVE = new Set(['accomplished', 'progressing', 'available', 'creating', 'NORMAL', 'COPYING_FROM_REMOTE']);
const live = (service: Cloud): Array<{ id: string; status: string }> => copies(service).filter((c) => LIVE.has(c.status));

async function deleteByHand(service: Cloud, id: string): Promise<void> {
  const act = consoleActions(cloud.url, { aliyun: KEYS.aliyun, tencent: KEYS.tencent });
  if (service === 'ecs') await act.ecsDelete(id);
  else if (service === 'ens') await act.ensDelete(id);
  else await act.cbsDelete('ap-beijing', id);
}

describe.each<Cloud>(['ecs', 'ens', 'cbs'])('%s: a copy that is gone', (service) => {
  it('is copied again by the next sweep when someone deleted it', async () => {
    expect((await sweep[service]()).ok).toBe(true);
    cloud.advance(3600);
    const [first] = live(service);
    expect(first).toBeDefined();
    await deleteByHand(service, first!.id);
    expect(live(service)).toEqual([]);

    const answer = await sweep[service]();
    const results = answer.results as Array<{ outcome: string; copySnapshotId?: string }>;
    expect(results.filter((r) => r.outcome === 'copied')).toHaveLength(1);
    cloud.advance(3600);
    // What the answer names exists, and it is not the deleted copy.
    const now = live(service);
    expect(now).toHaveLength(1);
    expect(now[0]?.id).not.toBe(first!.id);
    expect(results.find((r) => r.outcome === 'copied')?.copySnapshotId).toBe(now[0]?.id);
    // A third sweep finds it and makes none.
    const third = await sweep[service]();
    expect((third.results as Array<{ outcome: string }>).map((r) => r.outcome)).toEqual(['already-copied']);
    expect(live(service)).toHaveLength(1);
  });

  it('is copied again by the next sweep when it failed in its destination', async () => {
    cloud.setFaults({ copyFailRate: 1, seed: 7 });
    expect((await sweep[service]()).ok).toBe(true);
    cloud.advance(3600);
    expect(live(service)).toEqual([]);
    cloud.setFaults({ copyFailRate: 0 });

    const answer = await sweep[service]();
    expect((answer.results as Array<{ outcome: string }>).map((r) => r.outcome)).toEqual(['copied']);
    cloud.advance(3600);
    expect(live(service)).toHaveLength(1);
  });
});

describe('ecs: the ClientToken chain', () => {
  it('makes one copy when overlapping runs meet the same deleted copy', async () => {
    // Copies finish at once, so ECS's one-copy-per-disk rule cannot hide a second copy.
    cloud.reset({ ...seed(), timing: { ecsCopySeconds: 0 } });
    await sweep.ecs();
    const [first] = live('ecs');
    await deleteByHand('ecs', first!.id);
    const { value: answers } = await captureLogs(() => Promise.all([ecs(FC_TIMER, fcContext()), ecs(FC_TIMER, fcContext()), ecs(FC_TIMER, fcContext())]));
    expect(answers.every((a) => a.ok === true)).toBe(true);
    cloud.advance(60);
    expect(live('ecs')).toHaveLength(1);
    const named = new Set(answers.flatMap((a) => (a.results as Array<{ copySnapshotId?: string }>).map((r) => r.copySnapshotId)));
    expect([...named]).toEqual([live('ecs')[0]?.id]);
  });
});
