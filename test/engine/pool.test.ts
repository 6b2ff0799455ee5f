import { describe, expect, it } from 'vitest';
import { pool } from '../../shared/engine/pool';

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('pool', () => {
  it('keeps at most `limit` tasks in flight and answers in the order of the items', async () => {
    let inFlight = 0;
    let most = 0;
    const out = await pool([5, 1, 4, 2, 3], 2, async (n) => {
      most = Math.max(most, ++inFlight);
      for (let i = 0; i < n; i++) await tick();
      inFlight -= 1;
      return n * 10;
    });
    expect(out).toEqual([50, 10, 40, 20, 30]);
    expect(most).toBe(2);
  });

  it('starts no new task after one fails, and rejects with that failure', async () => {
    const started: number[] = [];
    const run = pool([1, 2, 3, 4, 5, 6], 2, async (n) => {
      started.push(n);
      await tick();
      if (n === 2) throw new Error('region 2 refused');
      return n;
    });
    await expect(run).rejects.toThrow('region 2 refused');
    expect(started).toEqual([1, 2, 3]);
  });

  it('answers an empty list without calling the task', async () => {
    expect(await pool([], 4, () => Promise.reject(new Error('not called')))).toEqual([]);
  });
});
