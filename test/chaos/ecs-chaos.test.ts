import { describe, expect, it } from 'vitest';
import type { EcsSnapshotSeed } from '../../local-cloud/seed';
import { buffer, credentialsSeed, fcContext, loadBundle, type Seed } from '../functions/harness';
import { CHAOS_SEEDS, chaosCloud, chaosFaults, hadLostCopy, CONFIRMING_SWEEPS, countPairs, deliveredThrice, duplicates, invokeLikePlatform, Rng, spread } from './chaos-kit';

/**
 * The bound: 12 timer sweeps (one every 30 emulated minutes). Half the sources are ready at the
 * start and their events arrive before sweeps 1-2; the other half finish after sweep 2 and their
 * events arrive before sweeps 3-4.
 */
const SWEEPS = 12;
const SOURCES = 6;
const LATE_FROM = SOURCES / 2;
const DESTINATIONS = [
  { region: 'cn-shanghai', retentionDays: 30 },
  { region: 'cn-beijing', retentionDays: 7 },
];

const POLICY = {
  rules: [{ name: 'chaos-dr', cloud: 'aliyun-ecs', sourceRegions: ['cn-hangzhou'], match: { tags: { backup: 'dr' } }, destinations: DESTINATIONS }],
};

/**
 * Snapshots the rule does not match, so that listing the source region takes several pages
 * (100 per page): under these faults a listing must get each page through, not all pages at once.
 */
const UNRELATED = 250;

function unrelated(): EcsSnapshotSeed[] {
  return Array.from({ length: UNRELATED }, (_, i) => ({ snapshotId: `s-unrel${i}`, regionId: 'cn-hangzhou', diskId: `d-unrel${i}`, status: 'accomplished', snapshotType: 'user', tags: {} }));
}

const sourceIds = Array.from({ length: SOURCES }, (_, i) => `s-chaos${String(i).padStart(3, '0')}`);

function seed(): Seed {
  const late = new Date(Date.now() + 45 * 60_000).toISOString();
  const sources = sourceIds.map((snapshotId, i): EcsSnapshotSeed => ({
    // Distinct disks: ECS allows one copy per (disk, destination) in flight, which would only slow this down.
    snapshotId, regionId: 'cn-hangzhou', diskId: `d-chaos${i}`, name: `vol-${i}`, snapshotType: 'user', tags: { backup: 'dr' },
    // The late half is still being made: sweeps must wait for it, and its events come once it is done.
    ...(i >= LATE_FROM ? { status: 'progressing', completesAt: late } : { status: 'accomplished' }),
  }));
  // Not matched by the rule: must never be copied.
  const others: EcsSnapshotSeed[] = [
    { snapshotId: 's-other1', regionId: 'cn-hangzhou', diskId: 'd-other1', name: 'scratch', status: 'accomplished', snapshotType: 'user', tags: {} },
    { snapshotId: 's-other2', regionId: 'cn-hangzhou', diskId: 'd-other2', name: 'tmp', status: 'accomplished', snapshotType: 'user', tags: { backup: 'no' } },
  ];
  return { credentials: credentialsSeed(), ecs: { regions: ['cn-hangzhou', 'cn-shanghai', 'cn-beijing'], snapshots: [...sources, ...others, ...unrelated()] } };
}

/** The CloudEvent EventBridge delivers to FC when an ECS snapshot finishes. */
function snapshotEvent(snapshotId: string, i: number): Buffer {
  return buffer({
    id: `evt-${snapshotId}`, source: 'acs.ecs', specversion: '1.0', type: 'ecs:Snapshot:CreateSnapshotCompleted',
    subject: `acs:ecs:cn-hangzhou:1234567890:snapshot/${snapshotId}`, time: '2026-11-22T10:00:00Z', aliyunregionid: 'cn-hangzhou',
    data: { result: 'accomplished', snapshotId, snapshotName: `vol-${i}`, snapshotType: 'user', diskId: `d-chaos${i}` },
  });
}

const TIMER = buffer({ triggerTime: '2026-11-22T10:30:00Z', triggerName: 'sweep', payload: '' });

type Snap = { snapshotId: string; regionId: string; sourceSnapshotId?: string; status?: string; retentionDays?: number };

const handler = loadBundle('ecs-replicator');
const cloud = chaosCloud(seed, POLICY);

function copies(): Array<Snap & { region: string }> {
  return (cloud().state().ecs.snapshots as Snap[]).filter((s) => s.sourceSnapshotId !== undefined).map((s) => ({ ...s, region: s.regionId }));
}

describe('ecs-replicator under chaos', () => {
  it.each(CHAOS_SEEDS)(
    `seed %i: with events x3 shuffled, within ${SWEEPS} timer sweeps exactly one copy per (source, destination), each with its RetentionDays`,
    async (faultSeed) => {
      cloud().reset(seed());
      cloud().setFaults(chaosFaults(faultSeed, 'ecs.CopySnapshot'));
      const rng = new Rng(faultSeed);
      const events = sourceIds.map((id, i) => snapshotEvent(id, i));
      const rounds = [...spread(deliveredThrice(events.slice(0, LATE_FROM), rng), 2), ...spread(deliveredThrice(events.slice(LATE_FROM), rng), 2)];
      let retries = 0;
      let convergedAt: number | undefined;
      for (let sweep = 1; sweep <= SWEEPS; sweep += 1) {
        for (const event of rounds[sweep - 1] ?? []) {
          const delivery = await invokeLikePlatform(handler, event, fcContext(60), 'event');
          if (delivery.retried) {
            retries += 1;
            continue;
          }
          // Read for what it is: one result per destination, for the snapshot the event names.
          const named = (JSON.parse(event.toString('utf8')) as { data: { snapshotId: string } }).data.snapshotId;
          const results = delivery.answer.results as Array<{ sourceSnapshotId: string; destinationRegion: string }>;
          expect(results.map((r) => `${r.sourceSnapshotId}>${r.destinationRegion}`).sort()).toEqual(DESTINATIONS.map((d) => `${named}>${d.region}`).sort());
        }
        await invokeLikePlatform(handler, TIMER, fcContext(60), 'timer');
        // Copies take 300 emulated seconds; the next tick is 30 minutes later.
        cloud().advance(1800);
        const counts = countPairs(copies());
        // Never a duplicate, at any point of the run.
        expect(duplicates(counts)).toEqual([]);
        if (convergedAt === undefined && counts.size === SOURCES * DESTINATIONS.length) convergedAt = sweep;
        if (convergedAt !== undefined && sweep >= rounds.length && sweep >= convergedAt + CONFIRMING_SWEEPS) break;
      }
      console.log(JSON.stringify({ cloud: 'ecs', seed: faultSeed, convergedAtSweep: convergedAt, eventRetries: retries, calls: cloud().calls().length }));

      const made = copies();
      const expected = sourceIds.flatMap((id) => DESTINATIONS.map((d) => `${id}>${d.region}`)).sort();
      expect(made.map((c) => `${c.sourceSnapshotId}>${c.region}`).sort()).toEqual(expected);
      for (const c of made) {
        expect(c.retentionDays).toBe(DESTINATIONS.find((d) => d.region === c.region)?.retentionDays);
        expect(c.status).toBe('accomplished');
      }
      // The faults really happened: this is a run under chaos, not a quiet one.
      const codes = new Set(cloud().calls().map((c) => c.code));
      expect(codes.has('Throttling.User')).toBe(true);
      // A copy was made whose answer was lost, and it still ended as one copy per pair.
      expect(hadLostCopy(cloud().calls(), 'ecs.CopySnapshot')).toBe(true);
      expect([...codes].some((c) => c.startsWith('Timeout'))).toBe(true);
    },
    120_000,
  );
});
