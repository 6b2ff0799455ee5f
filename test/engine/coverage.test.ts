import { describe, expect, it } from 'vitest';
import { coverage, staleEntries } from '../../shared/engine/coverage';
import { LineageReader } from '../../shared/engine/lineage';
import { parsePolicy } from '../../shared/policy/load';
import type { Rule } from '../../shared/contracts/policy';
import type { Snapshot } from '../../shared/contracts/snapshot';
const NOW = Date.parse('2026-11-22T12:00:00Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function rules(raw: unknown[]): Rule[] {
  return parsePolicy({ rules: raw }).rules;
}

function src(snapshotId: string, diskId: string | undefined, hoursAgo: number, over: Partial<Snapshot> = {}): Snapshot {
  return { cloud: 'aliyun-ecs', snapshotId, region: 'cn-hangzhou', ...(diskId ? { diskId } : {}), tags: {}, readiness: 'ready', status: 'accomplished', createdAt: NOW - hoursAgo * HOUR, isCopy: false, ...over };
}

function copy(snapshotId: string, of: string, region: string, hoursAgo: number, over: Partial<Snapshot> = {}): Snapshot {
  return {
    cloud: 'aliyun-ecs', snapshotId, region, tags: {}, readiness: 'ready', status: 'accomplished', createdAt: NOW - hoursAgo * HOUR, isCopy: true,
    snapshotType: 'copied', lineage: { sourceSnapshotId: of, sourceRegion: 'cn-hangzhou' }, ...over,
  };
}

const RULE = { name: 'dr', cloud: 'aliyun-ecs', sourceRegions: ['cn-hangzhou'], destinations: [{ region: 'cn-shanghai' }] };

function run(ruleList: Rule[], snapshots: Snapshot[]) {
  return coverage({ rules: ruleList, snapshots, lineage: new LineageReader(ruleList), nowMs: NOW });
}

describe('coverage', () => {
  it('dates a copy by the data it holds: its source\'s creation time', () => {
    const [entry] = run(rules([RULE]), [src('s-1', 'd-1', 10), copy('c-1', 's-1', 'cn-shanghai', 1, { diskId: 'd-1' })]);
    expect(entry).toMatchObject({ rule: 'dr', diskId: 'd-1', destinationRegion: 'cn-shanghai', state: 'covered', newestCopy: { snapshotId: 'c-1', dataTakenAt: NOW - 10 * HOUR }, ageMs: 10 * HOUR, notCopied: [] });
  });

  it('picks the copy of the newest data, and lists newer sources not copied yet (behind)', () => {
    const [entry] = run(rules([RULE]), [
      src('s-1', 'd-1', 30), src('s-2', 'd-1', 20), src('s-3', 'd-1', 2),
      copy('c-1', 's-1', 'cn-shanghai', 1), copy('c-2', 's-2', 'cn-shanghai', 19),
    ]);
    expect(entry).toMatchObject({ state: 'behind', newestCopy: { snapshotId: 'c-2', sourceSnapshotId: 's-2' }, ageMs: 20 * HOUR, notCopied: ['s-3'] });
  });

  it('tells a disk with only a copy on its way (copying) from one with none (missing)', () => {
    const entries = run(rules([{ ...RULE, destinations: [{ region: 'cn-shanghai' }, { region: 'cn-beijing' }] }]), [
      src('s-1', 'd-1', 3),
      copy('c-1', 's-1', 'cn-shanghai', 1, { readiness: 'pending', status: 'progressing' }),
    ]);
    expect(entries.map((e) => [e.destinationRegion, e.state, e.copying, e.notCopied])).toEqual([
      ['cn-shanghai', 'copying', ['c-1'], []],
      ['cn-beijing', 'missing', [], ['s-1']],
    ]);
    expect(entries.every((e) => e.ageMs === undefined)).toBe(true);
  });

  it('keeps a copy whose source is gone, by the disk it names, dated by its own creation', () => {
    const [entry] = run(rules([RULE]), [src('s-2', 'd-1', 1), copy('c-1', 's-gone', 'cn-shanghai', 30, { diskId: 'd-1' })]);
    expect(entry).toMatchObject({ state: 'behind', newestCopy: { snapshotId: 'c-1', dataTakenAt: NOW - 30 * HOUR }, notCopied: ['s-2'] });
  });

  it('leaves out what the rule would never copy: non-matching, failed, copies, older than retention', () => {
    const ruleList = rules([{ ...RULE, match: { tags: { backup: 'dr' } }, destinations: [{ region: 'cn-shanghai', retentionDays: 1 }] }]);
    const entries = run(ruleList, [
      src('s-untagged', 'd-1', 1),
      src('s-failed', 'd-2', 1, { tags: { backup: 'dr' }, readiness: 'failed', status: 'failed' }),
      src('s-old', 'd-3', 2 * DAY / HOUR, { tags: { backup: 'dr' } }),
      copy('c-in-source', 's-x', 'cn-hangzhou', 1, { tags: { backup: 'dr' } }),
    ]);
    // d-3 is a source, but its only snapshot is past the destination's retention: nothing to copy.
    expect(entries.map((e) => [e.diskId, e.state, e.notCopied])).toEqual([['d-3', 'missing', []]]);
  });

  it('recognises ENS and CBS copies by their name mark', () => {
    const cbs = rules([{ name: 'orders', cloud: 'tencent-cbs', sourceRegions: ['ap-guangzhou'], destinations: [{ region: 'ap-beijing' }] }]);
    const [entry] = run(cbs, [
      { ...src('snap-1', 'disk-1', 5), cloud: 'tencent-cbs', region: 'ap-guangzhou', status: 'NORMAL' },
      { ...src('snap-9', 'disk-1', 4), cloud: 'tencent-cbs', region: 'ap-beijing', status: 'NORMAL', isCopy: true, name: 'srep:orders:snap-1:ap-guangzhou' },
    ]);
    expect(entry).toMatchObject({ state: 'covered', newestCopy: { snapshotId: 'snap-9', sourceSnapshotId: 'snap-1' } });
  });

  it('stands a snapshot without a disk id for itself', () => {
    const entries = run(rules([RULE]), [src('s-1', undefined, 3), src('s-2', undefined, 2), copy('c-1', 's-1', 'cn-shanghai', 1)]);
    expect(entries.map((e) => [e.newestSource.snapshotId, e.state])).toEqual([['s-1', 'covered'], ['s-2', 'missing']]);
  });
});

describe('staleEntries', () => {
  it('is every entry with no finished copy, or data older than the limit', () => {
    const entries = run(rules([{ ...RULE, destinations: [{ region: 'cn-shanghai' }, { region: 'cn-beijing' }] }]), [
      src('s-1', 'd-1', 30), copy('c-1', 's-1', 'cn-shanghai', 29),
      src('s-2', 'd-2', 5), copy('c-2', 's-2', 'cn-shanghai', 4), copy('c-3', 's-2', 'cn-beijing', 4),
    ]);
    const stale = (hours: number) => staleEntries(entries, hours).map((e) => `${e.diskId}>${e.destinationRegion}`);
    expect(stale(24)).toEqual(['d-1>cn-shanghai', 'd-1>cn-beijing']);
    expect(stale(4)).toHaveLength(4);
    expect(stale(48)).toEqual(['d-1>cn-beijing']);
  });
});
