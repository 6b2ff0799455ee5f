/**
 * A batch larger than any fixed limit (EventBridge batch push delivers thousands of events in one
 * invocation) is taken whole: what the time budget reaches is copied, the rest is deferred to the
 * sweep, and the summary line says how many events the batch carried. State read from the local cloud.
 */
import { describe, expect, it } from 'vitest';
import { localCloudPerFile } from '../support/local-cloud-per-file';
import { buffer, captureLogs, credentialsSeed, fcContext, loadBundle, useLocalCloud, type Seed } from './harness';

const EVENTS = 250;
const POLICY = { rules: [{ name: 'ecs-dr', cloud: 'aliyun-ecs', sourceRegions: ['cn-hangzhou'], destinations: [{ region: 'cn-shanghai', retentionDays: 7 }] }] };
const id = (i: number): string => `s-batch${String(i).padStart(4, '0')}`;

function seed(): Seed {
  const recent = new Date(Date.now() - 60_000).toISOString();
  return {
    credentials: credentialsSeed(),
    ecs: {
      regions: ['cn-hangzhou', 'cn-shanghai'],
      snapshots: Array.from({ length: EVENTS }, (_, i) => ({ snapshotId: id(i), regionId: 'cn-hangzhou', diskId: `d-batch${i}`, name: `b${i}`, status: 'accomplished', snapshotType: 'user', creationTime: recent })),
    },
  };
}

const cloudEvent = (i: number) => ({
  id: `evt-${i}`, source: 'acs.ecs', specversion: '1.0', type: 'ecs:Snapshot:CreateSnapshotCompleted', aliyunregionid: 'cn-hangzhou', time: '2026-11-29T10:00:00Z',
  data: { result: 'accomplished', snapshotId: id(i), snapshotName: `b${i}`, snapshotType: 'user', diskId: `d-batch${i}` },
});

const cloud = localCloudPerFile(seed, (c) => useLocalCloud(c, POLICY));
const handler = loadBundle('ecs-replicator');

describe(`a batch of ${EVENTS} snapshot events`, () => {
  it('is taken whole: copies what the budget allows, defers the rest, and says how many events it held', async () => {
    // A tight rate limit on the cloud's side: the budget runs out long before the window lets every copy through.
    cloud.setRateLimits({ 'ecs.CopySnapshot': { limit: 100, windowSeconds: 60 } });
    const batch = buffer(Array.from({ length: EVENTS }, (_, i) => cloudEvent(i)));
    let answer: Record<string, unknown> | undefined;
    let thrown: unknown;
    const { lines } = await captureLogs(async () => {
      try {
        answer = await handler(batch, fcContext(10));
      } catch (error) {
        // Deferred pairs of an event ask the platform to retry it; the answer was logged first.
        thrown = error;
      }
    });
    const summary = lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.msg === 'summary');
    expect(summary).toMatchObject({ trigger: 'event', events: EVENTS, budgetExhausted: true });
    const counts = summary?.counts as { copied: number; deferred: number };
    expect(counts.copied).toBeGreaterThan(0);
    // The cloud takes 100 a minute here (the client paces to the documented 1000 and backs off when throttled).
    expect(counts.copied).toBeLessThanOrEqual(100);
    expect(counts.copied + counts.deferred).toBe(EVENTS);
    expect(thrown === undefined ? answer?.ok : 'retry asked').toBeTruthy();
    // What the summary counts as copied is what the cloud holds.
    expect(cloud.state().ecs.snapshots.filter((s) => s.sourceSnapshotId !== undefined)).toHaveLength(counts.copied);
  });
});
