import { describe, expect, it } from 'vitest';
import { localCloudPerFile } from '../support/local-cloud-per-file';
import type { EnsSnapshotSeed } from '../../local-cloud/seed';
import { buffer, captureLogs, credentialsSeed, fcContext, loadBundle, useLocalCloud, type Seed } from './harness';

const DAY = 86_400_000;
const ago = (ms: number): string => new Date(Date.now() - ms).toISOString();

const POLICY = {
  rules: [
    {
      name: 'edge',
      cloud: 'aliyun-ens',
      sourceRegions: ['cn-hangzhou-26'],
      destinations: [
        { region: 'cn-chengdu-26', retentionDays: 30 },
        { region: 'cn-shenzhen-3', retentionDays: 30 },
      ],
      createSnapshots: { diskIds: ['d-edge1'], intervalHours: 6 },
    },
  ],
};

function seed(extra: EnsSnapshotSeed[] = []): Seed {
  return {
    credentials: credentialsSeed(),
    ens: {
      regions: ['cn-hangzhou-26', 'cn-chengdu-26', 'cn-shenzhen-3'],
      disks: [{ diskId: 'd-edge1', ensRegionId: 'cn-hangzhou-26', size: 40 }],
      snapshots: [
        { snapshotId: 'sp-edge1', ensRegionId: 'cn-hangzhou-26', diskId: 'd-edge1', name: 'edge-cache', status: 'available', creationTime: ago(60_000) },
        ...extra,
      ],
    },
  };
}

const TIMER = buffer({ triggerTime: '2026-11-22T10:30:00Z', triggerName: 'sweep', payload: '' });

const handler = loadBundle('ens-replicator');

const cloud = localCloudPerFile(seed, (c) => useLocalCloud(c, POLICY));

type Snap = { snapshotId: string; ensRegionId: string; name?: string; sourceSnapshotId?: string; status?: string };
const snaps = (): Snap[] => cloud.state().ens.snapshots as Snap[];
const copiesOf = (id: string): Snap[] => snaps().filter((s) => s.sourceSnapshotId === id);
const calls = (action: string) => cloud.calls().filter((c) => c.action === action);

async function sweep(): Promise<Record<string, unknown>> {
  return (await captureLogs(() => handler(TIMER, fcContext()))).value;
}

describe('ens-replicator bundle', () => {
  it('copies a snapshot to every edge node in one call, marking each copy with its lineage', async () => {
    const answer = await sweep();
    expect(answer).toMatchObject({ ok: true, trigger: 'timer' });
    const results = answer.results as Array<{ sourceSnapshotId: string; destinationRegion: string; outcome: string }>;
    expect(results.filter((r) => r.sourceSnapshotId === 'sp-edge1').map((r) => `${r.destinationRegion}:${r.outcome}`).sort()).toEqual(['cn-chengdu-26:copied', 'cn-shenzhen-3:copied']);
    expect(calls('CopySnapshot')).toHaveLength(1);
    expect(JSON.parse(String(calls('CopySnapshot')[0]?.params.DestinationRegionIds))).toEqual(['cn-chengdu-26', 'cn-shenzhen-3']);
    expect(copiesOf('sp-edge1').map((c) => c.name)).toEqual(['srep:edge:sp-edge1:cn-hangzhou-26', 'srep:edge:sp-edge1:cn-hangzhou-26']);
  });

  it('completes a partial success on the next sweep with exactly one copy per node', async () => {
    cloud.setFaults({ partialRate: 0.5, seed: 1 });
    const first = await sweep();
    const firstOutcomes = (first.results as Array<{ outcome: string; destinationRegion: string; reason?: string }>).filter((r) => r.destinationRegion !== '');
    expect(firstOutcomes.map((r) => r.outcome).sort()).toEqual(['copied', 'failed']);
    expect(firstOutcomes.find((r) => r.outcome === 'failed')?.reason).toContain('PartSuccess');
    cloud.setFaults({ partialRate: 0 });
    cloud.advance(600);
    const second = await sweep();
    const sourceCalls = calls('CopySnapshot').filter((c) => c.params.SnapshotId === 'sp-edge1');
    expect(sourceCalls).toHaveLength(2);
    const retriedNodes = JSON.parse(String(sourceCalls[1]?.params.DestinationRegionIds)) as string[];
    expect(retriedNodes).toHaveLength(1);
    const secondOutcomes = (second.results as Array<{ outcome: string; sourceSnapshotId: string }>).filter((r) => r.sourceSnapshotId === 'sp-edge1');
    expect(secondOutcomes.map((r) => r.outcome).sort()).toEqual(['already-copied', 'copied']);
    const nodes = copiesOf('sp-edge1').map((c) => c.ensRegionId).sort();
    expect(nodes).toEqual(['cn-chengdu-26', 'cn-shenzhen-3']);
  });

  it('takes a scheduled snapshot once per interval however often the timer fires, then copies it', async () => {
    // The rule's last snapshot of the disk is 7 hours old: one new one is due (interval 6 h).
    cloud.reset(seed([{ snapshotId: 'sp-old1', ensRegionId: 'cn-hangzhou-26', diskId: 'd-edge1', name: 'srepauto:edge:d-edge1:202611220300', status: 'available', creationTime: ago(7 * 3_600_000) }]));
    for (let i = 0; i < 3; i += 1) await sweep();
    expect(calls('CreateSnapshot')).toHaveLength(1);
    const created = snaps().filter((s) => s.name?.startsWith('srepauto:edge:d-edge1:') && s.snapshotId !== 'sp-old1');
    expect(created).toHaveLength(1);
    cloud.advance(120);
    await sweep();
    expect(calls('CreateSnapshot')).toHaveLength(1);
    expect(copiesOf(created[0]!.snapshotId).map((c) => c.ensRegionId).sort()).toEqual(['cn-chengdu-26', 'cn-shenzhen-3']);
  });

  it('prunes only its own expired copies', async () => {
    const old = ago(40 * DAY);
    cloud.reset(seed([
      { snapshotId: 'sp-srcold', ensRegionId: 'cn-hangzhou-26', diskId: 'd-edge1', name: 'old-source', status: 'available', creationTime: old },
      { snapshotId: 'sp-own-old', ensRegionId: 'cn-chengdu-26', name: 'srep:edge:sp-srcold:cn-hangzhou-26', status: 'available', creationTime: old, sourceSnapshotId: 'sp-srcold', sourceRegion: 'cn-hangzhou-26' },
      { snapshotId: 'sp-own-new', ensRegionId: 'cn-shenzhen-3', name: 'srep:edge:sp-srcold:cn-hangzhou-26', status: 'available', creationTime: ago(DAY) },
      { snapshotId: 'sp-forged', ensRegionId: 'cn-chengdu-26', name: 'srep:someone:sp-srcold:cn-hangzhou-26', status: 'available', creationTime: old },
      { snapshotId: 'sp-unmarked', ensRegionId: 'cn-chengdu-26', name: 'manual-backup', status: 'available', creationTime: old },
      { snapshotId: 'sp-foreign-src', ensRegionId: 'cn-chengdu-26', name: 'srep:edge:sp-x:cn-elsewhere-1', status: 'available', creationTime: old },
    ]));
    const answer = await sweep();
    const pruned = (answer.chores as Array<{ kind: string; snapshotId: string; outcome: string }>).filter((c) => c.kind === 'prune');
    expect(pruned.map((p) => [p.snapshotId, p.outcome])).toEqual([['sp-own-old', 'done']]);
    const left = snaps().map((s) => s.snapshotId);
    expect(left).not.toContain('sp-own-old');
    for (const kept of ['sp-srcold', 'sp-own-new', 'sp-forged', 'sp-unmarked', 'sp-foreign-src']) expect(left).toContain(kept);
    // The old source is past retention: it is not copied again after its copy expired.
    const copied = calls('CopySnapshot').map((c) => c.params.SnapshotId);
    expect(copied).toEqual(['sp-edge1']);
  });

  it.each([
    ['non-JSON bytes', Buffer.from('\u0000\u0001garbage')],
    ['a manual copy to its own node', buffer({ action: 'copy', cloud: 'aliyun-ens', snapshotId: 'sp-edge1', sourceRegion: 'cn-hangzhou-26', destinations: [{ region: 'cn-hangzhou-26' }] })],
    ['a CBS snapshot id', buffer({ action: 'copy', cloud: 'aliyun-ens', snapshotId: 'snap-edge1', sourceRegion: 'cn-hangzhou-26', destinations: [{ region: 'cn-chengdu-26' }] })],
    ['encryption on an edge copy', buffer({ action: 'copy', cloud: 'aliyun-ens', snapshotId: 'sp-edge1', sourceRegion: 'cn-hangzhou-26', destinations: [{ region: 'cn-chengdu-26', encrypted: true }] })],
  ])('answers ok:false for %s with no API call', async (_label, event) => {
    const { value } = await captureLogs(() => handler(event, fcContext()));
    expect(value.ok).toBe(false);
    expect((value.error as { code: string }).code).toBe('InvalidInput');
    expect(cloud.calls()).toHaveLength(0);
  });
});
