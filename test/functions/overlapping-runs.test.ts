/**
 * Overlapping runs on clouds without an idempotency token (a timer tick, a retried tick and a manual
 * run at once): CBS copies that finish within a second escape its running-copy refusal, and ENS has no
 * token at all. Whatever they make, the next sweep leaves exactly one copy per pair, keeping the oldest:
 * read from the local cloud's state, through the built bundles.
 */
import { describe, expect, it } from 'vitest';
import { localCloudPerFile } from '../support/local-cloud-per-file';
import { buffer, captureLogs, credentialsSeed, fcContext, loadBundle, scfContext, useLocalCloud, type Seed } from './harness';

const PAIRS = 20;
const POLICY = {
  rules: [
    { name: 'edge', cloud: 'aliyun-ens', sourceRegions: ['cn-hangzhou-26'], destinations: [{ region: 'cn-chengdu-26', retentionDays: 7 }] },
    { name: 'cbs-dr', cloud: 'tencent-cbs', sourceRegions: ['ap-guangzhou'], destinations: [{ region: 'ap-beijing', retentionDays: 7 }] },
  ],
};

const ago = (minutes: number): string => new Date(Date.now() - minutes * 60_000).toISOString();

function seed(extra: { ens?: NonNullable<Seed['ens']>['snapshots']; cbs?: NonNullable<Seed['cbs']>['snapshots'] } = {}): Seed {
  return {
    credentials: credentialsSeed(),
    ens: {
      regions: ['cn-hangzhou-26', 'cn-chengdu-26'],
      disks: Array.from({ length: PAIRS }, (_, i) => ({ diskId: `d-edge${i}`, ensRegionId: 'cn-hangzhou-26' })),
      snapshots: [
        ...Array.from({ length: PAIRS }, (_, i) => ({ snapshotId: `sp-src${i}`, ensRegionId: 'cn-hangzhou-26', diskId: `d-edge${i}`, name: `edge-${i}`, status: 'available', creationTime: ago(10) })),
        ...(extra.ens ?? []),
      ],
    },
    cbs: {
      regions: ['ap-guangzhou', 'ap-beijing'],
      snapshots: [
        ...Array.from({ length: PAIRS }, (_, i) => ({ snapshotId: `snap-src${String(i).padStart(5, '0')}`, region: 'ap-guangzhou', diskId: `disk-db${i}`, name: `db-${i}`, state: 'NORMAL', createTime: ago(10) })),
        ...(extra.cbs ?? []),
      ],
    },
    // Copies finish at once: CBS's refusal of a second copy while one runs cannot help.
    timing: { ensCopySeconds: 0, cbsCopySeconds: 0 },
  };
}

const cloud = localCloudPerFile(() => seed(), (c) => useLocalCloud(c, POLICY));
const ens = loadBundle('ens-replicator');
const cbs = loadBundle('cbs-replicator');
const FC_TIMER = buffer({ triggerTime: '2026-11-29T10:00:00Z', triggerName: 'sweep', payload: '' });
const SCF_TIMER = { Type: 'Timer', TriggerName: 'sweep', Time: '2026-11-29T10:00:00Z', Message: '' };

type Service = 'ens' | 'cbs';
const run = (service: Service): Promise<Record<string, unknown>> => (service === 'ens' ? ens(FC_TIMER, fcContext()) : cbs(SCF_TIMER, scfContext()));
const sweep = async (service: Service): Promise<Record<string, unknown>> => (await captureLogs(() => run(service))).value;
/** Several sweeps started together; one capture holds all their logs. */
const overlapping = async (service: Service, n: number): Promise<Array<Record<string, unknown>>> =>
  (await captureLogs(() => Promise.all(Array.from({ length: n }, () => run(service))))).value;

/** Live copies per source, from the cloud's own state. */
function copiesPerSource(service: Service): Map<string, string[]> {
  const state = cloud.state();
  const list = service === 'ens'
    ? state.ens.snapshots.filter((s) => s.sourceSnapshotId !== undefined && s.status === 'available').map((s) => [s.sourceSnapshotId as string, s.snapshotId] as const)
    : state.cbs.snapshots.filter((s) => s.sourceSnapshotId !== undefined && s.state === 'NORMAL').map((s) => [s.sourceSnapshotId as string, s.snapshotId] as const);
  const out = new Map<string, string[]>();
  for (const [source, copy] of list) out.set(source, [...(out.get(source) ?? []), copy]);
  return out;
}

describe.each<Service>(['ens', 'cbs'])('%s', (service) => {
  it('leaves exactly one copy per pair after overlapping sweeps and the next one', async () => {
    const answers = await overlapping(service, 4);
    expect(answers.every((a) => a.ok === true)).toBe(true);
    const next = await sweep(service);
    expect(next.ok).toBe(true);
    const after = copiesPerSource(service);
    expect(after.size).toBe(PAIRS);
    expect([...after.values()].every((copies) => copies.length === 1)).toBe(true);
  });

  it('deletes a duplicate left by overlapping runs, keeping the older, and nothing else', async () => {
    const ensCopy = (id: string, minutes: number) => ({ snapshotId: id, ensRegionId: 'cn-chengdu-26', diskId: 'd-edge0', name: 'srep:edge:sp-src0:cn-hangzhou-26', status: 'available', creationTime: ago(minutes), sourceSnapshotId: 'sp-src0', sourceRegion: 'cn-hangzhou-26' });
    const cbsCopy = (id: string, minutes: number, name = 'srep:cbs-dr:snap-src00000:ap-guangzhou') => ({ snapshotId: id, region: 'ap-beijing', diskId: 'disk-db0', name, state: 'NORMAL', createTime: ago(minutes), copyFromRemote: true, sourceSnapshotId: 'snap-src00000', sourceRegion: 'ap-guangzhou' });
    cloud.reset(seed({
      ens: [ensCopy('sp-older', 8), ensCopy('sp-newer', 7)],
      // A copy made by hand (CBS's own default name) is a copy too, but never deleted.
      cbs: [cbsCopy('snap-older', 8), cbsCopy('snap-newer', 7), cbsCopy('snap-byhand', 6, 'Copied snap-src00000 from ap-guangzhou')],
    }));
    useLocalCloud(cloud, POLICY);
    const answer = await sweep(service);
    const chores = answer.chores as Array<{ kind: string; snapshotId?: string; outcome: string }>;
    const pruned = chores.filter((c) => c.kind === 'prune' && c.outcome === 'done').map((c) => c.snapshotId);
    expect(pruned).toEqual([service === 'ens' ? 'sp-newer' : 'snap-newer']);
    const left = copiesPerSource(service).get(service === 'ens' ? 'sp-src0' : 'snap-src00000');
    expect(left?.sort()).toEqual(service === 'ens' ? ['sp-older'] : ['snap-byhand', 'snap-older']);
  });
});
