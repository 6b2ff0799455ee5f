/**
 * Copy names that must read back as the copy they name, through the built ENS bundle: an ambiguous
 * template is refused before any call; an unambiguous custom one copies each pair exactly once over
 * repeated sweeps, whatever the source names hold, and a source whose name imitates a mark is still
 * copied. Outcomes are read from the local cloud's own state.
 */
import { describe, expect, it } from 'vitest';
import { localCloudPerFile } from '../support/local-cloud-per-file';
import type { EnsSnapshotSeed } from '../../local-cloud/seed';
import { buffer, captureLogs, credentialsSeed, fcContext, loadBundle, setPolicy, useLocalCloud, type Seed } from './harness';

const SOURCE = 'cn-hangzhou-26';
const DESTINATIONS = ['cn-chengdu-26', 'cn-shenzhen-3'];

function policy(copyName: string): unknown {
  return {
    rules: [{ name: 'edge', cloud: 'aliyun-ens', sourceRegions: [SOURCE], destinations: DESTINATIONS.map((region) => ({ region, retentionDays: 30 })), copyName }],
  };
}

const CUSTOM = '{rule}:{sourceRegion}:{sourceId}:{sourceName}';

const minutesAgo = (n: number): string => new Date(Date.now() - n * 60_000).toISOString();

const SOURCES: EnsSnapshotSeed[] = [
  { snapshotId: 'sp-edge1', ensRegionId: SOURCE, diskId: 'd-edge1', name: 'edge-cache', status: 'available', creationTime: minutesAgo(5) },
  // Its name holds the template's own delimiter, shaped like a mark (`a:<id>:<node>`).
  { snapshotId: 'sp-colon', ensRegionId: SOURCE, diskId: 'd-edge1', name: 'a:sp-1:cn-x-1', status: 'available', creationTime: minutesAgo(4) },
  // A whole mark of the custom template, as a copy of sp-edge1 would carry it, on a source node.
  { snapshotId: 'sp-mimic', ensRegionId: SOURCE, diskId: 'd-edge1', name: `edge:${SOURCE}:sp-edge1:edge-cache`, status: 'available', creationTime: minutesAgo(3) },
];

function seed(): Seed {
  return {
    credentials: credentialsSeed(),
    ens: { regions: [SOURCE, ...DESTINATIONS], disks: [{ diskId: 'd-edge1', ensRegionId: SOURCE, size: 40 }], snapshots: SOURCES },
  };
}

const TIMER = buffer({ triggerTime: '2026-11-22T10:30:00Z', triggerName: 'sweep', payload: '' });
const handler = loadBundle('ens-replicator');
const cloud = localCloudPerFile(seed, (c) => useLocalCloud(c, policy(CUSTOM)));

type Snap = { snapshotId: string; ensRegionId: string; name?: string; sourceSnapshotId?: string };
const copiesOf = (id: string): Snap[] => (cloud.state().ens.snapshots as Snap[]).filter((s) => s.sourceSnapshotId === id);

async function sweep(): Promise<Record<string, unknown>> {
  return (await captureLogs(() => handler(TIMER, fcContext()))).value;
}

describe('ens-replicator: copy names read back as the copy they name', () => {
  it.each([
    ['{rule}-{sourceRegion}-{sourceId}', '{rule}'],
    ['edge-{sourceId}-{sourceRegion}-{rule}', '{sourceId}'],
    ['e_{rule}_{sourceId}_{sourceRegion}', '{rule}'],
  ])('refuses %j at load, naming rules[0].copyName, with no API call', async (copyName, first) => {
    setPolicy(policy(copyName));
    const answer = await sweep();
    expect(answer.ok).toBe(false);
    const error = answer.error as { code: string; field: string; message: string };
    expect(error.code).toBe('InvalidPolicy');
    expect(error.field).toBe('rules[0].copyName');
    expect(error.message).toContain(`must set ${first} apart`);
    expect(cloud.calls()).toEqual([]);
    expect(cloud.state().ens.snapshots).toHaveLength(SOURCES.length);
  });

  it('copies each (source, node) pair exactly once over repeated sweeps with a custom template', async () => {
    const first = await sweep();
    expect(first.ok).toBe(true);
    cloud.advance(600);
    const second = await sweep();
    expect(second.ok).toBe(true);
    cloud.advance(600);
    await sweep();

    for (const source of SOURCES) {
      const copies = copiesOf(source.snapshotId);
      expect(copies.map((c) => c.ensRegionId).sort(), source.snapshotId).toEqual(DESTINATIONS);
    }
    // Two sweeps after the first made nothing more: one CopySnapshot per source in all.
    expect(cloud.calls().filter((c) => c.action === 'CopySnapshot')).toHaveLength(SOURCES.length);
    const outcomes = (second.results as Array<{ outcome: string }>).map((r) => r.outcome);
    expect(outcomes.length).toBe(SOURCES.length * DESTINATIONS.length);
    expect(outcomes.every((o) => o === 'already-copied' || o === 'in-progress')).toBe(true);
  });

  it("keeps the template's delimiter out of a source name, so the copy's mark stays its own", async () => {
    await sweep();
    expect(copiesOf('sp-colon').map((c) => c.name)).toEqual([`edge:${SOURCE}:sp-colon:a_sp-1_cn-x-1`, `edge:${SOURCE}:sp-colon:a_sp-1_cn-x-1`]);
  });

  it('copies a source whose name imitates a mark instead of taking it for a copy', async () => {
    const answer = await sweep();
    const mimic = (answer.results as Array<{ sourceSnapshotId: string; outcome: string; reason?: string }>).filter((r) => r.sourceSnapshotId === 'sp-mimic');
    expect(mimic.map((r) => r.outcome)).toEqual(['copied', 'copied']);
    expect(copiesOf('sp-mimic').map((c) => c.ensRegionId).sort()).toEqual(DESTINATIONS);
    // And the imitation did not stand in for sp-edge1's copies.
    expect(copiesOf('sp-edge1').map((c) => c.ensRegionId).sort()).toEqual(DESTINATIONS);
  });
});
