import { describe, expect, it } from 'vitest';
import { matchSnapshot } from '../../shared/policy/match';
import type { Rule } from '../../shared/contracts/policy';
import type { Snapshot } from '../../shared/contracts/snapshot';
const NOW = Date.UTC(2024, 5, 1);
const HOUR = 3_600_000;

const rule = (match: Rule['match'] = {}): Rule => ({
  name: 'prod-dr',
  cloud: 'aliyun-ecs',
  sourceRegions: ['cn-hangzhou', 'cn-beijing'],
  match,
  destinations: [{ region: 'cn-shanghai' }],
  copyName: 'srep:{rule}:{sourceId}:{sourceRegion}',
});

const snapshot = (extra: Partial<Snapshot> = {}): Snapshot => ({
  cloud: 'aliyun-ecs',
  snapshotId: 's-1',
  region: 'cn-hangzhou',
  diskId: 'd-1',
  name: 'prod-a',
  snapshotType: 'user',
  tags: { backup: 'dr', env: 'prod' },
  readiness: 'ready',
  status: 'accomplished',
  createdAt: NOW - 2 * HOUR,
  isCopy: false,
  ...extra,
});

describe('matchSnapshot', () => {
  it('matches everything when the rule has no conditions', () => {
    expect(matchSnapshot(rule(), snapshot(), NOW)).toEqual({ matched: true });
  });

  it('matches when every condition holds', () => {
    const all = rule({ tags: { backup: 'dr' }, diskIds: ['d-1', 'd-2'], namePattern: 'prod-?', snapshotTypes: ['user'], maxAgeHours: 3 });
    expect(matchSnapshot(all, snapshot(), NOW)).toEqual({ matched: true });
  });

  it.each<[string, Rule['match'], Partial<Snapshot>, string]>([
    ['a copy with lineage', {}, { lineage: { sourceSnapshotId: 's-0', sourceRegion: 'cn-beijing' } }, 'is a copy'],
    ['a copy the service marks', {}, { isCopy: true }, 'is a copy'],
    ['a copied snapshot type', {}, { snapshotType: 'copied' }, 'is a copy'],
    ['another cloud', {}, { cloud: 'tencent-cbs' }, 'is on tencent-cbs, not aliyun-ecs'],
    ['another region', {}, { region: 'cn-shanghai' }, 'region cn-shanghai is not a source region of rule prod-dr'],
    ['a missing tag', { tags: { team: 'db' } }, {}, 'has no tag team'],
    ['a different tag value', { tags: { backup: 'daily' } }, {}, 'tag backup is not "daily"'],
    ['another disk', { diskIds: ['d-2'] }, {}, "disk d-1 is not one of the rule's disks"],
    ['no disk', { diskIds: ['d-2'] }, { diskId: undefined }, "disk (none) is not one of the rule's disks"],
    ['a name off the pattern', { namePattern: 'db-*' }, {}, 'name "prod-a" does not match "db-*"'],
    ['no name under a pattern', { namePattern: '?*' }, { name: undefined }, 'name "" does not match "?*"'],
    ['another snapshot type', { snapshotTypes: ['timer'] }, {}, 'snapshot type user is not one of timer'],
    ['too old', { maxAgeHours: 1 }, {}, 'is older than 1 hours'],
  ])('refuses %s', (_label, match, extra, reason) => {
    expect(matchSnapshot(rule(match), snapshot(extra), NOW)).toEqual({ matched: false, reason });
  });

  it('a copy never matches, even when every condition would', () => {
    const result = matchSnapshot(rule({ tags: { backup: 'dr' } }), snapshot({ lineage: { sourceSnapshotId: 's-0', sourceRegion: 'cn-beijing', rule: 'prod-dr' } }), NOW);
    expect(result).toEqual({ matched: false, reason: 'is a copy' });
  });

  it('does not read inherited properties as tags', () => {
    expect(matchSnapshot(rule({ tags: { toString: 'x' } }), snapshot(), NOW)).toEqual({ matched: false, reason: 'has no tag toString' });
  });
});
