/**
 * Overlapping invocations of the ECS bundle, each in a process of its own as the platform runs them:
 * duplicated events, manual copies (with and without the rule's name) and a timer sweep, all started
 * at the same moment against one cloud. Whatever order their calls land in, the cloud ends with
 * exactly one copy per (source, destination), and every invocation answers (an event may instead ask
 * for the platform's retry, as documented).
 */
import { describe, expect, it } from 'vitest';
import { invokeAtOnce, type BundleInvocation, type ProcessOutcome } from '../support/bundle-processes';
import { localCloudPerFile } from '../support/local-cloud-per-file';
import { buffer, credentialsSeed, useLocalCloud, type Seed } from './harness';

const DESTINATIONS = ['cn-shanghai', 'cn-beijing'];
const POLICY = {
  rules: [{ name: 'prod-dr', cloud: 'aliyun-ecs', sourceRegions: ['cn-hangzhou'], match: { tags: { backup: 'dr' } }, destinations: DESTINATIONS.map((region) => ({ region, retentionDays: 7 })) }],
};
const SOURCES = [
  { snapshotId: 's-web1', diskId: 'd-web' },
  { snapshotId: 's-db1', diskId: 'd-db' },
];

function seed(): Seed {
  return {
    credentials: credentialsSeed(),
    ecs: {
      regions: ['cn-hangzhou', ...DESTINATIONS],
      snapshots: SOURCES.map((s) => ({ ...s, regionId: 'cn-hangzhou', name: s.snapshotId, status: 'accomplished' as const, snapshotType: 'user', tags: { backup: 'dr' } })),
    },
  };
}

function event(snapshotId: string, diskId: string): Buffer {
  return buffer({
    id: `evt-${snapshotId}`, source: 'acs.ecs', specversion: '1.0', type: 'ecs:Snapshot:CreateSnapshotCompleted',
    subject: `acs:ecs:cn-hangzhou:1234567890:snapshot/${snapshotId}`, time: '2026-11-22T10:00:00Z', aliyunregionid: 'cn-hangzhou',
    data: { result: 'accomplished', snapshotId, snapshotName: snapshotId, snapshotType: 'user', diskId },
  });
}

function manual(snapshotId: string, rule?: string): Buffer {
  return buffer({ action: 'copy', cloud: 'aliyun-ecs', snapshotId, sourceRegion: 'cn-hangzhou', ...(rule ? { rule } : {}), destinations: DESTINATIONS.map((region) => ({ region, retentionDays: 7 })) });
}

const cloud = localCloudPerFile(seed, (c) => useLocalCloud(c, POLICY));

const ecs = (e: Buffer): BundleInvocation => ({ bundle: 'ecs-replicator', event: e });
const [web, db] = SOURCES as [(typeof SOURCES)[number], (typeof SOURCES)[number]];

/** Every invocation answered ok, or (an event) asked for the platform's retry. */
function expectAnswered(outcomes: readonly ProcessOutcome[], invocations: readonly BundleInvocation[]): void {
  outcomes.forEach((o, i) => {
    expect(o.code, `process ${i} exit`).toBe(0);
    if (o.thrown) {
      expect(o.thrown.name, `process ${i} threw ${o.thrown.message}`).toBe('RetryableFailure');
      expect(JSON.parse((invocations[i]?.event as Buffer).toString('utf8'))).toHaveProperty('type');
    } else {
      expect(o.answer?.ok, `process ${i}: ${JSON.stringify(o.answer?.error)}`).toBe(true);
    }
  });
}

function copyPairs(): string[] {
  return cloud.state().ecs.snapshots.filter((s) => s.sourceSnapshotId !== undefined).map((s) => `${s.sourceSnapshotId}>${s.regionId}`).sort();
}

const EVERY_PAIR = SOURCES.flatMap((s) => DESTINATIONS.map((d) => `${s.snapshotId}>${d}`)).sort();

describe('overlapping ECS invocations, each in its own process', () => {
  it('events delivered several times, manual copies and a sweep at once: one copy per pair', async () => {
    const invocations = [
      ecs(event(web.snapshotId, web.diskId)), ecs(event(web.snapshotId, web.diskId)), ecs(event(web.snapshotId, web.diskId)),
      ecs(event(db.snapshotId, db.diskId)), ecs(event(db.snapshotId, db.diskId)),
      ecs(manual(web.snapshotId)), ecs(manual(db.snapshotId, 'prod-dr')),
      ecs(buffer({ triggerTime: '2026-11-22T10:30:00Z', triggerName: 'sweep', payload: '' })),
    ];
    const outcomes = await invokeAtOnce(cloud.url, POLICY, invocations);
    expectAnswered(outcomes, invocations);
    expect(copyPairs()).toEqual(EVERY_PAIR);
    const copyCalls = cloud.calls().filter((c) => c.action === 'CopySnapshot');
    console.log(JSON.stringify({ processes: invocations.length, copyCalls: copyCalls.length, codes: [...new Set(copyCalls.map((c) => c.code))] }));
    expect(copyCalls.length).toBeGreaterThanOrEqual(EVERY_PAIR.length);

    // The same again once the copies are done: nothing new is made.
    cloud.advance(600);
    const again = await invokeAtOnce(cloud.url, POLICY, invocations);
    expectAnswered(again, invocations);
    expect(copyPairs()).toEqual(EVERY_PAIR);
  });

  it('manual copies of one snapshot, with and without the rule, at once: one copy per pair', async () => {
    const invocations = [ecs(manual(web.snapshotId)), ecs(manual(web.snapshotId)), ecs(manual(web.snapshotId, 'prod-dr')), ecs(manual(web.snapshotId, 'prod-dr'))];
    const outcomes = await invokeAtOnce(cloud.url, POLICY, invocations);
    expectAnswered(outcomes, invocations);
    expect(copyPairs()).toEqual(DESTINATIONS.map((d) => `${web.snapshotId}>${d}`).sort());
    // Each destination's copy is answered to every invocation as copied or in progress, never as a failure.
    for (const o of outcomes) {
      const results = (o.answer?.results ?? []) as Array<{ destinationRegion: string; outcome: string }>;
      expect(results.map((r) => r.destinationRegion).sort()).toEqual([...DESTINATIONS].sort());
      for (const r of results) expect(['copied', 'in-progress', 'already-copied']).toContain(r.outcome);
    }
  });
});
