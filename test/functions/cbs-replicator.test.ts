import { describe, expect, it } from 'vitest';
import { localCloudPerFile } from '../support/local-cloud-per-file';
import { captureLogs, credentialsSeed, loadBundle, SECRETS, scfContext, useLocalCloud, type Seed } from './harness';

const POLICY = {
  rules: [
    {
      name: 'tencent-dr',
      cloud: 'tencent-cbs',
      sourceRegions: ['ap-guangzhou'],
      match: { namePattern: 'prod-*' },
      destinations: [
        { region: 'ap-beijing', retentionDays: 14 },
        { region: 'ap-shanghai', retentionDays: 30 },
      ],
    },
  ],
};

function seed(): Seed {
  return {
    credentials: credentialsSeed(),
    cbs: {
      regions: ['ap-guangzhou', 'ap-beijing', 'ap-shanghai'],
      snapshots: [
        { snapshotId: 'snap-prod0001', region: 'ap-guangzhou', diskId: 'disk-orders', name: 'prod-orders', state: 'NORMAL', diskSize: 100 },
        { snapshotId: 'snap-prod0002', region: 'ap-guangzhou', diskId: 'disk-users', name: 'prod-users', state: 'NORMAL', diskSize: 50 },
        { snapshotId: 'snap-test0001', region: 'ap-guangzhou', diskId: 'disk-test', name: 'test-scratch', state: 'NORMAL', diskSize: 10 },
      ],
    },
  };
}

const TIMER = { Type: 'Timer', TriggerName: 'sweep', Time: '2026-11-22T10:30:00Z', Message: '{"action":"sweep"}' };

const handler = loadBundle('cbs-replicator');

const cloud = localCloudPerFile(seed, (c) => useLocalCloud(c, POLICY));

type Snap = { snapshotId: string; region: string; sourceSnapshotId?: string; deadline?: string; name?: string };
const copies = (): Snap[] => (cloud.state().cbs.snapshots as Snap[]).filter((s) => s.sourceSnapshotId !== undefined);
const copyCalls = () => cloud.calls().filter((c) => c.action === 'CopySnapshotCrossRegions');
const outcomes = (answer: Record<string, unknown>): string[] => (answer.results as Array<{ outcome: string }>).map((r) => r.outcome);

describe('cbs-replicator bundle', () => {
  it('copies each matching snapshot to every destination once, in one call per source, with deadlines', async () => {
    const { value, lines } = await captureLogs(() => handler(TIMER, scfContext()));
    expect(value).toMatchObject({ ok: true, trigger: 'timer' });
    expect(outcomes(value)).toEqual(['copied', 'copied', 'copied', 'copied']);
    const made = copies();
    expect(made.map((c) => `${c.sourceSnapshotId}>${c.region}`).sort()).toEqual([
      'snap-prod0001>ap-beijing', 'snap-prod0001>ap-shanghai', 'snap-prod0002>ap-beijing', 'snap-prod0002>ap-shanghai',
    ]);
    // One call carries both destinations; the copy's name records its source and region.
    expect(copyCalls()).toHaveLength(2);
    expect(made).toHaveLength(4);
    for (const c of made) expect(c.name).toBe(`srep:tencent-dr:${c.sourceSnapshotId}:ap-guangzhou`);
    // Retention lands as a deadline on every copy.
    for (const c of made) expect(c.deadline).toEqual(expect.any(String));
    const beijing = made.find((c) => c.region === 'ap-beijing');
    const days = (Date.parse(beijing!.deadline!) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(13.9);
    expect(days).toBeLessThan(14.1);
    expect(copies().some((c) => c.sourceSnapshotId === 'snap-test0001')).toBe(false);
    for (const secret of SECRETS) expect(lines.join('\n')).not.toContain(secret);
  });

  it('copies nothing new on the second sweep, in flight or finished', async () => {
    await captureLogs(() => handler(TIMER, scfContext()));
    const { value: second } = await captureLogs(() => handler(TIMER, scfContext()));
    expect(outcomes(second)).toEqual(['in-progress', 'in-progress', 'in-progress', 'in-progress']);
    cloud.advance(600);
    const { value: third } = await captureLogs(() => handler({ ...TIMER, Message: '' }, scfContext()));
    expect(outcomes(third)).toEqual(['already-copied', 'already-copied', 'already-copied', 'already-copied']);
    expect(copyCalls()).toHaveLength(2);
    expect(copies()).toHaveLength(4);
  });

  it('retries an injected per-region failure for that region alone', async () => {
    cloud.setFaults({ partialRate: 0.5, seed: 2 });
    const { value: first } = await captureLogs(() => handler(TIMER, scfContext()));
    const failedPairs = (first.results as Array<{ outcome: string; sourceSnapshotId: string; destinationRegion: string }>)
      .filter((r) => r.outcome !== 'copied')
      .map((r) => `${r.sourceSnapshotId}>${r.destinationRegion}`);
    expect(failedPairs.length).toBeGreaterThan(0);
    expect(failedPairs.length).toBeLessThan(4);
    cloud.setFaults({ partialRate: 0 });
    const before = copyCalls().length;
    const { value: second } = await captureLogs(() => handler(TIMER, scfContext()));
    const retried = copyCalls().slice(before).flatMap((c) => (c.params.DestinationRegions as string[]).map((r) => `${String(c.params.SnapshotId)}>${r}`));
    expect(retried.sort()).toEqual(failedPairs.sort());
    expect((second.results as Array<{ outcome: string }>).filter((r) => r.outcome === 'copied')).toHaveLength(failedPairs.length);
    const pairs = copies().map((c) => `${c.sourceSnapshotId}>${c.region}`);
    expect(new Set(pairs).size).toBe(4);
    expect(pairs).toHaveLength(4);
  });

  it('reports a copy already running to a region as in-progress, and leaves it alone', async () => {
    // Someone started a copy by hand under another name: the source lists the region in CopyingToRegions.
    const state = seed();
    state.cbs!.snapshots!.push({ snapshotId: 'snap-hand0001', region: 'ap-beijing', name: 'by hand', state: 'COPYING_FROM_REMOTE', copyFromRemote: true, sourceSnapshotId: 'snap-prod0001', sourceRegion: 'ap-guangzhou' });
    cloud.reset(state);
    const { value } = await captureLogs(() => handler(TIMER, scfContext()));
    const pair = (value.results as Array<{ sourceSnapshotId: string; destinationRegion: string; outcome: string }>).find((r) => r.sourceSnapshotId === 'snap-prod0001' && r.destinationRegion === 'ap-beijing');
    expect(pair?.outcome).toBe('in-progress');
    // Everything else was copied; that one pair was never asked for, and its only copy is the one made by hand.
    const asked = copyCalls().flatMap((c) => (c.params.DestinationRegions as string[]).map((r) => `${String(c.params.SnapshotId)}>${r}`));
    expect(asked.sort()).toEqual(['snap-prod0001>ap-shanghai', 'snap-prod0002>ap-beijing', 'snap-prod0002>ap-shanghai']);
    expect(copies().filter((c) => c.sourceSnapshotId === 'snap-prod0001' && c.region === 'ap-beijing').map((c) => c.snapshotId)).toEqual(['snap-hand0001']);
  });

  it('answers the CloudAudit CreateSnapshot event with deferred and no API call', async () => {
    const event = {
      specversion: '1.0', id: 'evt-1', source: 'cbs.cloud.tencent', type: 'cbs:CloudEvent:ApiCall', region: 'ap-guangzhou', time: 1763800000000,
      data: { eventName: 'CreateSnapshot', requestParameters: { DiskId: 'disk-orders' }, responseElements: { SnapshotId: 'snap-new00001' } },
    };
    const { value } = await captureLogs(() => handler(event, scfContext()));
    expect(value.ok).toBe(true);
    expect(outcomes(value)).toEqual(['deferred']);
    expect(cloud.calls()).toHaveLength(0);
  });

  it('copies on a manual payload', async () => {
    const payload = { action: 'copy', cloud: 'tencent-cbs', snapshotId: 'snap-test0001', sourceRegion: 'ap-guangzhou', destinations: [{ region: 'ap-beijing', retentionDays: 1 }] };
    const { value } = await captureLogs(() => handler(payload, scfContext()));
    expect(value).toMatchObject({ ok: true, trigger: 'manual', results: [{ outcome: 'copied', destinationRegion: 'ap-beijing' }] });
    expect(copies()).toMatchObject([{ sourceSnapshotId: 'snap-test0001', region: 'ap-beijing' }]);
  });

  it.each([
    ['a string that is not JSON', '{"action":'],
    ['an unknown action', { action: 'dance' }],
    ['a bad snapshot id', { action: 'copy', cloud: 'tencent-cbs', snapshotId: 's-not-cbs', sourceRegion: 'ap-guangzhou', destinations: [{ region: 'ap-beijing' }] }],
    ['duplicate destinations', { action: 'copy', cloud: 'tencent-cbs', snapshotId: 'snap-prod0001', sourceRegion: 'ap-guangzhou', destinations: [{ region: 'ap-beijing' }, { region: 'ap-beijing' }] }],
    ['tags on a CBS destination', { action: 'copy', cloud: 'tencent-cbs', snapshotId: 'snap-prod0001', sourceRegion: 'ap-guangzhou', destinations: [{ region: 'ap-beijing', tags: { a: 'b' } }] }],
    ['a copy name over 60 bytes', { action: 'copy', cloud: 'tencent-cbs', snapshotId: 'snap-prod0001', sourceRegion: 'ap-guangzhou', copyName: `{sourceId} {sourceRegion} ${'x'.repeat(60)}`, destinations: [{ region: 'ap-beijing' }] }],
    ['the wrong cloud for this function', { action: 'copy', cloud: 'aliyun-ecs', snapshotId: 's-1', sourceRegion: 'cn-hangzhou', destinations: [{ region: 'cn-shanghai' }] }],
  ])('answers ok:false for %s with no API call', async (_label, event) => {
    const { value } = await captureLogs(() => handler(event, scfContext()));
    expect(value.ok).toBe(false);
    expect((value.error as { code: string }).code).toBe('InvalidInput');
    expect(typeof (value.error as { field: string }).field).toBe('string');
    expect(cloud.calls()).toHaveLength(0);
  });
});
