/**
 * ENS pruning deletes only the rule's own expired copies, and a mark that only looks like the rule's is
 * not its own: Cyrillic letters in place of Latin ones, full-width colons, zero-width spaces, a case
 * changed, other rules' names (one of them a rule of the same policy). Each look-alike is as old as the
 * rule's own expired copy, in a destination node, and most even say (through the service's lineage
 * fields) that they were copied from the rule's source. Read from the cloud's state after two sweeps.
 */
import { describe, expect, it } from 'vitest';
import type { EnsSnapshotSeed } from '../../local-cloud/seed';
import { localCloudPerFile } from '../support/local-cloud-per-file';
import { buffer, captureLogs, credentialsSeed, fcContext, loadBundle, useLocalCloud, type Seed } from './harness';

const SOURCE = 'cn-hangzhou-26';
const NODE = 'cn-chengdu-26';
const POLICY = {
  rules: [
    { name: 'edge', cloud: 'aliyun-ens', sourceRegions: [SOURCE], match: { diskIds: ['d-edge1'] }, destinations: [{ region: NODE, retentionDays: 30 }] },
    // Another rule of the policy, keeping its copies longer: its marks are not 'edge's to prune.
    { name: 'edge-b', cloud: 'aliyun-ens', sourceRegions: [SOURCE], match: { diskIds: ['d-edge2'] }, destinations: [{ region: NODE, retentionDays: 90 }] },
  ],
};

const OLD = 40 * 86_400_000;

/** The marks a pruning sweep must leave alone, by what makes each one not the rule's own. */
const LOOK_ALIKES: Array<[string, string]> = [
  ['Cyrillic е in the rule name', `srep:\u0435dge:sp-src1:${SOURCE}`],
  ['Cyrillic ѕ in the prefix', `\u0455rep:edge:sp-src1:${SOURCE}`],
  ['Cyrillic р in the prefix', `s\u0440ep:edge:sp-src1:${SOURCE}`],
  ['full-width colons', `srep\uff1aedge\uff1asp-src1\uff1a${SOURCE}`],
  ['one full-width colon', `srep:edge\uff1asp-src1:${SOURCE}`],
  ['a zero-width space in the rule name', `srep:ed\u200bge:sp-src1:${SOURCE}`],
  ['a zero-width space before the mark', `\u200bsrep:edge:sp-src1:${SOURCE}`],
  ['a zero-width joiner after the prefix', `srep\u200d:edge:sp-src1:${SOURCE}`],
  ['the rule name in capitals', `srep:EDGE:sp-src1:${SOURCE}`],
  ['a longer rule name', `srep:edge2:sp-src1:${SOURCE}`],
  ['a shorter rule name', `srep:edg:sp-src1:${SOURCE}`],
  ['another rule of the policy', `srep:edge-b:sp-src2:${SOURCE}`],
  ['a rule of no policy', `srep:someone-else:sp-src1:${SOURCE}`],
  ['a source node the rule does not have', 'srep:edge:sp-src1:cn-elsewhere-1'],
];

function seed(): Seed {
  const old = new Date(Date.now() - OLD).toISOString();
  const lookAlikes = LOOK_ALIKES.map(([, name], i): EnsSnapshotSeed => ({
    snapshotId: `sp-alike${String(i).padStart(2, '0')}`, ensRegionId: NODE, name, status: 'available', creationTime: old,
    // Half of them even carry the service's lineage: a copy of the rule's own source, by someone else.
    ...(i % 2 === 0 ? { sourceSnapshotId: 'sp-src1', sourceRegion: SOURCE } : {}),
  }));
  return {
    credentials: credentialsSeed(),
    ens: {
      regions: [SOURCE, NODE],
      snapshots: [
        // Sources past retention: never copied again.
        { snapshotId: 'sp-src1', ensRegionId: SOURCE, diskId: 'd-edge1', name: 'edge-old', status: 'available', creationTime: old },
        { snapshotId: 'sp-src2', ensRegionId: SOURCE, diskId: 'd-edge2', name: 'edge-b-old', status: 'available', creationTime: old },
        // The rule's own expired copy: the one thing to prune.
        { snapshotId: 'sp-own-old', ensRegionId: NODE, name: `srep:edge:sp-src1:${SOURCE}`, status: 'available', creationTime: old, sourceSnapshotId: 'sp-src1', sourceRegion: SOURCE },
        ...lookAlikes,
      ],
    },
  };
}

const TIMER = buffer({ triggerTime: '2026-11-22T10:30:00Z', triggerName: 'sweep', payload: '' });
const handler = loadBundle('ens-replicator');
const cloud = localCloudPerFile(seed, (c) => useLocalCloud(c, POLICY));

describe('ENS pruning against look-alike marks', () => {
  it(`deletes the rule's own expired copy and none of ${LOOK_ALIKES.length} look-alikes as old as it`, async () => {
    const pruned: string[] = [];
    for (let i = 0; i < 2; i += 1) {
      const { value } = await captureLogs(() => handler(TIMER, fcContext()));
      expect(value.ok).toBe(true);
      const chores = value.chores as Array<{ kind: string; snapshotId?: string; outcome: string }>;
      pruned.push(...chores.filter((c) => c.kind === 'prune').map((c) => `${c.snapshotId}:${c.outcome}`));
    }
    expect(pruned).toEqual(['sp-own-old:done']);
    const deleted = cloud.calls().filter((c) => c.action === 'DeleteSnapshot').map((c) => c.params.SnapshotId);
    expect(deleted).toEqual(['sp-own-old']);

    const left = new Map(cloud.state().ens.snapshots.map((s) => [s.snapshotId, s.name]));
    expect(left.has('sp-own-old')).toBe(false);
    LOOK_ALIKES.forEach(([what, name], i) => {
      expect(left.get(`sp-alike${String(i).padStart(2, '0')}`), what).toBe(name);
    });
    // Nothing was copied: both sources are past their destinations' retention.
    expect(cloud.calls().filter((c) => c.action === 'CopySnapshot')).toEqual([]);
  });
});
