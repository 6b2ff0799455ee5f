/**
 * What a run logs: one JSON object per line; one `result` line per answered pair, one `chore` line per
 * chore, and one `summary` line with the request id, trigger, counts per outcome, API calls, whether
 * the budget ran out and the duration; all agreeing with the answer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buffer, captureLogs, credentialsSeed, fcContext, loadBundle, scfContext, startLocalCloud, useLocalCloud, type LocalCloud, type Seed } from '../functions/harness';

const DAY = 86_400_000;
const ago = (ms: number): string => new Date(Date.now() - ms).toISOString();
const OUTCOMES = ['copied', 'already-copied', 'in-progress', 'deferred', 'skipped', 'failed'];

function seed(): Seed {
  return {
    credentials: credentialsSeed(),
    ecs: {
      regions: ['cn-hangzhou', 'cn-shanghai'],
      snapshots: [
        { snapshotId: 's-web1', regionId: 'cn-hangzhou', diskId: 'd-web', name: 'web', status: 'accomplished', snapshotType: 'user' },
        { snapshotId: 's-tmp1', regionId: 'cn-hangzhou', diskId: 'd-tmp', name: 'tmp', status: 'progressing', snapshotType: 'user' },
      ],
    },
    ens: {
      regions: ['cn-hangzhou-26', 'cn-chengdu-26'],
      disks: [{ diskId: 'd-edge1', ensRegionId: 'cn-hangzhou-26' }],
      snapshots: [
        { snapshotId: 'sp-new1', ensRegionId: 'cn-hangzhou-26', diskId: 'd-edge1', name: 'edge', status: 'available', creationTime: ago(60_000) },
        { snapshotId: 'sp-old1', ensRegionId: 'cn-chengdu-26', diskId: 'd-edge1', name: 'srep:edge:sp-gone1:cn-hangzhou-26', status: 'available', creationTime: ago(30 * DAY) },
      ],
    },
    cbs: {
      regions: ['ap-guangzhou', 'ap-beijing'],
      snapshots: [{ snapshotId: 'snap-db000001', region: 'ap-guangzhou', diskId: 'disk-db01', name: 'db', state: 'NORMAL' }],
    },
  };
}

const POLICY = {
  rules: [
    { name: 'prod-dr', cloud: 'aliyun-ecs', sourceRegions: ['cn-hangzhou'], destinations: [{ region: 'cn-shanghai', retentionDays: 7 }] },
    { name: 'edge', cloud: 'aliyun-ens', sourceRegions: ['cn-hangzhou-26'], destinations: [{ region: 'cn-chengdu-26', retentionDays: 7 }], createSnapshots: { diskIds: ['d-edge1'], intervalHours: 6 } },
    { name: 'tencent-dr', cloud: 'tencent-cbs', sourceRegions: ['ap-guangzhou'], destinations: [{ region: 'ap-beijing', retentionDays: 7 }] },
  ],
};

type Line = Record<string, unknown>;

interface Run {
  name: string;
  invoke: () => Promise<Record<string, unknown>>;
  requestId: string;
  trigger: string;
  chores: boolean;
}

const RUNS: Run[] = [
  {
    name: 'ecs-replicator (a manual sweep)',
    invoke: () => loadBundle('ecs-replicator')(buffer({ action: 'sweep' }), fcContext()),
    requestId: 'req-fc-test', trigger: 'manual', chores: false,
  },
  {
    name: 'ens-replicator (the timer: copies, a scheduled snapshot, a pruned copy)',
    invoke: () => loadBundle('ens-replicator')(buffer({ triggerTime: '2026-11-22T10:30:00Z', triggerName: 'sweep', payload: '' }), fcContext()),
    requestId: 'req-fc-test', trigger: 'timer', chores: true,
  },
  {
    name: 'cbs-replicator (the timer: a copy and its deadline)',
    invoke: () => loadBundle('cbs-replicator')({ Type: 'Timer', TriggerName: 'sweep', Message: '' }, scfContext()),
    requestId: 'req-scf-test', trigger: 'timer', chores: true,
  },
];

let cloud: LocalCloud;
beforeAll(async () => {
  cloud = await startLocalCloud({ seed: seed() });
  useLocalCloud(cloud, POLICY);
});
afterAll(async () => cloud.close());

describe.each(RUNS)('$name', (run) => {
  it('logs one line per result, one per chore and one summary, each a JSON object that agrees with the answer', async () => {
    cloud.reset(seed());
    const { value: answer, lines } = await captureLogs(run.invoke);
    const parsed = lines.map((l) => JSON.parse(l) as Line);
    for (const line of parsed) {
      expect(['info', 'warn', 'error']).toContain(line.level);
      expect(Number.isNaN(Date.parse(String(line.time)))).toBe(false);
      expect(line.requestId).toBe(run.requestId);
    }
    const results = answer.results as Line[];
    const chores = answer.chores as Line[];
    expect(results.length).toBeGreaterThan(0);
    expect(chores.length > 0).toBe(run.chores);

    const resultLines = parsed.filter((l) => l.msg === 'result');
    expect(resultLines).toHaveLength(results.length);
    resultLines.forEach((line, i) => {
      expect(line).toMatchObject(results[i] as Line);
      expect(line.level).toBe(line.outcome === 'failed' ? 'error' : 'info');
    });

    const choreLines = parsed.filter((l) => l.msg === 'chore');
    expect(choreLines).toHaveLength(chores.length);
    choreLines.forEach((line, i) => expect(line).toMatchObject(chores[i] as Line));

    const summaries = parsed.filter((l) => l.msg === 'summary');
    expect(summaries).toHaveLength(1);
    const summary = summaries[0] as Line;
    const answered = answer.summary as Line;
    expect(summary.trigger).toBe(run.trigger);
    expect(Object.keys(summary.counts as Line).sort()).toEqual([...OUTCOMES].sort());
    expect(summary.counts).toEqual(answered.counts);
    expect(summary.apiCalls).toBe(cloud.calls().length);
    expect(summary.apiCalls).toBe(answered.apiCalls);
    expect(summary.budgetExhausted).toBe(false);
    expect(typeof summary.durationMs).toBe('number');
    expect(summary.durationMs as number).toBeGreaterThanOrEqual(0);
    // Nothing else is logged on a run without notifications or failures.
    expect(parsed.length).toBe(results.length + chores.length + 1);
  });
});
