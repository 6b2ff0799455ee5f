import { describe, expect, it } from 'vitest';
import { CloudError } from '../../shared/contracts/errors';
import { TimeBudget } from '../../shared/engine/budget';
import type { PageFetch } from '../../shared/contracts/driver';
import { runSweep } from '../../shared/engine/replicate';
import { parsePolicy } from '../../shared/policy/load';
import type { Snapshot } from '../../shared/contracts/snapshot';
import { FakeClock } from './fake-clock';
import { FakeEcsDriver } from './fake-ecs-driver';

const PAGE = 100;

const throttled = (): CloudError =>
  new CloudError({ service: 'ecs', action: 'DescribeSnapshots', code: 'Throttling.User', message: 'slow down', errorClass: 'throttled' });

/**
 * A region of `count` snapshots listed 100 per request, where every `failEvery`-th request is
 * throttled. A listing of more than `failEvery - 1` pages therefore never succeeds in one piece.
 */
class ThrottledPagesDriver extends FakeEcsDriver {
  pagesServed = 0;

  constructor(
    private readonly snapshots: readonly Snapshot[],
    private readonly failEvery: number,
  ) {
    super();
  }

  async listSnapshots(region: string, _hint?: unknown, page: PageFetch = (fetch) => fetch({})): Promise<Snapshot[]> {
    const inRegion = this.snapshots.filter((s) => s.region === region);
    const out: Snapshot[] = [];
    for (let offset = 0; offset === 0 || offset < inRegion.length; offset += PAGE) {
      out.push(...(await page(async () => {
        this.callCount += 1;
        if (this.callCount % this.failEvery === 0) throw throttled();
        this.pagesServed += 1;
        return inRegion.slice(offset, offset + PAGE);
      })));
    }
    return out;
  }
}

function region(clock: FakeClock, count: number, tagged: number): Snapshot[] {
  return Array.from({ length: count }, (_, i): Snapshot => ({
    cloud: 'aliyun-ecs', snapshotId: `s-${i}`, region: 'cn-hangzhou', diskId: `d-${i}`, tags: i < tagged ? { backup: 'dr' } : {},
    readiness: 'ready', status: 'accomplished', createdAt: clock.ms - 60_000, isCopy: false,
  }));
}

const policy = parsePolicy({
  rules: [{ name: 'dr', cloud: 'aliyun-ecs', sourceRegions: ['cn-hangzhou'], match: { tags: { backup: 'dr' } }, destinations: [{ region: 'cn-shanghai' }] }],
});

describe('listing a region of many pages under throttling', () => {
  it('retries a throttled page alone, so a 20-page region lists although every third request is throttled', async () => {
    const clock = new FakeClock();
    const driver = new ThrottledPagesDriver(region(clock, 2000, 50), 3);
    const report = await runSweep({ action: 'sweep' }, {
      policy, driverFor: () => driver, budget: TimeBudget.fromTimeout(60_000, clock.now), now: clock.now, sleep: clock.sleep, random: () => 0.5,
    });
    expect(report.budgetExhausted).toBe(false);
    // 20 pages of the source region, one (empty) page of the destination: each served once.
    expect(driver.pagesServed).toBe(21);
    expect(driver.copied).toHaveLength(50);
    expect(new Set(driver.copied).size).toBe(50);
    expect(report.results.filter((r) => r.outcome === 'copied')).toHaveLength(50);
  });
});
