import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Seed } from '../../local-cloud/index';
import { credentialsSeed, hasEscapeCodes, hoursAgo, runCli, writeFile } from './harness';
import { cliCloudPerFile } from './cli-cloud-per-file';

const RULE = { name: 'prod-dr', cloud: 'aliyun-ecs', sourceRegions: ['cn-hangzhou'], match: { tags: { backup: 'dr' } } };

/**
 * Disk d-web: a snapshot taken 5 hours ago, copied to cn-shanghai; none in cn-beijing.
 * Disk d-db: a snapshot taken 3 hours ago (copied) and a newer one an hour ago (not copied yet).
 */
function seed(): Seed {
  const source = (snapshotId: string, diskId: string, hours: number) => ({
    snapshotId, regionId: 'cn-hangzhou', diskId, name: snapshotId, status: 'accomplished', snapshotType: 'user', tags: { backup: 'dr' }, creationTime: hoursAgo(hours),
  });
  const copy = (snapshotId: string, of: string, diskId: string, hours: number) => ({
    snapshotId, regionId: 'cn-shanghai', diskId, name: `srep:prod-dr:${of}:cn-hangzhou`, status: 'accomplished', snapshotType: 'copied',
    sourceSnapshotId: of, sourceRegion: 'cn-hangzhou', creationTime: hoursAgo(hours),
  });
  return {
    credentials: credentialsSeed(),
    ecs: {
      regions: ['cn-hangzhou', 'cn-shanghai', 'cn-beijing'],
      snapshots: [
        source('s-web1', 'd-web', 5),
        copy('s-webcopy', 's-web1', 'd-web', 4),
        source('s-db1', 'd-db', 3),
        copy('s-dbcopy', 's-db1', 'd-db', 2),
        source('s-db2', 'd-db', 1),
      ],
    },
  };
}

const { env, home } = cliCloudPerFile(seed, { resetEachTest: false });
const shanghaiOnly = writeFile(join(home, 'shanghai.json'), { rules: [{ ...RULE, destinations: [{ region: 'cn-shanghai' }] }] });
const twoRegions = writeFile(join(home, 'two.json'), { rules: [{ ...RULE, destinations: [{ region: 'cn-shanghai' }, { region: 'cn-beijing' }] }] });


interface StatusJson {
  ok: boolean;
  stale?: number;
  counts: Record<string, number>;
  entries: Array<{ diskId: string; destinationRegion: string; state: string; newestCopy?: { snapshotId: string; sourceSnapshotId: string }; ageHours?: number; notCopied: string[]; stale?: boolean }>;
}

describe('status', () => {
  it('reports the newest copy of each disk in each destination, its data age and what is missing', async () => {
    const run = await runCli(['status', '--policy', twoRegions, '--json'], env, home);
    expect(run.code).toBe(0);
    const status = JSON.parse(run.stdout) as StatusJson;
    const entry = (disk: string, to: string) => status.entries.find((e) => e.diskId === disk && e.destinationRegion === to);
    expect(entry('d-web', 'cn-shanghai')).toMatchObject({ state: 'covered', newestCopy: { snapshotId: 's-webcopy', sourceSnapshotId: 's-web1' }, notCopied: [] });
    expect(entry('d-db', 'cn-shanghai')).toMatchObject({ state: 'behind', newestCopy: { snapshotId: 's-dbcopy' }, notCopied: ['s-db2'] });
    expect(entry('d-web', 'cn-beijing')).toMatchObject({ state: 'missing', notCopied: ['s-web1'] });
    expect(entry('d-web', 'cn-beijing')?.newestCopy).toBeUndefined();
    // The age is the data's: the source was taken 5 hours ago, though copied 4 hours ago.
    expect(entry('d-web', 'cn-shanghai')?.ageHours).toBeGreaterThan(4.5);
    expect(status.counts).toEqual({ covered: 1, behind: 1, copying: 0, missing: 2 });
  });

  it('--max-age: exit 0 when every newest copy holds data within the age', async () => {
    const run = await runCli(['status', '--policy', shanghaiOnly, '--max-age', '24'], env, home);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Every newest copy is within 24 hours.');
    expect(hasEscapeCodes(run)).toBe(false);
  });

  it('--max-age: exit 1 when a newest copy is older, naming the stale pairs', async () => {
    const run = await runCli(['status', '--policy', shanghaiOnly, '--max-age', '4', '--json'], env, home);
    expect(run.code).toBe(1);
    const status = JSON.parse(run.stdout) as StatusJson;
    expect(status.ok).toBe(false);
    expect(status.stale).toBe(1);
    expect(status.entries.filter((e) => e.stale).map((e) => e.diskId)).toEqual(['d-web']);
  });

  it('--max-age: exit 1 when a destination has no copy at all', async () => {
    // A wide output keeps the table layout (an 80-column one gets records: test/cli/width.test.ts).
    const run = await runCli(['status', '--policy', twoRegions, '--max-age', '24'], { ...env, COLUMNS: '200' }, home);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/d-web\s+cn-hangzhou → cn-beijing\s.*missing \(stale\)/);
  });

  it('without --max-age it only reports, exit 0 even with missing copies', async () => {
    const run = await runCli(['status', '--policy', twoRegions], env, home);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('4 disk and destination pairs: 1 covered, 1 behind, 0 copying, 2 missing.');
  });
});
