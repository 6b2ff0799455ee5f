import { describe, expect, it } from 'vitest';
import { LineageReader } from '../../shared/engine/lineage';
import { planCopies, type PlanInput } from '../../shared/engine/plan';
import { planScheduledPrunes, planScheduledSnapshots } from '../../shared/engine/edge-chores';
import { planCopyPrunes } from '../../shared/engine/prune';
import { parsePolicy } from '../../shared/policy/load';
import type { Rule } from '../../shared/contracts/policy';
import type { Snapshot } from '../../shared/contracts/snapshot';
const NOW = Date.parse('2026-11-22T12:00:00Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function rules(raw: unknown[]): Rule[] {
  return parsePolicy({ rules: raw }).rules;
}

function snap(over: Partial<Snapshot> & Pick<Snapshot, 'snapshotId' | 'region'>): Snapshot {
  return { cloud: 'aliyun-ecs', tags: {}, readiness: 'ready', status: 'accomplished', createdAt: NOW - HOUR, isCopy: false, ...over };
}

const ECS_RULE = { name: 'dr', cloud: 'aliyun-ecs', sourceRegions: ['cn-hangzhou'], destinations: [{ region: 'cn-shanghai' }, { region: 'cn-beijing', retentionDays: 7 }] };

function plan(ruleList: Rule[], snapshots: Snapshot[], over: Partial<PlanInput> = {}) {
  return planCopies({ rules: ruleList, snapshots, lineage: new LineageReader(ruleList), nowMs: NOW, capabilities: { oneCopyPerDiskAndDestination: true, retention: 'copy-parameter' }, ...over });
}

const pairs = (p: ReturnType<typeof plan>) => ({
  copy: p.copies.map((c) => `${c.source.snapshotId}>${c.destination.region}`).sort(),
  decided: p.decided.map((d) => `${d.sourceSnapshotId}>${d.destinationRegion}:${d.outcome}`).sort(),
});

describe('planCopies', () => {
  it('copies a new source to every destination, with a name from the template and a stable token', () => {
    const r = rules([ECS_RULE]);
    const p = plan(r, [snap({ snapshotId: 's-1', region: 'cn-hangzhou', diskId: 'd-1' })]);
    expect(pairs(p)).toEqual({ copy: ['s-1>cn-beijing', 's-1>cn-shanghai'], decided: [] });
    expect(p.copies[0]?.name).toBe('srep:dr:s-1:cn-hangzhou');
    expect(p.copies[0]?.clientToken).toBe(plan(r, [snap({ snapshotId: 's-1', region: 'cn-hangzhou', diskId: 'd-1' })]).copies[0]?.clientToken);
  });

  it('recognises finished and running copies by their lineage', () => {
    const r = rules([ECS_RULE]);
    const p = plan(r, [
      snap({ snapshotId: 's-1', region: 'cn-hangzhou', diskId: 'd-1' }),
      snap({ snapshotId: 's-c1', region: 'cn-shanghai', isCopy: true, snapshotType: 'copied', lineage: { sourceSnapshotId: 's-1', sourceRegion: 'cn-hangzhou' } }),
      snap({ snapshotId: 's-c2', region: 'cn-beijing', isCopy: true, readiness: 'pending', status: 'progressing', lineage: { sourceSnapshotId: 's-1', sourceRegion: 'cn-hangzhou' } }),
    ]);
    expect(pairs(p)).toEqual({ copy: [], decided: ['s-1>cn-beijing:in-progress', 's-1>cn-shanghai:already-copied'] });
    expect(p.decided.find((d) => d.outcome === 'already-copied')?.copySnapshotId).toBe('s-c1');
  });

  it('copies again where the only copy failed', () => {
    const r = rules([ECS_RULE]);
    const p = plan(r, [
      snap({ snapshotId: 's-1', region: 'cn-hangzhou', diskId: 'd-1' }),
      snap({ snapshotId: 's-c1', region: 'cn-shanghai', isCopy: true, readiness: 'failed', status: 'failed', lineage: { sourceSnapshotId: 's-1', sourceRegion: 'cn-hangzhou' } }),
    ]);
    expect(pairs(p).copy).toEqual(['s-1>cn-beijing', 's-1>cn-shanghai']);
  });

  it('never treats a copy as a source, even one whose only mark is its name', () => {
    const r = rules([{ ...ECS_RULE, sourceRegions: ['cn-hangzhou', 'cn-qingdao'], destinations: [{ region: 'cn-shanghai' }] }]);
    const p = plan(r, [
      snap({ snapshotId: 's-c1', region: 'cn-hangzhou', isCopy: true, snapshotType: 'copied' }),
      snap({ snapshotId: 's-c2', region: 'cn-qingdao', name: 'srep:gone-rule:s-9:cn-wulanchabu' }),
    ]);
    expect(pairs(p)).toEqual({ copy: [], decided: [] });
  });

  it('defers a source that is not ready and skips a failed one', () => {
    const r = rules([{ ...ECS_RULE, destinations: [{ region: 'cn-shanghai' }] }]);
    const p = plan(r, [
      snap({ snapshotId: 's-1', region: 'cn-hangzhou', readiness: 'pending', status: 'progressing' }),
      snap({ snapshotId: 's-2', region: 'cn-hangzhou', readiness: 'failed', status: 'failed' }),
    ]);
    expect(pairs(p).decided).toEqual(['s-1>cn-shanghai:deferred', 's-2>cn-shanghai:skipped']);
  });

  it('runs one ECS copy per disk and destination at a time, newest snapshot first', () => {
    const r = rules([{ ...ECS_RULE, destinations: [{ region: 'cn-shanghai' }] }]);
    const p = plan(r, [
      snap({ snapshotId: 's-old', region: 'cn-hangzhou', diskId: 'd-1', createdAt: NOW - 3 * HOUR }),
      snap({ snapshotId: 's-new', region: 'cn-hangzhou', diskId: 'd-1', createdAt: NOW - HOUR }),
      snap({ snapshotId: 's-other', region: 'cn-hangzhou', diskId: 'd-2' }),
    ]);
    expect(pairs(p)).toEqual({ copy: ['s-new>cn-shanghai', 's-other>cn-shanghai'], decided: ['s-old>cn-shanghai:deferred'] });
    // A copy of the disk already running in the destination holds the next one back too.
    const busy = plan(r, [
      snap({ snapshotId: 's-new', region: 'cn-hangzhou', diskId: 'd-1' }),
      snap({ snapshotId: 's-c', region: 'cn-shanghai', diskId: 'd-1', isCopy: true, readiness: 'pending', lineage: { sourceSnapshotId: 's-older', sourceRegion: 'cn-hangzhou' } }),
    ]);
    expect(pairs(busy).decided).toEqual(['s-new>cn-shanghai:deferred']);
  });

  it('skips a source older than the destination keeps copies, so an expired copy is not made again', () => {
    const r = rules([ECS_RULE]);
    const p = plan(r, [snap({ snapshotId: 's-1', region: 'cn-hangzhou', createdAt: NOW - 8 * DAY })]);
    expect(pairs(p)).toEqual({ copy: ['s-1>cn-shanghai'], decided: ['s-1>cn-beijing:skipped'] });
  });

  it('gives one decision per pair when several rules ask for it', () => {
    const r = rules([ECS_RULE, { ...ECS_RULE, name: 'dr2', destinations: [{ region: 'cn-shanghai' }] }]);
    const p = plan(r, [snap({ snapshotId: 's-1', region: 'cn-hangzhou' })]);
    expect(pairs(p).copy).toEqual(['s-1>cn-beijing', 's-1>cn-shanghai']);
    expect(p.copies.every((c) => c.rule.name === 'dr')).toBe(true);
  });

  it('explains every named source: not matched, not visible yet, or outside every rule', () => {
    const r = rules([{ ...ECS_RULE, match: { tags: { backup: 'dr' } }, destinations: [{ region: 'cn-shanghai' }] }]);
    const p = plan(r, [snap({ snapshotId: 's-1', region: 'cn-hangzhou' })], {
      namedSources: [{ snapshotId: 's-1', region: 'cn-hangzhou' }, { snapshotId: 's-2', region: 'cn-hangzhou' }, { snapshotId: 's-3', region: 'cn-qingdao' }],
    });
    expect(pairs(p).decided).toEqual(['s-1>cn-shanghai:skipped', 's-2>cn-shanghai:deferred', 's-3>:skipped']);
    expect(p.decided.find((d) => d.sourceSnapshotId === 's-1')?.reason).toMatch(/tag/);
  });

  it('fails a named source its region does not list when it must exist (a manual copy), and only then', () => {
    const r = rules([{ ...ECS_RULE, destinations: [{ region: 'cn-shanghai' }] }]);
    const named = { namedSources: [{ snapshotId: 's-typo', region: 'cn-hangzhou' }] };
    const manual = plan(r, [snap({ snapshotId: 's-1', region: 'cn-hangzhou' })], { ...named, ignoreMatch: true, namedSourcesMustExist: true });
    expect(manual.decided).toEqual([
      { sourceSnapshotId: 's-typo', sourceRegion: 'cn-hangzhou', destinationRegion: 'cn-shanghai', rule: 'dr', outcome: 'failed', errorCode: 'InvalidSnapshotId.NotFound', reason: 'snapshot s-typo does not exist in cn-hangzhou' },
    ]);
    expect(manual.copies).toEqual([]);
    const event = plan(r, [snap({ snapshotId: 's-1', region: 'cn-hangzhou' })], named);
    expect(event.decided.map((d) => [d.outcome, d.reason])).toEqual([['deferred', 'the source is not visible in its region yet']]);
  });

  it('plans a CBS deadline for an own copy that lacks one, from the copy creation time; none for a copy made by hand or one already expired', () => {
    const r = rules([{ name: 'tc', cloud: 'tencent-cbs', sourceRegions: ['ap-guangzhou'], destinations: [{ region: 'ap-beijing', retentionDays: 2 }] }]);
    const copyTime = NOW - HOUR;
    const deadline = { capabilities: { oneCopyPerDiskAndDestination: false, retention: 'deadline' } } as const;
    const source = snap({ cloud: 'tencent-cbs', snapshotId: 'snap-1', region: 'ap-guangzhou', status: 'NORMAL' });
    const own = snap({ cloud: 'tencent-cbs', snapshotId: 'snap-c', region: 'ap-beijing', isCopy: true, name: 'srep:tc:snap-1:ap-guangzhou', createdAt: copyTime });
    const p = plan(r, [source, own], deadline);
    expect(pairs(p).decided).toEqual(['snap-1>ap-beijing:already-copied']);
    expect(p.deadlines).toEqual([{ rule: 'tc', region: 'ap-beijing', snapshotId: 'snap-c', deadlineMs: copyTime + 2 * DAY }]);
    // A copy made by hand (CBS's own name, read as lineage by the driver) covers the pair but keeps its retention.
    const byHand = snap({ cloud: 'tencent-cbs', snapshotId: 'snap-h', region: 'ap-beijing', isCopy: true, name: 'Copied snap-1 from ap-guangzhou', lineage: { sourceSnapshotId: 'snap-1', sourceRegion: 'ap-guangzhou' }, createdAt: copyTime });
    const manual = plan(r, [source, byHand], deadline);
    expect(pairs(manual).decided).toEqual(['snap-1>ap-beijing:already-copied']);
    expect(manual.deadlines).toEqual([]);
    // An own copy already past its retention takes no deadline in the past (it is pruned instead).
    expect(plan(r, [source, { ...own, createdAt: NOW - 3 * DAY }], deadline).deadlines).toEqual([]);
  });

  it('prunes a rule\'s own scheduled snapshots past their retention, never the newest of a disk, never another rule\'s', () => {
    const r = rules([{ name: 'edge', cloud: 'aliyun-ens', sourceRegions: ['cn-hangzhou-26'], destinations: [{ region: 'cn-chengdu-26' }], createSnapshots: { diskIds: ['d-1', 'd-2'], intervalHours: 6, retentionDays: 7 } }]);
    const taken = (id: string, disk: string, daysAgo: number, rule = 'edge'): Snapshot =>
      snap({ cloud: 'aliyun-ens', snapshotId: id, region: 'cn-hangzhou-26', diskId: disk, name: `srepauto:${rule}:${disk}:202611010000`, status: 'available', createdAt: NOW - daysAgo * DAY });
    const snaps = [
      taken('sp-new', 'd-1', 1), taken('sp-old', 'd-1', 10), taken('sp-older', 'd-1', 20),
      // d-2's only snapshot is old, but it is the newest of its disk: kept.
      taken('sp-lone', 'd-2', 30),
      // Another rule's, and one without the mark: never touched.
      taken('sp-other', 'd-1', 30, 'other'), snap({ cloud: 'aliyun-ens', snapshotId: 'sp-hand', region: 'cn-hangzhou-26', diskId: 'd-1', name: 'nightly', createdAt: NOW - 30 * DAY }),
    ];
    expect(planScheduledPrunes(r, snaps, NOW).map((p) => p.snapshot.snapshotId).sort()).toEqual(['sp-old', 'sp-older']);
  });

  it('treats a CBS source being copied to a region as in progress', () => {
    const r = rules([{ name: 'tc', cloud: 'tencent-cbs', sourceRegions: ['ap-guangzhou'], destinations: [{ region: 'ap-beijing' }] }]);
    const p = plan(r, [snap({ cloud: 'tencent-cbs', snapshotId: 'snap-1', region: 'ap-guangzhou', copyingToRegions: ['ap-beijing'] })], { capabilities: { oneCopyPerDiskAndDestination: false, retention: 'deadline' } });
    expect(pairs(p).decided).toEqual(['snap-1>ap-beijing:in-progress']);
  });
});

describe('ENS chores', () => {
  const ENS = { name: 'edge', cloud: 'aliyun-ens', sourceRegions: ['cn-hangzhou-26'], destinations: [{ region: 'cn-chengdu-26', retentionDays: 30 }], createSnapshots: { diskIds: ['d-1'], intervalHours: 6 } };
  const ens = (over: Partial<Snapshot> & Pick<Snapshot, 'snapshotId' | 'region'>): Snapshot => snap({ cloud: 'aliyun-ens', status: 'available', ...over });

  it('schedules a snapshot only when the newest one the rule took is older than the interval', () => {
    const r = rules([ENS]);
    expect(planScheduledSnapshots(r, [], NOW)).toEqual([{ rule: 'edge', region: 'cn-hangzhou-26', diskId: 'd-1', name: 'srepauto:edge:d-1:202611221200' }]);
    const recent = ens({ snapshotId: 'sp-a', region: 'cn-hangzhou-26', diskId: 'd-1', name: 'srepauto:edge:d-1:202611220800', createdAt: NOW - 4 * HOUR });
    expect(planScheduledSnapshots(r, [recent], NOW)).toEqual([]);
    // Still being made counts too, so a tick right after another takes nothing.
    expect(planScheduledSnapshots(r, [{ ...recent, readiness: 'pending', createdAt: NOW - 1000 }], NOW)).toEqual([]);
    expect(planScheduledSnapshots(r, [{ ...recent, createdAt: NOW - 7 * HOUR }], NOW)).toHaveLength(1);
    // Someone else's snapshot of the disk does not count.
    expect(planScheduledSnapshots(r, [{ ...recent, name: 'manual' }], NOW)).toHaveLength(1);
  });

  it('prunes only expired copies carrying this rule mark, from its own sources, in its destinations', () => {
    const r = rules([ENS]);
    const old = NOW - 31 * DAY;
    const snaps = [
      ens({ snapshotId: 'sp-own', region: 'cn-chengdu-26', name: 'srep:edge:sp-1:cn-hangzhou-26', createdAt: old }),
      ens({ snapshotId: 'sp-young', region: 'cn-chengdu-26', name: 'srep:edge:sp-1:cn-hangzhou-26', createdAt: NOW - DAY }),
      ens({ snapshotId: 'sp-other-rule', region: 'cn-chengdu-26', name: 'srep:other:sp-1:cn-hangzhou-26', createdAt: old }),
      ens({ snapshotId: 'sp-other-source', region: 'cn-chengdu-26', name: 'srep:edge:sp-1:cn-beijing-9', createdAt: old }),
      ens({ snapshotId: 'sp-plain', region: 'cn-chengdu-26', name: 'backup', createdAt: old }),
      ens({ snapshotId: 'sp-elsewhere', region: 'cn-shenzhen-3', name: 'srep:edge:sp-1:cn-hangzhou-26', createdAt: old }),
      ens({ snapshotId: 'sp-creating', region: 'cn-chengdu-26', name: 'srep:edge:sp-2:cn-hangzhou-26', createdAt: old, readiness: 'pending' }),
    ];
    expect(planCopyPrunes(r, snaps, new LineageReader(r), NOW).map((p) => p.snapshot.snapshotId)).toEqual(['sp-own']);
  });
});
