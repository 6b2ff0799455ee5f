import { describe, expect, it } from 'vitest';
import type { CbsSnapshotSeed } from '../../local-cloud/seed';
import { credentialsSeed, loadBundle, scfContext, type Seed } from '../functions/harness';
import { CHAOS_SEEDS, chaosCloud, chaosFaults, hadLostCopy, CONFIRMING_SWEEPS, countPairs, deliveredThrice, duplicates, invokeLikePlatform, Rng, spread } from './chaos-kit';

/**
 * The bound: 12 timer sweeps (one every 30 emulated minutes). Half the sources are NORMAL at the
 * start, the other half are still CREATING until after sweep 2. CloudAudit events (three deliveries
 * of each, shuffled) arrive before sweeps 1-4: those naming their snapshot are deferred to the sweeps,
 * those without an id sweep their region there and then.
 */
const SWEEPS = 12;
const EVENT_ROUNDS = 4;
const SOURCES = 10;
const LATE_FROM = SOURCES / 2;
const DAY_MS = 86_400_000;
const DESTINATIONS = [
  { region: 'ap-beijing', retentionDays: 14 },
  { region: 'ap-shanghai', retentionDays: 30 },
];

const POLICY = {
  rules: [{ name: 'chaos-dr', cloud: 'tencent-cbs', sourceRegions: ['ap-guangzhou'], match: { namePattern: 'prod-*' }, destinations: DESTINATIONS }],
};

/** Snapshots the rule does not match, so that listing the source region takes several pages (100 per page). */
const UNRELATED = 250;

const sourceIds = Array.from({ length: SOURCES }, (_, i) => `snap-chs${String(i).padStart(5, '0')}`);

function seed(): Seed {
  const late = new Date(Date.now() + 45 * 60_000).toISOString();
  const sources = sourceIds.map((snapshotId, i): CbsSnapshotSeed => ({
    snapshotId, region: 'ap-guangzhou', diskId: `disk-chs${String(i).padStart(4, '0')}`, name: `prod-vol${i}`, diskSize: 50,
    ...(i >= LATE_FROM ? { state: 'CREATING', completesAt: late } : { state: 'NORMAL' }),
  }));
  // Not matched by the rule: must never be copied.
  const other: CbsSnapshotSeed = { snapshotId: 'snap-test0001', region: 'ap-guangzhou', diskId: 'disk-test', name: 'test-scratch', state: 'NORMAL' };
  const unrelated = Array.from({ length: UNRELATED }, (_, i): CbsSnapshotSeed => ({
    snapshotId: `snap-unr${String(i).padStart(5, '0')}`, region: 'ap-guangzhou', diskId: `disk-unr${String(i).padStart(4, '0')}`, name: `dev-${i}`, state: 'NORMAL',
  }));
  return { credentials: credentialsSeed(), cbs: { regions: ['ap-guangzhou', 'ap-beijing', 'ap-shanghai'], snapshots: [...sources, other, ...unrelated] } };
}

/**
 * The EventBridge CloudAudit event of a CreateSnapshot call (it fires on the call, before the snapshot
 * is NORMAL). The documented log guarantees no snapshot id: the odd sources' events come without one,
 * and sweep the region they name.
 */
function auditEvent(snapshotId: string, i: number): Record<string, unknown> {
  const named = i % 2 === 0;
  return {
    specversion: '1.0', id: `evt-${snapshotId}`, source: 'cbs.cloud.tencent', type: 'cbs:CloudEvent:ApiCall', region: 'ap-guangzhou', time: 1763800000000 + i,
    data: { eventName: 'CreateSnapshot', requestParameters: { DiskId: `disk-chs${String(i).padStart(4, '0')}` }, responseElements: named ? { SnapshotId: snapshotId } : {} },
  };
}

const namedIn = (event: Record<string, unknown>): string | undefined => ((event.data as { responseElements: { SnapshotId?: string } }).responseElements).SnapshotId;

const TIMER = { Type: 'Timer', TriggerName: 'sweep', Time: '2026-11-22T10:30:00Z', Message: '' };

type Snap = { snapshotId: string; region: string; sourceSnapshotId?: string; state?: string; createTime?: string; deadline?: string; isPermanent?: boolean };

const handler = loadBundle('cbs-replicator');
const cloud = chaosCloud(seed, POLICY);

const copies = (): Snap[] => (cloud().state().cbs.snapshots as Snap[]).filter((s) => s.sourceSnapshotId !== undefined);

describe('cbs-replicator under chaos', () => {
  it.each(CHAOS_SEEDS)(
    `seed %i: with CloudAudit events x3 shuffled, within ${SWEEPS} timer sweeps exactly one copy per (source, destination), each with its deadline`,
    async (faultSeed) => {
      cloud().reset(seed());
      cloud().setFaults(chaosFaults(faultSeed, 'cbs.CopySnapshotCrossRegions'));
      const rounds = spread(deliveredThrice(sourceIds.map(auditEvent), new Rng(faultSeed)), EVENT_ROUNDS);
      // What the events did, through the bundle: each is read and answered, and only the unnamed ones call the cloud.
      const named = { answered: 0, calls: 0 };
      const unnamed = { delivered: 0, listings: 0, copies: 0 };
      let convergedAt: number | undefined;
      for (let sweep = 1; sweep <= SWEEPS; sweep += 1) {
        for (const event of rounds[sweep - 1] ?? []) {
          const before = cloud().calls().length;
          const delivery = await invokeLikePlatform(handler, event, scfContext(60_000), 'event');
          const calls = cloud().calls().slice(before);
          const id = namedIn(event);
          if (id !== undefined) {
            // The snapshot is still being made when its event fires: deferred to the sweeps, at no cost.
            expect(delivery.retried).toBe(false);
            if (!delivery.retried) expect(delivery.answer.results).toMatchObject([{ sourceSnapshotId: id, sourceRegion: 'ap-guangzhou', outcome: 'deferred' }]);
            named.answered += 1;
            named.calls += calls.length;
          } else {
            unnamed.delivered += 1;
            unnamed.listings += calls.filter((c) => c.action === 'DescribeSnapshots' && c.region === 'ap-guangzhou').length;
            unnamed.copies += calls.filter((c) => c.action === 'CopySnapshotCrossRegions' && c.code === 'OK').length;
          }
        }
        await invokeLikePlatform(handler, TIMER, scfContext(60_000), 'timer');
        // Copies take 300 emulated seconds; the next tick is 30 minutes later.
        cloud().advance(1800);
        const made = copies();
        const counts = countPairs(made);
        // Never a duplicate, at any point of the run.
        expect(duplicates(counts)).toEqual([]);
        const done = counts.size === SOURCES * DESTINATIONS.length && made.every((c) => c.deadline !== undefined);
        if (convergedAt === undefined && done) convergedAt = sweep;
        if (convergedAt !== undefined && sweep >= rounds.length && sweep >= convergedAt + CONFIRMING_SWEEPS) break;
      }
      console.log(JSON.stringify({ cloud: 'cbs', seed: faultSeed, convergedAtSweep: convergedAt, calls: cloud().calls().length, named, unnamed }));

      // Every delivery of every event reached the handler and was taken for what it is.
      expect(named.answered).toBe(3 * Math.ceil(SOURCES / 2));
      expect(named.calls).toBe(0);
      expect(unnamed.delivered).toBe(3 * Math.floor(SOURCES / 2));
      // An event without its snapshot id sweeps its region: it lists it (at least once per delivery) and copies.
      expect(unnamed.listings).toBeGreaterThanOrEqual(unnamed.delivered);
      expect(unnamed.copies).toBeGreaterThan(0);

      const made = copies();
      const expected = sourceIds.flatMap((id) => DESTINATIONS.map((d) => `${id}>${d.region}`)).sort();
      expect(made.map((c) => `${c.sourceSnapshotId}>${c.region}`).sort()).toEqual(expected);
      for (const c of made) {
        const retentionDays = DESTINATIONS.find((d) => d.region === c.region)?.retentionDays ?? 0;
        expect(c.state).toBe('NORMAL');
        expect(c.isPermanent).toBe(false);
        // The deadline counts from when the copy was made (the run's emulated hours are well under a day).
        const days = (Date.parse(c.deadline ?? '') - Date.parse(c.createTime ?? '')) / DAY_MS;
        expect(Math.abs(days - retentionDays)).toBeLessThan(1);
      }
      const codes = new Set(cloud().calls().map((c) => c.code));
      expect(codes.has('RequestLimitExceeded')).toBe(true);
      // A copy was made whose answer was lost, and it still ended as one copy per pair.
      expect(hadLostCopy(cloud().calls(), 'cbs.CopySnapshotCrossRegions')).toBe(true);
      expect([...codes].some((c) => c.startsWith('Timeout'))).toBe(true);
    },
    120_000,
  );
});
