/**
 * Recovery points watched by the timer sweeps, through the built bundles, against the local cloud:
 * a disk whose newest copy is older than `rpoHours` is breached, logged and notified once; a fresh one
 * is not; the next tick, with the breach still on, sends nothing new; the tick that sees the breach
 * ended says so once; a copy in progress past its limit is reported and notified.
 * The process clock is set to chosen moments on the timer's grid (the cloud and the bundle share it).
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { startReceiver, type Receiver } from '../notify/receiver';
import { localCloudPerFile } from '../support/local-cloud-per-file';
import { buffer, captureLogs, credentialsSeed, fcContext, loadBundle, scfContext, useLocalCloud, type Seed } from './harness';

const MIN = 60_000;
const HOUR = 60 * MIN;
/** A tick of the shipped 30-minute timers. */
const TICK = Date.parse('2026-11-30T10:00:00Z');
const at = (ms: number): string => new Date(ms).toISOString();

const POLICY = {
  rules: [
    { name: 'ecs-dr', cloud: 'aliyun-ecs', sourceRegions: ['cn-hangzhou'], match: { diskIds: ['d-stale', 'd-fresh'] }, destinations: [{ region: 'cn-shanghai' }], rpoHours: 6 },
    { name: 'slow', cloud: 'aliyun-ecs', sourceRegions: ['cn-hangzhou'], match: { diskIds: ['d-slow'] }, destinations: [{ region: 'cn-beijing' }] },
    { name: 'cbs-dr', cloud: 'tencent-cbs', sourceRegions: ['ap-guangzhou'], destinations: [{ region: 'ap-beijing' }], rpoHours: 6 },
  ],
};

function seed(): Seed {
  return {
    credentials: credentialsSeed(),
    ecs: {
      regions: ['cn-hangzhou', 'cn-shanghai', 'cn-beijing'],
      snapshots: [
        // d-stale: its only copy holds data 6 h 10 min old at the tick (RPO 6 h, run out 10 min before
        // the tick); a newer snapshot waits to be copied, and its copy takes two hours.
        { snapshotId: 's-stale1', regionId: 'cn-hangzhou', diskId: 'd-stale', status: 'accomplished', snapshotType: 'user', creationTime: at(TICK - 6 * HOUR - 10 * MIN) },
        { snapshotId: 's-stale1-copy', regionId: 'cn-shanghai', diskId: 'd-stale', name: 'copy', status: 'accomplished', snapshotType: 'user', creationTime: at(TICK - 6 * HOUR), sourceSnapshotId: 's-stale1', sourceRegion: 'cn-hangzhou' },
        { snapshotId: 's-stale2', regionId: 'cn-hangzhou', diskId: 'd-stale', status: 'accomplished', snapshotType: 'user', creationTime: at(TICK - HOUR) },
        // d-fresh: copied, data an hour old.
        { snapshotId: 's-fresh1', regionId: 'cn-hangzhou', diskId: 'd-fresh', status: 'accomplished', snapshotType: 'user', creationTime: at(TICK - HOUR) },
        { snapshotId: 's-fresh1-copy', regionId: 'cn-shanghai', diskId: 'd-fresh', name: 'copy', status: 'accomplished', snapshotType: 'user', creationTime: at(TICK - 50 * MIN), sourceSnapshotId: 's-fresh1', sourceRegion: 'cn-hangzhou' },
        // d-slow: a copy in progress for 24 h 10 min (ECS default limit 24 h).
        { snapshotId: 's-slow1', regionId: 'cn-hangzhou', diskId: 'd-slow', status: 'accomplished', snapshotType: 'user', creationTime: at(TICK - 30 * HOUR) },
        {
          snapshotId: 's-slow1-copy', regionId: 'cn-beijing', diskId: 'd-slow', name: 'copy', status: 'progressing', progress: 40, snapshotType: 'user',
          creationTime: at(TICK - 24 * HOUR - 10 * MIN), completesAt: at(TICK + 100 * HOUR), sourceSnapshotId: 's-slow1', sourceRegion: 'cn-hangzhou',
        },
      ],
    },
    cbs: {
      regions: ['ap-guangzhou', 'ap-beijing'],
      snapshots: [{ snapshotId: 'snap-cbs00001', region: 'ap-guangzhou', diskId: 'disk-cbs1', name: 'db', state: 'NORMAL', createTime: at(TICK - 6 * HOUR - 20 * MIN) }],
    },
    timing: { ecsCopySeconds: 2 * 3600, cbsCopySeconds: 2 * 3600 },
  };
}

const cloud = localCloudPerFile(seed, (c) => useLocalCloud(c, POLICY));
const FC_TIMER = buffer({ triggerTime: at(TICK), triggerName: 'sweep', payload: '' });
let robot: Receiver;

beforeAll(async () => {
  robot = await startReceiver();
});
afterAll(async () => robot.close());
beforeEach(() => {
  robot.received.length = 0;
  process.env.NOTIFY_WEBHOOK_URL = `${robot.base}/robot/send?access_token=robot-token-0123456789`;
});
afterEach(() => {
  delete process.env.NOTIFY_WEBHOOK_URL;
  vi.useRealTimers();
});

/** Sets the process clock (the bundle's and the cloud's) to `ms`; it runs on from there. */
function clockAt(ms: number): void {
  vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
  vi.setSystemTime(ms);
}

interface Coverage { rule: string; diskId: string; destinationRegion: string; newestCopyId: string | null; newestCopyAgeHours: number | null; rpoHours: number; breached: boolean }

async function ecsSweep(): Promise<{ answer: Record<string, unknown>; lines: string[] }> {
  const { value: answer, lines } = await captureLogs(() => loadBundle('ecs-replicator')(FC_TIMER, fcContext()));
  return { answer, lines };
}

const logged = (lines: string[], msg: string): Array<Record<string, unknown>> =>
  lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.msg === msg);

describe('ECS', () => {
  it('breaches the stale disk only, logs it, notifies once, and the next tick during the breach sends nothing', async () => {
    clockAt(TICK + 2 * MIN);
    const first = await ecsSweep();
    expect(first.answer.ok).toBe(true);
    const coverage = first.answer.coverage as Coverage[];
    expect(coverage.map((c) => [c.diskId, c.newestCopyId, c.breached])).toEqual([['d-fresh', 's-fresh1-copy', false], ['d-stale', 's-stale1-copy', true]]);
    expect(coverage.find((c) => c.diskId === 'd-stale')).toMatchObject({ rule: 'ecs-dr', destinationRegion: 'cn-shanghai', rpoHours: 6 });
    expect(coverage.find((c) => c.diskId === 'd-stale')?.newestCopyAgeHours).toBeGreaterThan(6);
    expect(logged(first.lines, 'rpo-breach').map((l) => l.diskId)).toEqual(['d-stale']);
    // The sweep started the copy that will end it.
    expect(cloud.state().ecs.snapshots.filter((s) => s.sourceSnapshotId === 's-stale2').map((s) => s.status)).toEqual(['progressing']);
    expect(robot.received).toHaveLength(1);
    const message = robot.received[0]?.body ?? '';
    expect(message).toContain('RPO breach ecs-dr: disk d-stale cn-hangzhou -> cn-shanghai');
    expect(message).not.toContain('d-fresh');

    // Next tick: the copy is still being made, the breach goes on, and is logged, but not told again.
    clockAt(TICK + 32 * MIN);
    const second = await ecsSweep();
    expect((second.answer.coverage as Coverage[]).find((c) => c.diskId === 'd-stale')?.breached).toBe(true);
    expect(logged(second.lines, 'rpo-breach')).toHaveLength(1);
    expect(robot.received).toHaveLength(1);
    expect(cloud.state().ecs.snapshots.filter((s) => s.sourceSnapshotId === 's-stale2')).toHaveLength(1);
  });

  it('reports the copy in progress past its limit, and tells it once', async () => {
    clockAt(TICK + 2 * MIN);
    const first = await ecsSweep();
    const stuck = first.answer.stuckCopies as Array<Record<string, unknown>>;
    expect(stuck).toEqual([expect.objectContaining({ rule: 'slow', region: 'cn-beijing', snapshotId: 's-slow1-copy', sourceSnapshotId: 's-slow1', limitHours: 24 })]);
    expect(logged(first.lines, 'stuck-copy').map((l) => l.snapshotId)).toEqual(['s-slow1-copy']);
    expect(robot.received.map((r) => r.body).join('\n')).toContain('copy s-slow1-copy of s-slow1 in cn-beijing still in progress');
    clockAt(TICK + 32 * MIN);
    const second = await ecsSweep();
    expect(second.answer.stuckCopies).toHaveLength(1);
    expect(robot.received.filter((r) => r.body.includes('s-slow1-copy'))).toHaveLength(1);
  });

  it('tells the end of the breach once, from the tick that sees the ending copy finished', async () => {
    // Quick copies this time: the one started at the first tick is finished by the next.
    cloud.reset({ ...seed(), timing: { ecsCopySeconds: 60 } });
    useLocalCloud(cloud, POLICY);
    clockAt(TICK + 2 * MIN);
    await ecsSweep();
    clockAt(TICK + 32 * MIN);
    const second = await ecsSweep();
    expect((second.answer.coverage as Coverage[]).find((c) => c.diskId === 'd-stale')?.breached).toBe(false);
    clockAt(TICK + 62 * MIN);
    await ecsSweep();
    const ended = robot.received.filter((r) => r.body.includes('RPO breach over ecs-dr: disk d-stale'));
    expect(ended).toHaveLength(1);
  });

  it('alerts only from timer ticks: a manual sweep reports the breach without a message', async () => {
    clockAt(TICK + 2 * MIN);
    const { value: answer } = await captureLogs(() => loadBundle('ecs-replicator')(buffer({ action: 'sweep', rules: ['ecs-dr'] }), fcContext()));
    expect((answer.coverage as Coverage[]).some((c) => c.breached)).toBe(true);
    expect(answer.alerts).toBeUndefined();
    expect(robot.received).toHaveLength(0);
  });
});

describe('CBS', () => {
  it('breaches a disk with no copy at all once its oldest snapshot is older than the RPO, and notifies', async () => {
    clockAt(TICK + 3 * MIN);
    const { value: answer, lines } = await captureLogs(() => loadBundle('cbs-replicator')({ Type: 'Timer', TriggerName: 'sweep', Time: at(TICK), Message: '' }, scfContext()));
    expect(answer.ok).toBe(true);
    expect(answer.coverage).toEqual([{ rule: 'cbs-dr', diskId: 'disk-cbs1', sourceRegion: 'ap-guangzhou', destinationRegion: 'ap-beijing', newestCopyId: null, newestCopyAgeHours: null, rpoHours: 6, breached: true }]);
    expect(logged(lines, 'rpo-breach')).toHaveLength(1);
    expect(robot.received).toHaveLength(1);
    expect(robot.received[0]?.body).toContain('no finished copy');
  });
});

describe('settings', () => {
  it.each([
    ['SWEEP_INTERVAL_MINUTES', '45'],
    ['SWEEP_INTERVAL_MINUTES', '0'],
    ['NOTIFY_RPO_REMINDER_HOURS', '-1'],
    ['NOTIFY_RPO_REMINDER_HOURS', 'daily'],
  ])('refuses %s=%s before any call', async (name, value) => {
    process.env[name] = value;
    try {
      cloud.clearCalls();
      const { value: answer } = await captureLogs(() => loadBundle('ecs-replicator')(FC_TIMER, fcContext()));
      expect(answer.ok).toBe(false);
      expect(answer.error).toMatchObject({ code: 'InvalidConfiguration', field: name });
      expect(cloud.calls()).toEqual([]);
    } finally {
      delete process.env[name];
    }
  });
});
