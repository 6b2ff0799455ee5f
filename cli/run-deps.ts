import { TimeBudget } from '../shared/engine/budget';
import type { CloudDriver } from '../shared/contracts/driver';
import { edgeChores } from '../shared/engine/edge-chores';
import { realSleep } from '../shared/engine/pacer';
import type { RunDeps } from '../shared/engine/replicate';
import type { Policy } from '../shared/contracts/policy';
import type { CloudKind } from '../shared/contracts/snapshot';
/**
 * A person at a terminal can wait longer than a function may run, but not forever: throttling and
 * 5xx are retried for up to 15 minutes, then the work is answered as deferred (or the listing fails).
 */
const CLI_BUDGET_MS = 15 * 60_000;

export function cliRunDeps(policy: Policy, driverFor: (cloud: CloudKind) => CloudDriver): RunDeps {
  // The command line serves every cloud, so it plans ENS upkeep too (a no-op for the others' rules).
  return { policy, driverFor, budget: TimeBudget.fromTimeout(CLI_BUDGET_MS), now: Date.now, sleep: realSleep, random: Math.random, sweepChores: edgeChores };
}
