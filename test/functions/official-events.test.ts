/**
 * Every official sample event a deployment can receive (test/fixtures/official-events/, each file naming
 * its public source) is answered ok: true by the built bundle it goes to, and does what it asks for,
 * read from the local cloud's state: events copy their snapshot, timers sweep, and a CloudAudit event
 * that names no snapshot sweeps its region's rules.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { localCloudPerFile } from '../support/local-cloud-per-file';
import { buffer, captureLogs, credentialsSeed, fcContext, loadBundle, ONE_RULE_PER_CLOUD, scfContext, useLocalCloud, type Seed } from './harness';

const DIR = resolve(import.meta.dirname, '../fixtures/official-events');

interface OfficialEvent {
  function: 'ecs-replicator' | 'ens-replicator' | 'cbs-replicator';
  source: string;
  notes: string;
  event: unknown;
  context?: Record<string, unknown>;
}

const CORPUS = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .map((file) => ({ file, ...(JSON.parse(readFileSync(resolve(DIR, file), 'utf8')) as OfficialEvent) }));

const POLICY = ONE_RULE_PER_CLOUD;

/** The snapshots the samples name, made a minute ago, so every event has something to copy. */
function seed(): Seed {
  const recent = new Date(Date.now() - 60_000).toISOString();
  return {
    credentials: credentialsSeed(),
    ecs: {
      regions: ['cn-hangzhou', 'cn-shanghai'],
      snapshots: ['s-bp1fisa1b2c3d4b859b3', 's-bp1fisa1b2c3d4b859b4'].map((snapshotId) => ({
        snapshotId, regionId: 'cn-hangzhou', diskId: 'd-bp1bwaa1b2c3d49ol4mi', name: 'test-snapshot', status: 'accomplished', snapshotType: 'user', creationTime: recent,
      })),
    },
    ens: {
      regions: ['cn-hangzhou-26', 'cn-chengdu-26'],
      disks: [{ diskId: 'd-edge0001', ensRegionId: 'cn-hangzhou-26' }],
      snapshots: [{ snapshotId: 'sp-edge0001', ensRegionId: 'cn-hangzhou-26', diskId: 'd-edge0001', name: 'edge-a', status: 'available', creationTime: recent }],
    },
    cbs: {
      regions: ['ap-guangzhou', 'ap-beijing'],
      snapshots: [{ snapshotId: 'snap-abcd1234', region: 'ap-guangzhou', diskId: 'disk-abcd1234', name: 'audited', state: 'NORMAL', createTime: recent }],
    },
  };
}

const cloud = localCloudPerFile(seed, (c) => useLocalCloud(c, POLICY));

const handlers = {
  'ecs-replicator': loadBundle('ecs-replicator'),
  'ens-replicator': loadBundle('ens-replicator'),
  'cbs-replicator': loadBundle('cbs-replicator'),
};

function copiesMade(): number {
  const state = cloud.state();
  return [...state.ecs.snapshots, ...state.ens.snapshots, ...state.cbs.snapshots].filter((s) => s.sourceSnapshotId !== undefined).length;
}

describe('the official sample events', () => {
  it('are all here, each naming its public source', () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(12);
    for (const c of CORPUS) expect(c.source).toMatch(/^https:\/\//);
  });

  it.each(CORPUS)('$file: $function answers ok: true and copies what it names', async (c) => {
    const handler = handlers[c.function];
    const onFc = c.function !== 'cbs-replicator';
    const event = onFc ? buffer(c.event) : c.event;
    const context = onFc ? { ...fcContext(), ...c.context } : scfContext();
    const { value: answer, lines } = await captureLogs(() => handler(event, context));
    expect(answer.ok).toBe(true);
    expect(answer.error).toBeUndefined();
    // What the answer says was copied is what the cloud holds, and every sample but one copies.
    const results = answer.results as Array<{ outcome: string; reason?: string }>;
    const copied = results.filter((r) => r.outcome === 'copied').length;
    expect(copiesMade()).toBe(copied);
    if (c.file === 'tencent-cloudaudit-createsnapshot.json') {
      // CloudAudit fires on the call, before the snapshot is finished: the pair waits for the sweep.
      expect(results.map((r) => r.outcome)).toEqual(['deferred']);
    } else {
      expect(copied).toBeGreaterThan(0);
    }
    // Free text in a timer is said once, in the log, and never refused.
    const ignored = lines.filter((l) => l.includes('"msg":"timer text ignored"'));
    const freeText = /plain-(payload|message)/.test(c.file);
    expect(ignored).toHaveLength(freeText ? 1 : 0);
  });
});
