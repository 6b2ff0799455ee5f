/** The pairs worth waking someone for: refused for good, or deferred for longer than the limit. */
import type { Alert, Answer, Dispatch, ReplicationResult } from '../contracts/results';
export interface NotablePairs {
  failed: ReplicationResult[];
  /** Deferred while their source is older than the limit: the next runs have not caught up. */
  longDeferred: ReplicationResult[];
  /** Rules between two regions of which one could not be listed (failed or deferred): worth a message at once. */
  unavailable: ReplicationResult[];
  /** Upkeep refused for good: a deadline, a deletion or a scheduled snapshot the cloud will not take. */
  failedChores: NonNullable<Answer['chores']>;
  /** RPO breaches (begun, lasting, ended) and stuck copies this timer sweep tells of for the first time. */
  alerts: Alert[];
  /** Accounts whose sweep the platform refused to start (the fan-out). */
  failedDispatches: Dispatch[];
}

const HOUR_MS = 3_600_000;

/** A deferred pair whose source's age is unknown is not reported: its age cannot be told. */
function deferredTooLong(r: ReplicationResult, limitMs: number, nowMs: number): boolean {
  if (r.outcome !== 'deferred' || r.sourceCreatedAt === undefined) return false;
  const created = Date.parse(r.sourceCreatedAt);
  return Number.isFinite(created) && nowMs - created > limitMs;
}

export function notablePairs(answer: Pick<Answer, 'results' | 'chores' | 'alerts' | 'dispatched'>, deferredAfterHours: number, nowMs: number): NotablePairs {
  const limitMs = deferredAfterHours * HOUR_MS;
  const pairs = answer.results.filter((r) => r.regionUnavailable !== true);
  return {
    failed: pairs.filter((r) => r.outcome === 'failed'),
    longDeferred: pairs.filter((r) => deferredTooLong(r, limitMs, nowMs)),
    unavailable: answer.results.filter((r) => r.regionUnavailable === true),
    failedChores: (answer.chores ?? []).filter((c) => c.outcome === 'failed'),
    alerts: [...(answer.alerts ?? [])],
    failedDispatches: (answer.dispatched ?? []).filter((d) => d.outcome === 'failed'),
  };
}

export function hasNotable(pairs: NotablePairs): boolean {
  return pairs.failed.length > 0 || pairs.longDeferred.length > 0 || pairs.unavailable.length > 0 || pairs.failedChores.length > 0 || pairs.alerts.length > 0 || pairs.failedDispatches.length > 0;
}
