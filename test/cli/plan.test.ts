import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Seed } from '../../local-cloud/index';
import { credentialsSeed, hasEscapeCodes, runCli, writeFile } from './harness';
import { cliCloudPerFile } from './cli-cloud-per-file';

const POLICY = {
  rules: [
    {
      name: 'prod-dr',
      cloud: 'aliyun-ecs',
      sourceRegions: ['cn-hangzhou'],
      match: { tags: { backup: 'dr' } },
      destinations: [{ region: 'cn-shanghai', retentionDays: 30 }, { region: 'cn-beijing', retentionDays: 7 }],
    },
    { name: 'orders-dr', cloud: 'tencent-cbs', sourceRegions: ['ap-guangzhou'], destinations: [{ region: 'ap-beijing', retentionDays: 30 }] },
  ],
};

/**
 * cn-hangzhou: web (40 GB, already copied to cn-shanghai), db (200 GB), a snapshot still being made
 * (deferred), and one without the tag (not a source). ap-guangzhou: one 100 GB snapshot.
 * Would copy: db -> shanghai, db -> beijing, web -> beijing, orders -> beijing = 200 + 200 + 40 + 100 GB.
 */
function seed(): Seed {
  return {
    credentials: credentialsSeed(),
    ecs: {
      regions: ['cn-hangzhou', 'cn-shanghai', 'cn-beijing'],
      snapshots: [
        { snapshotId: 's-web1', regionId: 'cn-hangzhou', diskId: 'd-web', name: 'web', status: 'accomplished', snapshotType: 'user', tags: { backup: 'dr' }, sourceDiskSize: 40 },
        { snapshotId: 's-db1', regionId: 'cn-hangzhou', diskId: 'd-db', name: 'db', status: 'accomplished', snapshotType: 'timer', tags: { backup: 'dr' }, sourceDiskSize: 200 },
        { snapshotId: 's-new1', regionId: 'cn-hangzhou', diskId: 'd-new', name: 'new', status: 'progressing', progress: 40, snapshotType: 'user', tags: { backup: 'dr' }, sourceDiskSize: 500 },
        { snapshotId: 's-tmp1', regionId: 'cn-hangzhou', diskId: 'd-tmp', name: 'scratch', status: 'accomplished', snapshotType: 'user', sourceDiskSize: 20 },
        { snapshotId: 's-webcopy', regionId: 'cn-shanghai', diskId: 'd-web', name: 'srep:prod-dr:s-web1:cn-hangzhou', status: 'accomplished', snapshotType: 'copied', sourceSnapshotId: 's-web1', sourceRegion: 'cn-hangzhou', sourceDiskSize: 40 },
      ],
    },
    cbs: {
      regions: ['ap-guangzhou', 'ap-beijing'],
      snapshots: [{ snapshotId: 'snap-orders01', region: 'ap-guangzhou', diskId: 'disk-orders1', name: 'orders', state: 'NORMAL', diskSize: 100 }],
    },
  };
}

const { cloud, env, home } = cliCloudPerFile(seed);
const policyFile = writeFile(join(home, 'policy.json'), POLICY);


interface PlanJson {
  ok: boolean;
  dryRun: boolean;
  groups: Array<{ rule: string; destinationRegion: string; counts: Record<string, number>; transferGb: number }>;
  items: Array<{ sourceSnapshotId: string; destinationRegion: string; action: string; sizeGb?: number; copyName?: string; copySnapshotId?: string; reason?: string }>;
  totals: { counts: Record<string, number>; transferGb: number; unknownSizes: number };
}

describe('plan', () => {
  it('answers, per rule and destination, what a sweep would do and the data it would move', async () => {
    const run = await runCli(['plan', '--policy', policyFile, '--json'], env, home);
    expect(run.code).toBe(0);
    const plan = JSON.parse(run.stdout) as PlanJson;
    expect(plan.ok).toBe(true);
    expect(plan.totals.transferGb).toBe(540);
    expect(plan.totals.counts).toMatchObject({ 'would-copy': 4, 'already-copied': 1, deferred: 2, failed: 0 });
    const group = (rule: string, to: string) => plan.groups.find((g) => g.rule === rule && g.destinationRegion === to);
    expect(group('prod-dr', 'cn-shanghai')).toMatchObject({ transferGb: 200, counts: { 'would-copy': 1, 'already-copied': 1, deferred: 1 } });
    expect(group('prod-dr', 'cn-beijing')).toMatchObject({ transferGb: 240, counts: { 'would-copy': 2, 'already-copied': 0, deferred: 1 } });
    expect(group('orders-dr', 'ap-beijing')).toMatchObject({ transferGb: 100, counts: { 'would-copy': 1 } });
    expect(plan.items.find((i) => i.sourceSnapshotId === 's-web1' && i.destinationRegion === 'cn-shanghai')).toMatchObject({ action: 'already-copied', copySnapshotId: 's-webcopy' });
    expect(plan.items.find((i) => i.sourceSnapshotId === 's-db1' && i.destinationRegion === 'cn-beijing')).toMatchObject({ action: 'would-copy', sizeGb: 200, copyName: 'srep:prod-dr:s-db1:cn-hangzhou' });
    expect(plan.items.find((i) => i.sourceSnapshotId === 's-new1')?.reason).toContain('not ready');
    expect(plan.items.some((i) => i.sourceSnapshotId === 's-tmp1')).toBe(false);
  });

  it('copies nothing: no copy call reaches the cloud and its state is unchanged', async () => {
    const before = cloud.state().ecs.snapshots.length;
    const run = await runCli(['plan', '--policy', policyFile], env, home);
    expect(run.code).toBe(0);
    expect(cloud.state().ecs.snapshots).toHaveLength(before);
    expect(cloud.calls().filter((c) => c.action.startsWith('Copy'))).toEqual([]);
  });

  it('prints tables and the total for people, without escape codes when piped', async () => {
    // A wide output keeps the table layout (an 80-column one gets records: test/cli/width.test.ts).
    const run = await runCli(['plan', '--policy', policyFile], { ...env, COLUMNS: '200' }, home);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Dry run of');
    expect(run.stdout).toMatch(/prod-dr\s+cn-beijing\s+2\s+0\s+0\s+1\s+0\s+0\s+240 GB/);
    expect(run.stdout).toContain('Total: 4 copies, 540 GB to transfer.');
    expect(hasEscapeCodes(run)).toBe(false);
  });

  it('plans only the named rules', async () => {
    const run = await runCli(['plan', '--policy', policyFile, '--rule', 'orders-dr', '--json'], env, home);
    expect(run.code).toBe(0);
    const plan = JSON.parse(run.stdout) as PlanJson;
    expect(plan.groups.map((g) => g.rule)).toEqual(['orders-dr']);
    expect(plan.totals.transferGb).toBe(100);
  });

  it('refuses an unknown rule name and an invalid policy with exit 2, before any call', async () => {
    const unknown = await runCli(['plan', '--policy', policyFile, '--rule', 'prod-rd'], env, home);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('--rule names no rule of the policy');
    const bad = writeFile(join(home, 'bad.json'), { rules: [{ ...POLICY.rules[0], destinations: [{ region: 'cn-shanghai', retentionDays: 0 }] }] });
    const invalid = await runCli(['plan', '--policy', bad, '--json'], env, home);
    expect(invalid.code).toBe(2);
    const answer = JSON.parse(invalid.stdout) as { ok: boolean; error: { problems: Array<{ field: string }> } };
    expect(answer.ok).toBe(false);
    expect(answer.error.problems.map((p) => p.field)).toEqual(['rules[0].destinations[0].retentionDays']);
    expect(cloud.calls()).toEqual([]);
  });

  it('answers a refused signature as a cloud error, exit 3', async () => {
    const run = await runCli(['plan', '--policy', policyFile, '--rule', 'prod-dr'], { ...env, ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'not-the-secret' }, home);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('SignatureDoesNotMatch');
    expect(run.stderr).not.toContain('not-the-secret');
  });
});
