import { describe, expect, it } from 'vitest';
import type { EnsSnapshotSeed } from '../../local-cloud/seed';
import { buffer, credentialsSeed, fcContext, loadBundle, type Seed } from '../functions/harness';
import { CHAOS_SEEDS, chaosCloud, chaosFaults, hadLostCopy, CONFIRMING_SWEEPS, countPairs, duplicates, invokeLikePlatform, Rng } from './chaos-kit';

/**
 * ENS sends no events: the function runs on its timer only. 12 ticks, one every 30 emulated minutes;
 * the platform delivers each of the first two ticks three times (nothing moves between the
 * duplicates), so the bound is 12 ticks = 16 sweep invocations. Half the sources are still
 * `creating` until after tick 2; the rule also takes one scheduled snapshot of a disk.
 */
const TICKS = 12;
const DUPLICATED_TICKS = 2;
const SOURCES = 8;
const LATE_FROM = SOURCES / 2;
const DAY_MS = 86_400_000;
const RETENTION_DAYS = 14;
const SOURCE_NODE = 'cn-hangzhou-26';
const NODES = ['cn-chengdu-26', 'cn-shenzhen-3'];
const RULE = 'chaos-edge';

/** Snapshots of other disks the rule does not match, so that listing the source node takes several pages (100 per page). */
const UNRELATED = 250;

const POLICY = {
  rules: [{
    name: RULE, cloud: 'aliyun-ens', sourceRegions: [SOURCE_NODE],
    match: { diskIds: [...Array.from({ length: SOURCES }, (_, i) => `d-vol${i}`), 'd-sched', 'd-old'] },
    destinations: NODES.map((region) => ({ region, retentionDays: RETENTION_DAYS })),
    createSnapshots: { diskIds: ['d-sched'], intervalHours: 24 },
  }],
};

const sourceIds = Array.from({ length: SOURCES }, (_, i) => `sp-chaos${i}`);
const mark = (sourceId: string): string => `srep:${RULE}:${sourceId}:${SOURCE_NODE}`;
/** The rule's own copies past their retention: the only snapshots a sweep may ever delete. */
const EXPIRED = ['sp-expired1', 'sp-expired2'];

function seed(): Seed {
  const now = Date.now();
  const ago = (ms: number): string => new Date(now - ms).toISOString();
  const late = new Date(now + 45 * 60_000).toISOString();
  const sources = sourceIds.map((snapshotId, i): EnsSnapshotSeed => ({
    snapshotId, ensRegionId: SOURCE_NODE, diskId: `d-vol${i}`, name: `edge-vol${i}`, creationTime: ago(60_000),
    ...(i >= LATE_FROM ? { status: 'creating', completesAt: late } : { status: 'available' }),
  }));
  const old = ago(40 * DAY_MS);
  const unrelated = Array.from({ length: UNRELATED }, (_, i): EnsSnapshotSeed => ({
    snapshotId: `sp-unrel${i}`, ensRegionId: SOURCE_NODE, diskId: `d-unrel${i}`, name: `scratch-${i}`, status: 'available', creationTime: ago(3_600_000),
  }));
  const existing: EnsSnapshotSeed[] = [
    // An earlier tick already copied one source to one node: it must stay the only copy there.
    { snapshotId: 'sp-copied0', ensRegionId: NODES[0] as string, name: mark('sp-chaos0'), status: 'available', creationTime: ago(60_000), sourceSnapshotId: 'sp-chaos0', sourceRegion: SOURCE_NODE },
    // An old source (past retention, so never copied again) and its expired copies.
    { snapshotId: 'sp-oldsrc', ensRegionId: SOURCE_NODE, diskId: 'd-old', name: 'edge-old', status: 'available', creationTime: old },
    { snapshotId: 'sp-expired1', ensRegionId: NODES[0] as string, name: mark('sp-oldsrc'), status: 'available', creationTime: old, sourceSnapshotId: 'sp-oldsrc', sourceRegion: SOURCE_NODE },
    { snapshotId: 'sp-expired2', ensRegionId: NODES[1] as string, name: mark('sp-oldsrc'), status: 'available', creationTime: old, sourceSnapshotId: 'sp-oldsrc', sourceRegion: SOURCE_NODE },
    // Old, but not the rule's own copies: never deleted.
    { snapshotId: 'sp-forged', ensRegionId: NODES[0] as string, name: `srep:someone-else:sp-oldsrc:${SOURCE_NODE}`, status: 'available', creationTime: old },
    { snapshotId: 'sp-unmarked', ensRegionId: NODES[1] as string, name: 'manual-backup', status: 'available', creationTime: old },
    // The scheduled disk's last snapshot by this rule is older than the interval: one new one is due.
    { snapshotId: 'sp-sched-old', ensRegionId: SOURCE_NODE, diskId: 'd-sched', name: `srepauto:${RULE}:d-sched:202601010000`, status: 'available', creationTime: ago(30 * 3_600_000) },
  ];
  return {
    credentials: credentialsSeed(),
    ens: { regions: [SOURCE_NODE, ...NODES], disks: [{ diskId: 'd-sched', ensRegionId: SOURCE_NODE, size: 40 }], snapshots: [...sources, ...existing, ...unrelated] },
  };
}

const TIMER = buffer({ triggerTime: '2026-11-22T10:30:00Z', triggerName: 'sweep', payload: '' });

type Snap = { snapshotId: string; ensRegionId: string; name?: string; status?: string; sourceSnapshotId?: string; creationTime?: string };

const handler = loadBundle('ens-replicator');
const cloud = chaosCloud(seed, POLICY);

const snapshots = (): Snap[] => cloud().state().ens.snapshots as Snap[];
const copiesOf = (all: Snap[]): Array<Snap & { region: string }> =>
  all.filter((s) => s.sourceSnapshotId !== undefined && s.sourceSnapshotId !== 'sp-oldsrc').map((s) => ({ ...s, region: s.ensRegionId }));
const scheduled = (all: Snap[]): Snap[] => all.filter((s) => s.name?.startsWith(`srepauto:${RULE}:d-sched:`) && s.snapshotId !== 'sp-sched-old');

describe('ens-replicator under chaos', () => {
  it.each(CHAOS_SEEDS)(
    `seed %i: within ${TICKS} ticks (the first ${DUPLICATED_TICKS} delivered three times) exactly one copy per (source, node), one scheduled snapshot, and only expired copies pruned`,
    async (faultSeed) => {
      cloud().reset(seed());
      cloud().setFaults(chaosFaults(faultSeed, 'ens.CopySnapshot'));
      const rng = new Rng(faultSeed);
      const seen = new Set(snapshots().map((s) => s.snapshotId));
      const deleted = new Set<string>();
      let convergedAt: number | undefined;
      for (let tick = 1; tick <= TICKS; tick += 1) {
        const deliveries = tick <= DUPLICATED_TICKS ? 3 : 1;
        for (let d = 0; d < deliveries; d += 1) await invokeLikePlatform(handler, TIMER, fcContext(60), 'timer');
        // Copies take 240 emulated seconds; the next tick is 30 minutes (and a little jitter) later.
        cloud().advance(1800 + Math.floor(rng.next() * 60));
        const now = snapshots();
        const present = new Set(now.map((s) => s.snapshotId));
        for (const id of seen) if (!present.has(id)) deleted.add(id);
        for (const id of present) seen.add(id);
        // Pruning never removes anything but the rule's expired copies, at any point of the run.
        expect([...deleted].filter((id) => !EXPIRED.includes(id))).toEqual([]);
        const counts = countPairs(copiesOf(now));
        expect(duplicates(counts)).toEqual([]);
        expect(scheduled(now).length).toBeLessThanOrEqual(1);
        const want = (SOURCES + 1) * NODES.length;
        if (convergedAt === undefined && counts.size === want && deleted.size === EXPIRED.length) convergedAt = tick;
        if (convergedAt !== undefined && tick >= convergedAt + CONFIRMING_SWEEPS) break;
      }
      console.log(JSON.stringify({ cloud: 'ens', seed: faultSeed, convergedAtTick: convergedAt, calls: cloud().calls().length }));

      const end = snapshots();
      const taken = scheduled(end);
      expect(taken).toHaveLength(1);
      const sources = [...sourceIds, taken[0]?.snapshotId ?? '?'];
      const expected = sources.flatMap((id) => NODES.map((n) => `${id}>${n}`)).sort();
      const copies = copiesOf(end);
      expect(copies.map((c) => `${c.sourceSnapshotId}>${c.region}`).sort()).toEqual(expected);
      // Every copy carries the rule's mark (pruning finds its own copies by it) and is finished.
      for (const c of copies) {
        expect(c.name).toBe(mark(c.sourceSnapshotId ?? ''));
        expect(c.status).toBe('available');
      }
      // Retention applied: every expired copy is gone, nothing else is, and the old source was not copied again.
      expect([...deleted].sort()).toEqual([...EXPIRED].sort());
      for (const kept of ['sp-copied0', 'sp-oldsrc', 'sp-forged', 'sp-unmarked', 'sp-sched-old']) expect(end.map((s) => s.snapshotId)).toContain(kept);
      expect(cloud().calls().some((c) => c.action === 'CopySnapshot' && c.params.SnapshotId === 'sp-oldsrc')).toBe(false);
      const codes = new Set(cloud().calls().map((c) => c.code));
      expect(codes.has('Throttling.User')).toBe(true);
      // A copy was made whose answer was lost, and it still ended as one copy per pair.
      expect(hadLostCopy(cloud().calls(), 'ens.CopySnapshot')).toBe(true);
      expect([...codes].some((c) => c.startsWith('Timeout'))).toBe(true);
    },
    120_000,
  );
});
