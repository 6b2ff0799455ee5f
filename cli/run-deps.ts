import type { CloudDriver } from '../shared/contracts/driver';
import { edgeChores } from '../shared/engine/edge-chores';
import { realSleep } from '../shared/engine/pacer';
import type { RunDeps } from '../shared/engine/replicate';
import type { Policy } from '../shared/contracts/policy';
import type { CloudKind } from '../shared/contracts/snapshot';
import type { CommandLimits } from './time-limit';

/**
 * A person at a terminal can wait longer than a function may run, but not forever: the command's
 * --timeout bounds every retry (see time-limit.ts), and each retry is reported as it happens.
 */
export function cliRunDeps(policy: Policy, driverFor: (cloud: CloudKind) => CloudDriver, limits: CommandLimits): RunDeps {
  // The command line serves every cloud, so it plans ENS upkeep too (a no-op for the others' rules).
  return { policy, driverFor, budget: limits.budget, onRetry: limits.onRetry, now: Date.now, sleep: realSleep, random: Math.random, sweepChores: edgeChores };
}
