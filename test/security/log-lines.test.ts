/**
 * What a run logs: one JSON object per line; one `result` line per answered pair that is not already
 * copied (those are only counted), one `chore` line per
 * chore, and one `summary` line with the request id, trigger, counts per outcome, API calls, whether
 * the budget ran out and the duration; all agreeing with the answer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVERY_PATH_POLICY, everyPathSeed } from './every-path-fixture';
import { buffer, captureLogs, fcContext, loadBundle, scfContext, startLocalCloud, useLocalCloud, type LocalCloud } from '../functions/harness';

const OUTCOMES = ['copied', 'already-copied', 'in-progress', 'deferred', 'skipped', 'failed'];



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
  cloud = await startLocalCloud({ seed: everyPathSeed([{ snapshotId: 's-tmp1', regionId: 'cn-hangzhou', diskId: 'd-tmp', name: 'tmp', status: 'progressing', snapshotType: 'user' }]) });
  useLocalCloud(cloud, EVERY_PATH_POLICY);
});
afterAll(async () => cloud.close());

describe.each(RUNS)('$name', (run) => {
  it('logs one line per result (already-copied ones only counted), one per chore and one summary, each a JSON object that agrees with the answer', async () => {
    cloud.reset(everyPathSeed([{ snapshotId: 's-tmp1', regionId: 'cn-hangzhou', diskId: 'd-tmp', name: 'tmp', status: 'progressing', snapshotType: 'user' }]));
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

    const logged = results.filter((r) => r.outcome !== 'already-copied');
    const resultLines = parsed.filter((l) => l.msg === 'result');
    expect(resultLines).toHaveLength(logged.length);
    resultLines.forEach((line, i) => {
      expect(line).toMatchObject(logged[i] as Line);
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
    expect(parsed.length).toBe(logged.length + chores.length + 1);
  });
});

describe('a sweep over copies already made', () => {
  it('logs no line for the pairs already copied, and counts them in the summary', async () => {
    cloud.reset(everyPathSeed());
    const sweep = RUNS[0] as Run;
    await captureLogs(sweep.invoke);
    // The copies finish.
    cloud.advance(600);
    const { value: answer, lines } = await captureLogs(sweep.invoke);
    const results = answer.results as Line[];
    expect(results.length).toBeGreaterThan(0);
    expect(results.every((r) => r.outcome === 'already-copied')).toBe(true);
    const parsed = lines.map((l) => JSON.parse(l) as Line);
    expect(parsed.map((l) => l.msg)).toEqual(['summary']);
    expect((parsed[0]?.counts as Line)['already-copied']).toBe(results.length);
  });
});
