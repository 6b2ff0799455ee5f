import { describe, expect, it } from 'vitest';
import { CloudError } from '../../shared/contracts/errors';
import { backoffMs } from '../../shared/engine/backoff';
import { TimeBudget } from '../../shared/engine/budget';
import { BudgetExhausted } from '../../shared/contracts/errors';
import { callWithRetry } from '../../shared/engine/call-with-retry';
import { copyClientToken } from '../../shared/engine/client-token';
import { RequestPacer } from '../../shared/engine/pacer';
import { FakeClock } from './fake-clock';
import { fakeDriver } from '../support/fake-driver';

const throttled = (): CloudError => new CloudError({ service: 'ecs', action: 'CopySnapshot', code: 'Throttling.User', message: 'slow down', errorClass: 'throttled' });
const transient = (): CloudError => new CloudError({ service: 'ens', action: 'CopySnapshot', code: 'InternalError', message: 'boom', errorClass: 'transient' });

describe('RequestPacer', () => {
  it('admits at most 95% of the limit in any window, then waits for the window to slide', async () => {
    const clock = new FakeClock();
    const pacer = new RequestPacer({ limit: 20, windowMs: 1000 }, clock.now, clock.sleep);
    const times: number[] = [];
    for (let i = 0; i < 57; i += 1) {
      await pacer.acquire();
      times.push(clock.ms);
    }
    // 19 per window (95% of 20): requests 0-18 at once, 19-37 one window later, 38-56 two windows later.
    expect(times.filter((t) => t === times[0]).length).toBe(19);
    for (let i = 0; i < times.length; i += 1) {
      const inWindow = times.filter((t) => t > (times[i] as number) - 1000 && t <= (times[i] as number)).length;
      expect(inWindow).toBeLessThanOrEqual(19);
    }
    expect((times[56] as number) - (times[0] as number)).toBeLessThan(2100);
  });

  it('keeps a late-answered request in the window for a whole window from its answer', async () => {
    const clock = new FakeClock();
    const pacer = new RequestPacer({ limit: 1, windowMs: 1000 }, clock.now, clock.sleep, 1);
    const first = await pacer.acquire();
    // The request is answered 400 ms after it was sent: the service may have counted it then.
    clock.ms += 400;
    first();
    clock.ms += 700;
    // 1100 ms after it was sent, but only 700 ms after its answer: still no room.
    expect(pacer.waitMs()).toBe(301);
    const start = clock.ms;
    await pacer.acquire();
    expect(clock.ms - start).toBe(301);
  });

  it('reports how long the next request would wait without taking a place', async () => {
    const clock = new FakeClock();
    const pacer = new RequestPacer({ limit: 1, windowMs: 1000 }, clock.now, clock.sleep, 1);
    expect(pacer.waitMs()).toBe(0);
    await pacer.acquire();
    expect(pacer.waitMs()).toBe(1001);
  });
});

describe('backoffMs', () => {
  it('grows exponentially up to the cap, scaled by the jitter draw', () => {
    expect(backoffMs(0, () => 0.999)).toBe(199);
    expect(backoffMs(3, () => 0.5)).toBe(800);
    expect(backoffMs(20, () => 0.5)).toBe(5000);
    expect(backoffMs(5, () => 0)).toBe(0);
  });
});

describe('TimeBudget', () => {
  it('keeps a tenth of the timeout (3 s to 30 s) for answering', () => {
    const clock = new FakeClock();
    expect(TimeBudget.fromTimeout(60_000, clock.now).remainingMs()).toBe(54_000);
    expect(TimeBudget.fromTimeout(10_000, clock.now).remainingMs()).toBe(7_000);
    expect(TimeBudget.fromTimeout(900_000, clock.now).remainingMs()).toBe(870_000);
    const budget = TimeBudget.fromTimeout(10_000, clock.now);
    clock.ms += 7_000;
    expect(budget.allows()).toBe(false);
  });
});

describe('callWithRetry', () => {
  it('retries throttling until the call succeeds', async () => {
    const clock = new FakeClock();
    let calls = 0;
    const result = await callWithRetry(async () => {
      calls += 1;
      if (calls < 4) throw throttled();
      return 'done';
    }, { budget: TimeBudget.fromTimeout(60_000, clock.now), sleep: clock.sleep, random: () => 0.5 }, false);
    expect(result).toBe('done');
    expect(calls).toBe(4);
  });

  it('does not repeat a transient failure when a repeat could duplicate work', async () => {
    const clock = new FakeClock();
    let calls = 0;
    await expect(callWithRetry(async () => {
      calls += 1;
      throw transient();
    }, { budget: TimeBudget.fromTimeout(60_000, clock.now), sleep: clock.sleep, random: () => 0.5 }, false)).rejects.toMatchObject({ code: 'InternalError' });
    expect(calls).toBe(1);
  });

  it('gives up with BudgetExhausted, carrying the last error, when the budget runs out', async () => {
    const clock = new FakeClock();
    const budget = TimeBudget.fromTimeout(10_000, clock.now);
    const error = await callWithRetry(async () => {
      throw transient();
    }, { budget, sleep: clock.sleep, random: () => 0.99 }, true).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BudgetExhausted);
    expect((error as BudgetExhausted).lastError?.code).toBe('InternalError');
    expect(budget.remainingMs()).toBeGreaterThanOrEqual(0);
  });

  it('never retries permanent failures', async () => {
    const clock = new FakeClock();
    let calls = 0;
    const permanent = new CloudError({ service: 'cbs', action: 'X', code: 'InvalidSnapshotId.NotFound', message: 'no', errorClass: 'permanent' });
    await expect(callWithRetry(async () => {
      calls += 1;
      throw permanent;
    }, { budget: TimeBudget.fromTimeout(60_000, clock.now), sleep: clock.sleep, random: () => 0.5 }, true)).rejects.toBe(permanent);
    expect(calls).toBe(1);
  });
});

describe('copyClientToken', () => {
  it('is stable for the same pair, different for any other, ASCII and within 64 characters', () => {
    const a = copyClientToken('dr', 'cn-hangzhou', 's-1', 'cn-shanghai');
    expect(copyClientToken('dr', 'cn-hangzhou', 's-1', 'cn-shanghai')).toBe(a);
    expect(copyClientToken('dr', 'cn-hangzhou', 's-1', 'cn-beijing')).not.toBe(a);
    expect(copyClientToken('other', 'cn-hangzhou', 's-1', 'cn-shanghai')).not.toBe(a);
    expect(a).toMatch(/^[\x21-\x7e]{1,64}$/);
  });
});

describe('executePlan under a rate window longer than the budget', () => {
  it('defers what the window would hold past the budget instead of overrunning it', async () => {
    const { executePlan } = await import('../../shared/engine/execute');
    const { LineageReader } = await import('../../shared/engine/lineage');
    const { planCopies } = await import('../../shared/engine/plan');
    const { parsePolicy } = await import('../../shared/policy/load');
    const clock = new FakeClock();
    const rules = parsePolicy({ rules: [{ name: 'r', cloud: 'aliyun-ecs', sourceRegions: ['cn-hangzhou'], destinations: [{ region: 'cn-shanghai' }] }] }).rules;
    const sources = Array.from({ length: 30 }, (_, i) => ({
      cloud: 'aliyun-ecs' as const, snapshotId: `s-${i}`, region: 'cn-hangzhou', diskId: `d-${i}`, tags: {}, readiness: 'ready' as const,
      status: 'accomplished', createdAt: clock.ms - 1000, isCopy: false,
    }));
    const plan = planCopies({ rules, snapshots: sources, lineage: new LineageReader(rules), nowMs: clock.ms, capabilities: { oneCopyPerDiskAndDestination: true, retention: 'copy-parameter' } });
    let copies = 0;
    const driver = fakeDriver({
      copyLimit: { limit: 10, windowMs: 60_000 },
      listSnapshots: async () => [],
      copy: async (call) => {
        copies += 1;
        return [{ destinationRegion: call.destinations[0]!.destination.region, ok: true as const, copySnapshotId: `s-copy-${copies}` }];
      },
    });
    const budget = TimeBudget.fromTimeout(30_000, clock.now);
    const out = await executePlan(plan, { driver, budget, pacer: new RequestPacer(driver.copyLimit, clock.now, clock.sleep), sleep: clock.sleep, random: () => 0.5, now: clock.now, concurrency: 1 });
    // 95% of 10 per minute fit at once; the rest would wait a minute, past the 27 s budget.
    expect(copies).toBe(9);
    expect(out.results.filter((r) => r.outcome === 'copied')).toHaveLength(9);
    expect(out.results.filter((r) => r.outcome === 'deferred' && r.budgetExhausted === true)).toHaveLength(21);
    expect(clock.ms - 1_700_000_000_000).toBeLessThan(27_000);
  });
});
