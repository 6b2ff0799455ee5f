import { SERVICE_NAMES } from './service';

/**
 * A per-action limit in real time, as the services enforce it: at most `limit` calls per
 * `windowSeconds`, counted for each account apart (the real limits are per account).
 */
export interface RateLimit {
  limit: number;
  windowSeconds: number;
}

/** Keyed `service.Action`, e.g. `ecs.CopySnapshot`. */
export type RateLimitTable = Record<string, RateLimit>;

/**
 * The documented limits: ECS CopySnapshot 1000 per 60 s, CBS CopySnapshotCrossRegions 20 per s
 * (docs/api-facts.md), Tencent STS AssumeRole 600 per s (https://www.tencentcloud.com/document/product/1150/49456).
 */
const DOCUMENTED_LIMITS: Readonly<RateLimitTable> = {
  'ecs.CopySnapshot': { limit: 1000, windowSeconds: 60 },
  'cbs.CopySnapshotCrossRegions': { limit: 20, windowSeconds: 1 },
  'tencent-sts.AssumeRole': { limit: 600, windowSeconds: 1 },
};

const KEY = new RegExp(`^(${SERVICE_NAMES.join('|')})\\.[A-Za-z]+$`);

/** Sliding-window log: exact, and cheap at these rates. */
export class RateLimiter {
  private limits: RateLimitTable = { ...DOCUMENTED_LIMITS };
  private log = new Map<string, number[]>();

  configure(table: RateLimitTable, replace = false): RateLimitTable {
    for (const [key, value] of Object.entries(table)) {
      if (!KEY.test(key)) throw new RangeError(`rate limit key ${key} must look like ecs.CopySnapshot (services: ${SERVICE_NAMES.join(', ')})`);
      if (!value || !Number.isInteger(value.limit) || value.limit < 0 || !(value.windowSeconds > 0)) {
        throw new RangeError(`rate limit ${key} needs an integer limit >= 0 and windowSeconds > 0`);
      }
    }
    this.limits = replace ? { ...table } : { ...this.limits, ...table };
    this.log.clear();
    return this.current();
  }

  current(): RateLimitTable {
    return { ...this.limits };
  }

  reset(): void {
    this.limits = { ...DOCUMENTED_LIMITS };
    this.log.clear();
  }

  /**
   * Records the call of `account` and answers whether it is within the limit (a refused call does not
   * count). Each account has its own count.
   */
  admit(key: string, account = '', nowMs = Date.now()): boolean {
    const limit = this.limits[key];
    if (!limit) return true;
    const logKey = `${account}\n${key}`;
    const windowStart = nowMs - limit.windowSeconds * 1000;
    const times = (this.log.get(logKey) ?? []).filter((t) => t > windowStart);
    if (times.length >= limit.limit) {
      this.log.set(logKey, times);
      return false;
    }
    times.push(nowMs);
    this.log.set(logKey, times);
    return true;
  }
}
