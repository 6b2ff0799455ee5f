import { InvalidArgumentError, Option } from 'commander';
import { TimeBudget } from '../shared/engine/budget';
import type { RetryDeps } from '../shared/engine/call-with-retry';
import { retryReporter } from './retry-report';

/**
 * How long plan, status and copy keep at the clouds unless --timeout says otherwise: enough for
 * listings of many thousands of snapshots and a few rounds of throttling, short enough that a person
 * (or a cron check) hears about trouble in time. An endpoint that cannot be reached at all is given up
 * on within seconds whatever the limit (see retry-report.ts).
 */
const DEFAULT_TIMEOUT_SECONDS = 120;

function seconds(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0 || n > 86_400) throw new InvalidArgumentError('must be a number of seconds from 1 to 86400');
  return n;
}

/** `--timeout <seconds>`, the whole command's time limit. */
export function timeoutOption(): Option {
  return new Option('--timeout <seconds>', 'give up after this long: no new call or retry starts then (exit 3)').argParser(seconds).default(DEFAULT_TIMEOUT_SECONDS);
}

/** What a command's runs get from the command line: its time limit, and retries reported on stderr. */
export interface CommandLimits {
  budget: TimeBudget;
  onRetry: NonNullable<RetryDeps['onRetry']>;
}

export function commandLimits(opts: { timeout?: number }): CommandLimits {
  const ms = (opts.timeout ?? DEFAULT_TIMEOUT_SECONDS) * 1000;
  // All of it is the command's: unlike a function, the command answers the moment it stops.
  return { budget: new TimeBudget(Date.now() + ms), onRetry: retryReporter() };
}
