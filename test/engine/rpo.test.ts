import { describe, expect, it } from 'vitest';
import { LineageReader } from '../../shared/engine/lineage';
import { evaluateRpo, type RpoInput } from '../../shared/engine/rpo';
import { parsePolicy } from '../../shared/policy/load';
import type { Rule } from '../../shared/contracts/policy';
import type { Alert } from '../../shared/contracts/results';
import type { Snapshot } from '../../shared/contracts/snapshot';

const MIN = 60_000;
const HOUR = 60 * MIN;
const PERIOD = 30 * MIN;
/** A tick of the 30-minute grid. */
const T0 = Date.parse('2026-11-22T12:00:00Z');

function rules(raw: Record<string, unknown> = {}): Rule[] {
  return parsePolicy({ rules: [{ name: 'dr', cloud: 'aliyun-ecs', sourceRegions: ['cn-hangzhou'], destinations: [{ region: 'cn-shanghai' }], rpoHours: 6, ...raw }] }).rules;
}

function src(snapshotId: string, at: number): Snapshot {
  return { cloud: 'aliyun-ecs', snapshotId, region: 'cn-hangzhou', diskId: 'd-1', tags: {}, readiness: 'ready', status: 'accomplished', createdAt: at, isCopy: false };
}

function copy(snapshotId: string, of: string, at: number, readiness: Snapshot['readiness'] = 'ready'): Snapshot {
  return {
    cloud: 'aliyun-ecs', snapshotId, region: 'cn-shanghai', diskId: 'd-1', tags: {}, readiness, status: readiness === 'ready' ? 'accomplished' : 'progressing',
    createdAt: at, isCopy: true, snapshotType: 'copied', lineage: { sourceSnapshotId: of, sourceRegion: 'cn-hangzhou' },
  };
}

function evaluate(snapshots: Snapshot[], nowMs: number, over: Partial<RpoInput> = {}) {
  const ruleList = over.rules ?? rules();
  return evaluateRpo({ rules: ruleList, snapshots, lineage: new LineageReader(ruleList), nowMs, periodMs: PERIOD, reminderMs: 24 * HOUR, ...over });
}

/** Every tick from `from` for `hours`, each sweep running some minutes late, as timers do. */
function sweeps(from: number, hours: number, snapshotsAt: (nowMs: number) => Snapshot[], over: Partial<RpoInput> = {}): Alert[] {
  const alerts: Alert[] = [];
  for (let tick = from; tick <= from + hours * HOUR; tick += PERIOD) {
    const late = ((tick / PERIOD) % 7) * 40_000;
    const now = tick + late;
    alerts.push(...evaluate(snapshotsAt(now), now, over).alerts);
  }
  return alerts;
}

describe('RPO coverage', () => {
  it('reports each disk and destination with its newest copy, the data age in hours, and whether it breaches', () => {
    const out = evaluate([src('s-1', T0 - 8 * HOUR), copy('c-1', 's-1', T0 - 7 * HOUR)], T0);
    expect(out.coverage).toEqual([{ rule: 'dr', diskId: 'd-1', sourceRegion: 'cn-hangzhou', destinationRegion: 'cn-shanghai', newestCopyId: 'c-1', newestCopyAgeHours: 8, rpoHours: 6, breached: true }]);
    const fresh = evaluate([src('s-1', T0 - 2 * HOUR), copy('c-1', 's-1', T0 - 1 * HOUR)], T0);
    expect(fresh.coverage[0]).toMatchObject({ newestCopyId: 'c-1', newestCopyAgeHours: 2, breached: false });
    const none = evaluate([src('s-1', T0 - 2 * HOUR)], T0);
    expect(none.coverage[0]).toMatchObject({ newestCopyId: null, newestCopyAgeHours: null, breached: true });
  });

  it('covers only rules with rpoHours', () => {
    const out = evaluate([src('s-1', T0 - 8 * HOUR)], T0, { rules: rules({ rpoHours: undefined }) });
    expect(out.coverage).toEqual([]);
  });
});

describe('RPO alerts, told once by a series of timer sweeps', () => {
  it('tells a breach once when it begins and once a day while it lasts', () => {
    // The only copy holds data from T0 - 5 h: the 6 h RPO runs out at T0 + 1 h.
    const snapshots = [src('s-1', T0 - 5 * HOUR), copy('c-1', 's-1', T0 - 4 * HOUR)];
    const alerts = sweeps(T0, 50, () => snapshots);
    expect(alerts.map((a) => a.kind)).toEqual(['rpo-breach', 'rpo-breach-reminder', 'rpo-breach-reminder']);
    expect(alerts[0]?.text).toContain('disk d-1 cn-hangzhou -> cn-shanghai');
  });

  it('tells a disk that never had a copy once, counted from its oldest source', () => {
    const alerts = sweeps(T0, 12, () => [src('s-1', T0 - 3 * HOUR), src('s-2', T0 - 1 * HOUR)], { reminderMs: 0 });
    expect(alerts.map((a) => a.kind)).toEqual(['rpo-breach']);
    expect(alerts[0]?.text).toContain('no finished copy');
  });

  it('tells the end of a breach once, when the copy that ends it is made and finished within its step', () => {
    const made = T0 + 3 * HOUR + 2 * MIN;
    const alerts = sweeps(T0, 12, (now) => [
      src('s-1', T0 - 5 * HOUR), copy('c-1', 's-1', T0 - 4 * HOUR), src('s-2', T0 + 2 * HOUR),
      ...(now > made ? [copy('c-2', 's-2', made)] : []),
    ]);
    // The data in c-2 (T0 + 2 h) grows older than the RPO at T0 + 8 h: a new breach, told anew.
    expect(alerts.map((a) => a.kind)).toEqual(['rpo-breach', 'rpo-breach-ended', 'rpo-breach']);
    expect(alerts[1]?.text).toContain('copy c-2');
  });

  it('tells no end when there was no breach', () => {
    const alerts = sweeps(T0, 6, (now) => [src('s-1', T0 - 1 * HOUR), copy('c-1', 's-1', T0), ...(now > T0 + 2 * HOUR ? [src('s-2', T0 + HOUR), copy('c-2', 's-2', T0 + 2 * HOUR)] : [])]);
    expect(alerts).toEqual([]);
  });

  it('tells nothing from a run off the grid (periodMs 0), though it reports the breach', () => {
    const out = evaluate([src('s-1', T0 - 7 * HOUR)], T0 - 50 * MIN, { periodMs: 0 });
    expect(out.coverage[0]?.breached).toBe(true);
    expect(out.alerts).toEqual([]);
  });
});

describe('stuck copies', () => {
  it('reports a copy in progress past the limit on every sweep, and tells it once', () => {
    const snapshots = [src('s-1', T0 - HOUR), copy('c-1', 's-1', T0 - 30 * MIN, 'pending')];
    expect(evaluate(snapshots, T0 + 20 * HOUR).stuckCopies).toEqual([]);
    const late = evaluate(snapshots, T0 + 25 * HOUR).stuckCopies;
    expect(late).toEqual([{ rule: 'dr', region: 'cn-shanghai', snapshotId: 'c-1', sourceSnapshotId: 's-1', sinceAt: new Date(T0 - 30 * MIN).toISOString(), ageHours: 25.5, limitHours: 24 }]);
    const alerts = sweeps(T0, 48, () => snapshots, { rules: rules({ rpoHours: undefined }) });
    expect(alerts.map((a) => a.kind)).toEqual(['stuck-copy']);
  });

  it('takes the limit from the rule when it sets stuckCopyHours', () => {
    const snapshots = [src('s-1', T0 - HOUR), copy('c-1', 's-1', T0 - 30 * MIN, 'pending')];
    expect(evaluate(snapshots, T0 + 3 * HOUR, { rules: rules({ stuckCopyHours: 2 }) }).stuckCopies.map((s) => s.limitHours)).toEqual([2]);
  });
});
