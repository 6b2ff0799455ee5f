/**
 * `namePattern` globs that a backtracking matcher could not finish within a function's timeout,
 * through the built ECS bundle, on a region of 128-character names: the sweep answers, with exactly
 * the right snapshots copied (read from the local cloud's own state). Timing is left to the benchmark
 * (bench/glob.ts); here the sweep finishing inside the test's own timeout is the point.
 */
import { describe, expect, it } from 'vitest';
import { localCloudPerFile } from '../support/local-cloud-per-file';
import type { EcsSnapshotSeed } from '../../local-cloud/seed';
import { captureLogs, credentialsSeed, fcContext, loadBundle, useLocalCloud, type Seed } from './harness';

/** Eight stars between dashes: each extra dash in a name multiplies a backtracking matcher's work. */
const DASHES = '*-*-*-*-*-*-*-*-prod';
/** 122 characters, 61 stars: hopeless for a backtracking matcher on any long name of `a`s. */
const STARS = `${'*a'.repeat(60)}*b`;

const pad = (stem: string, tail: string): string => `${stem.repeat(128).slice(0, 128 - tail.length)}${tail}`;

/** 128-character names: near misses for both patterns, and one true match for each. */
const NEAR_DASHES = pad('ab-', 'xy');
const NEAR_STARS = 'a'.repeat(128);
const MATCH_DASHES = pad('ab-', '-prod');
const MATCH_STARS = pad('a', 'b');
const COUNT = 60;

const names: Array<{ id: string; name: string }> = [
  ...Array.from({ length: COUNT }, (_, i) => ({ id: `s-dash${i}`, name: NEAR_DASHES })),
  ...Array.from({ length: COUNT }, (_, i) => ({ id: `s-star${i}`, name: NEAR_STARS })),
  { id: 's-matchdash', name: MATCH_DASHES },
  { id: 's-matchstar', name: MATCH_STARS },
];

const POLICY = {
  rules: [
    { name: 'dashes', cloud: 'aliyun-ecs', sourceRegions: ['cn-hangzhou'], match: { namePattern: DASHES }, destinations: [{ region: 'cn-shanghai', retentionDays: 7 }] },
    { name: 'stars', cloud: 'aliyun-ecs', sourceRegions: ['cn-hangzhou'], match: { namePattern: STARS }, destinations: [{ region: 'cn-beijing', retentionDays: 7 }] },
  ],
};

function seed(): Seed {
  const snapshots: EcsSnapshotSeed[] = names.map(({ id, name }) => ({ snapshotId: id, regionId: 'cn-hangzhou', diskId: `d-${id.slice(2)}`, name, status: 'accomplished', snapshotType: 'user' }));
  return { credentials: credentialsSeed(), ecs: { regions: ['cn-hangzhou', 'cn-shanghai', 'cn-beijing'], snapshots } };
}

const handler = loadBundle('ecs-replicator');
const cloud = localCloudPerFile(seed, (c) => useLocalCloud(c, POLICY));

const TIMER = Buffer.from(JSON.stringify({ triggerTime: '2026-11-22T10:30:00Z', triggerName: 'sweep', payload: '' }));

describe('ecs-replicator: adversarial name patterns', () => {
  it('holds the test names to what the rules say', () => {
    for (const { name } of names) expect([...name]).toHaveLength(128);
    expect(STARS).toHaveLength(122);
  });

  it('sweeps a region of 128-character near misses and copies exactly the two matches', async () => {
    const { value: answer } = await captureLogs(() => handler(TIMER, fcContext(60)));
    expect(answer.ok).toBe(true);
    const results = answer.results as Array<{ sourceSnapshotId: string; destinationRegion: string; outcome: string; rule?: string }>;
    const copied = results.filter((r) => r.outcome === 'copied').map((r) => `${r.rule}:${r.sourceSnapshotId}->${r.destinationRegion}`);
    expect(copied.sort()).toEqual(['dashes:s-matchdash->cn-shanghai', 'stars:s-matchstar->cn-beijing']);

    const copies = cloud.state().ecs.snapshots.filter((s) => s.sourceSnapshotId !== undefined);
    expect(copies.map((c) => `${String(c.sourceSnapshotId)}->${String(c.regionId)}`).sort()).toEqual(['s-matchdash->cn-shanghai', 's-matchstar->cn-beijing']);
    expect(cloud.calls().filter((c) => c.action === 'CopySnapshot')).toHaveLength(2);
  });
});
