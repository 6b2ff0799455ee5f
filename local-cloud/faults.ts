import { SeededRandom } from './random';
import type { ModelFaults } from './service';

/** `POST /_admin/faults`: each rate is a chance from 0 to 1, drawn from one generator started at `seed`. */
export interface FaultConfig {
  /** That an API call is refused as throttled. */
  throttleRate: number;
  /** That an API call fails with InternalError or ServiceUnavailable. */
  errorRate: number;
  /** That an API call's answer never comes (the client times out). */
  timeoutRate: number;
  /** That one destination of a multi-destination copy is not started (ENS UnAllocationId, CBS per-region failure). */
  partialRate: number;
  /**
   * That a copy the service accepted later fails in its destination when it would have finished: ECS
   * `failed`, ENS `error`, CBS gone (CBS has no failed state: the copy disappears).
   */
  copyFailRate: number;
  /**
   * Deterministic lost answers, keyed `service.Action` (`ecs.CopySnapshot`): how many of that action's
   * next calls are carried out and then never answered (the client times out). Counted down as calls
   * come; drawn before, and apart from, the seeded faults.
   */
  lostAnswers: Record<string, number>;
  seed: number;
  /** When set, only calls routed to these accounts get faults; every account does when left out. */
  accounts?: string[];
}

/** What `POST /_admin/faults` takes: any of the settings; `accounts: null` puts every account back under the faults. */
export type FaultChanges = Partial<Omit<FaultConfig, 'accounts'>> & { accounts?: string[] | null };

const RATES = ['throttleRate', 'errorRate', 'timeoutRate', 'partialRate', 'copyFailRate'] as const;

const NO_FAULTS: FaultConfig = { throttleRate: 0, errorRate: 0, timeoutRate: 0, partialRate: 0, copyFailRate: 0, lostAnswers: {}, seed: 1 };

const SERVICE_ACTION = /^(ecs|ens|cbs)\.[A-Za-z]+$/;

function checkLostAnswers(value: unknown): Record<string, number> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new RangeError('lostAnswers must be an object keyed service.Action');
  const out: Record<string, number> = {};
  for (const [key, count] of Object.entries(value)) {
    if (!SERVICE_ACTION.test(key)) throw new RangeError(`lostAnswers key ${key} must look like ecs.CopySnapshot`);
    if (typeof count !== 'number' || !Number.isInteger(count) || count < 0) throw new RangeError(`lostAnswers.${key} must be a whole number of calls`);
    if (count > 0) out[key] = count;
  }
  return out;
}

/**
 * What happens to one call. A timeout holds the answer until the client gives up; when
 * `applied` is set the service did the work first, as a real service may before a reply is lost.
 */
export type CallFault =
  | { kind: 'throttle' }
  | { kind: 'error'; code: 'InternalError' | 'ServiceUnavailable' }
  | { kind: 'timeout'; applied: boolean }
  | null;

export class FaultInjector {
  private config: FaultConfig = NO_FAULTS;
  private random = new SeededRandom(NO_FAULTS.seed);

  configure(partial: FaultChanges): FaultConfig {
    const { accounts, ...rest } = partial;
    const next: FaultConfig = { ...this.config, ...rest };
    if (accounts !== undefined) next.accounts = accounts ?? [];
    for (const key of Object.keys(partial)) {
      if (key !== 'seed' && key !== 'lostAnswers' && key !== 'accounts' && !(RATES as readonly string[]).includes(key)) {
        throw new RangeError(`${key} is not a fault the local cloud knows (${RATES.join(', ')}, lostAnswers, seed, accounts)`);
      }
    }
    // `accounts: null` (or an empty list) puts every account back under the faults.
    if (Array.isArray(next.accounts) && next.accounts.length === 0) delete next.accounts;
    if (next.accounts !== undefined) {
      if (!(Array.isArray(next.accounts) && next.accounts.every((a) => typeof a === 'string'))) throw new RangeError('accounts must be a list of account ids');
      next.accounts = [...next.accounts];
    }
    for (const key of RATES) {
      const rate = next[key];
      if (typeof rate !== 'number' || !(rate >= 0 && rate <= 1)) throw new RangeError(`${key} must be a number from 0 to 1`);
    }
    if (!Number.isInteger(next.seed)) throw new RangeError('seed must be an integer');
    next.lostAnswers = checkLostAnswers(next.lostAnswers);
    this.config = next;
    this.random = new SeededRandom(next.seed);
    return this.current();
  }

  current(): FaultConfig {
    return { ...this.config, lostAnswers: { ...this.config.lostAnswers }, ...(this.config.accounts ? { accounts: [...this.config.accounts] } : {}) };
  }

  reset(): void {
    this.configure({ ...NO_FAULTS, accounts: null });
  }

  private covers(accountId: string | undefined): boolean {
    const { accounts } = this.config;
    return accounts === undefined || (accountId !== undefined && accounts.includes(accountId));
  }

  /** Draws the fault for one API call (admin calls never get one): `service.Action` names it, routed to `accountId`. */
  drawCall(serviceAction: string, accountId?: string): CallFault {
    const lost = this.config.lostAnswers[serviceAction] ?? 0;
    if (lost > 0) {
      if (lost === 1) delete this.config.lostAnswers[serviceAction];
      else this.config.lostAnswers[serviceAction] = lost - 1;
      return { kind: 'timeout', applied: true };
    }
    const { throttleRate, errorRate, timeoutRate } = this.config;
    if (throttleRate + errorRate + timeoutRate === 0 || !this.covers(accountId)) return null;
    const roll = this.random.next();
    if (roll < throttleRate) return { kind: 'throttle' };
    if (roll < throttleRate + errorRate) {
      return { kind: 'error', code: this.random.next() < 0.5 ? 'InternalError' : 'ServiceUnavailable' };
    }
    if (roll < throttleRate + errorRate + timeoutRate) return { kind: 'timeout', applied: this.random.next() < 0.5 };
    return null;
  }

  /** The faults the models of one account draw: none when the faults are kept to other accounts. */
  forAccount(accountId: string): ModelFaults {
    return {
      // One destination of a multi-destination call fails (ENS UnAllocationId, CBS per-region failure).
      drawPartialFailure: () => this.covers(accountId) && this.random.chance(this.config.partialRate),
      // A copy being started will end failed instead of finished (drawn once, when it starts).
      drawCopyFailure: () => this.covers(accountId) && this.random.chance(this.config.copyFailRate),
    };
  }
}
