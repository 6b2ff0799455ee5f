/**
 * Regions answer independently, so a run asks them side by side: a sweep lists every region at once,
 * and an event that names its disk asks its source and the destinations in a single round.
 */
import { describe, expect, it } from 'vitest';
import { TimeBudget } from '../../shared/engine/budget';
import type { CloudDriver, PageFetch } from '../../shared/contracts/driver';
import { runEvents, runSweep, type RunDeps } from '../../shared/engine/replicate';
import { parsePolicy } from '../../shared/policy/load';
import type { Snapshot } from '../../shared/contracts/snapshot';
import type { SnapshotEvent } from '../../shared/contracts/requests';
import { FakeClock } from './fake-clock';
import { FakeEcsDriver } from './fake-ecs-driver';

type Hint = Parameters<CloudDriver['listSnapshots']>[1];

/** Answers each listing only when the test releases it, recording what was asked and in which round. */
class GatedDriver extends FakeEcsDriver {
  /** Listings asked and not answered yet. */
  readonly waiting: Array<{ region: string; hint: Hint; answer: () => void }> = [];

  constructor(private readonly snapshots: readonly Snapshot[]) {
    super();
  }

  async listSnapshots(region: string, hint: Hint, page: PageFetch): Promise<Snapshot[]> {
    return page(async () => {
      this.callCount += 1;
      await new Promise<void>((answer) => this.waiting.push({ region, hint, answer }));
      return this.snapshots.filter((s) => s.region === region && (!hint?.diskId || s.diskId === hint.diskId) && (!hint?.snapshotIds || hint.snapshotIds.includes(s.snapshotId)));
    });
  }

  /** Waits until the run has asked everything it can before an answer, then answers all of it. */
  async round(): Promise<Array<{ region: string; hint: Hint }>> {
    for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
    const asked = this.waiting.splice(0);
    for (const a of asked) a.answer();
    return asked.map(({ region, hint }) => ({ region, hint }));
  }
}

const REGIONS = ['cn-hangzhou', 'cn-shanghai', 'cn-beijing'] as const;
const policy = parsePolicy({
  rules: [{ name: 'dr', cloud: 'aliyun-ecs', sourceRegions: ['cn-hangzhou'], destinations: [{ region: 'cn-shanghai' }, { region: 'cn-beijing' }] }],
});

function source(clock: FakeClock): Snapshot {
  return { cloud: 'aliyun-ecs', snapshotId: 's-web1', region: 'cn-hangzhou', diskId: 'd-web', tags: {}, readiness: 'ready', status: 'accomplished', createdAt: clock.ms - 60_000, isCopy: false };
}

function deps(driver: GatedDriver, clock: FakeClock): RunDeps {
  return { policy, driverFor: () => driver, budget: TimeBudget.fromTimeout(60_000, clock.now), now: clock.now, sleep: clock.sleep, random: () => 0.5 };
}

async function rounds(driver: GatedDriver, run: Promise<unknown>): Promise<Array<Array<{ region: string; hint: Hint }>>> {
  let done = false;
  void run.finally(() => {
    done = true;
  });
  const out: Array<Array<{ region: string; hint: Hint }>> = [];
  while (!done) {
    const asked = await driver.round();
    if (asked.length > 0) out.push(asked);
  }
  await run;
  return out;
}

describe('listing regions side by side', () => {
  it('a sweep asks all three regions before any of them answers, and still copies to both destinations', async () => {
    const clock = new FakeClock();
    const driver = new GatedDriver([source(clock)]);
    const run = runSweep({ action: 'sweep' }, deps(driver, clock));
    const asked = await rounds(driver, run);
    expect(asked).toHaveLength(1);
    expect(asked[0]?.map((a) => a.region).sort()).toEqual([...REGIONS].sort());
    expect(driver.copied.sort()).toEqual(['s-web1>cn-beijing', 's-web1>cn-shanghai']);
  });

  it('an event that names its disk asks the source by id and each destination by that disk in one round', async () => {
    const clock = new FakeClock();
    const driver = new GatedDriver([source(clock)]);
    const event: SnapshotEvent = { cloud: 'aliyun-ecs', snapshotId: 's-web1', region: 'cn-hangzhou', diskId: 'd-web' };
    const asked = await rounds(driver, runEvents([event], deps(driver, clock)));
    expect(asked).toEqual([[
      { region: 'cn-hangzhou', hint: { snapshotIds: ['s-web1'] } },
      { region: 'cn-shanghai', hint: { diskId: 'd-web' } },
      { region: 'cn-beijing', hint: { diskId: 'd-web' } },
    ]]);
    expect(driver.copied.sort()).toEqual(['s-web1>cn-beijing', 's-web1>cn-shanghai']);
  });

  it('an event without its disk asks the destinations once the source has told it the disk', async () => {
    const clock = new FakeClock();
    const driver = new GatedDriver([source(clock)]);
    const event: SnapshotEvent = { cloud: 'aliyun-ecs', snapshotId: 's-web1', region: 'cn-hangzhou' };
    const asked = await rounds(driver, runEvents([event], deps(driver, clock)));
    expect(asked).toEqual([
      [{ region: 'cn-hangzhou', hint: { snapshotIds: ['s-web1'] } }],
      [{ region: 'cn-shanghai', hint: { diskId: 'd-web' } }, { region: 'cn-beijing', hint: { diskId: 'd-web' } }],
    ]);
    expect(driver.copied).toHaveLength(2);
  });

  it('an event that names another disk than its snapshot\'s still finds the copies of the real one', async () => {
    const clock = new FakeClock();
    const copy: Snapshot = { ...source(clock), snapshotId: 's-copy1', region: 'cn-shanghai', isCopy: true, lineage: { sourceSnapshotId: 's-web1', sourceRegion: 'cn-hangzhou' } };
    const driver = new GatedDriver([source(clock), copy]);
    const event: SnapshotEvent = { cloud: 'aliyun-ecs', snapshotId: 's-web1', region: 'cn-hangzhou', diskId: 'd-other' };
    const asked = await rounds(driver, runEvents([event], deps(driver, clock)));
    expect(asked[1]).toEqual([{ region: 'cn-shanghai', hint: { diskId: 'd-web' } }, { region: 'cn-beijing', hint: { diskId: 'd-web' } }]);
    // The copy in Shanghai is found, so only Beijing is copied to.
    expect(driver.copied).toEqual(['s-web1>cn-beijing']);
  });
});
