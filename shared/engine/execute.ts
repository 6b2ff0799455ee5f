import { CloudError } from '../clouds/cloud-error';
import { InputError } from '../errors';
import { redact } from '../clouds/redact';
import type { TimeBudget } from './budget';
import { BudgetExhausted, callWithRetry, type RetryDeps } from './call-with-retry';
import type { CloudDriver, CopyCall, CopyCallResult } from './cloud-driver';
import { outcomeOfError } from './outcome-of-error';
import type { RequestPacer, Sleep } from './pacer';
import type { Plan, PlannedCopy, PlannedDeadline } from './plan';
import { DEFAULT_CONCURRENCY, pool } from './pool';
import { pairResult, type ChoreResult, type Outcome, type PairDetails, type ReplicationResult } from './result';

export interface ExecuteDeps {
  driver: CloudDriver;
  budget: TimeBudget;
  pacer: RequestPacer;
  sleep: Sleep;
  random: () => number;
  now: () => number;
  /** Copy calls in flight at once. */
  concurrency?: number;
  onRetry?: RetryDeps['onRetry'];
}

const DAY_MS = 86_400_000;

/** Groups planned copies into calls: one per copy (ECS), or one per source and name (ENS, CBS). */
export function groupIntoCalls(copies: readonly PlannedCopy[], destinationsPerCall: 'one' | 'many'): PlannedCopy[][] {
  if (destinationsPerCall === 'one') return copies.map((c) => [c]);
  const groups = new Map<string, PlannedCopy[]>();
  for (const c of copies) {
    // One call carries one name, so destinations only share a call when their names agree.
    const key = `${c.source.region}|${c.source.snapshotId}|${c.name}|${c.description ?? ''}`;
    const group = groups.get(key);
    if (group) group.push(c);
    else groups.set(key, [c]);
  }
  return [...groups.values()];
}

function copyResult(c: PlannedCopy, rest: PairDetails): ReplicationResult {
  return pairResult(c.rule.name, c.source, c.destination.region, rest);
}

/** What any failure of a call means: outcome, code and a (redacted) reason. */
export function failureOf(error: unknown): { outcome: Outcome; errorCode: string; reason: string } {
  if (error instanceof BudgetExhausted) {
    return { outcome: 'deferred', errorCode: error.lastError?.code ?? 'TimeBudgetExhausted', reason: 'time budget exhausted; the next run continues' };
  }
  if (error instanceof CloudError) return { outcome: outcomeOfError(error), errorCode: error.code, reason: error.message };
  if (error instanceof InputError) return { outcome: 'failed', errorCode: error.code, reason: error.message };
  return { outcome: 'failed', errorCode: 'InternalError', reason: redact(error instanceof Error ? error.message : String(error)) };
}

function failureResult(c: PlannedCopy, error: unknown): ReplicationResult {
  return copyResult(c, failureOf(error));
}

interface CallOutput {
  results: ReplicationResult[];
  chores: ChoreResult[];
}

async function runCall(group: PlannedCopy[], deps: ExecuteDeps): Promise<CallOutput> {
  const first = group[0] as PlannedCopy;
  const call: CopyCall = {
    source: first.source,
    destinations: group.map((c) => ({
      destination: c.destination,
      name: c.name,
      ...(c.description !== undefined ? { description: c.description } : {}),
      clientToken: c.clientToken,
    })),
  };
  // A template that expanded badly or a bad manual id fails the pair here, with no API call.
  const problems = deps.driver.validate(call);
  if (problems.length > 0) {
    const error = new InputError('InvalidInput', problems);
    return { results: group.map((c) => failureResult(c, error)), chores: [] };
  }
  let answers: CopyCallResult[];
  try {
    answers = await callWithRetry(
      async () => {
        // Waiting for the rate window must not outlast the budget (ECS's window is a minute long).
        if (!deps.budget.allows(deps.pacer.waitMs())) throw new BudgetExhausted();
        const answered = await deps.pacer.acquire();
        try {
          return await deps.driver.copy(call);
        } finally {
          answered();
        }
      },
      deps,
      deps.driver.copyRetrySafe,
    );
  } catch (error) {
    return { results: group.map((c) => failureResult(c, error)), chores: [] };
  }
  const results: ReplicationResult[] = [];
  const deadlines: PlannedDeadline[] = [];
  for (const c of group) {
    const answer = answers.find((a) => a.destinationRegion === c.destination.region);
    if (!answer) {
      results.push(copyResult(c, { outcome: 'deferred', errorCode: 'NoAnswer', reason: 'the service did not answer for this destination' }));
    } else if (answer.ok) {
      results.push(copyResult(c, { outcome: 'copied', copySnapshotId: answer.copySnapshotId, ...(answer.note ? { reason: answer.note } : {}) }));
      if (deps.driver.setDeadline && c.destination.retentionDays !== undefined) {
        deadlines.push({ rule: c.rule.name, region: c.destination.region, snapshotId: answer.copySnapshotId, deadlineMs: deps.now() + c.destination.retentionDays * DAY_MS });
      }
    } else {
      results.push(failureResult(c, answer.error));
    }
  }
  return { results, chores: await applyDeadlines(deadlines, deps) };
}

/** Sets a CBS copy's deadline; a failure is reported and the next sweep tries again. */
async function applyDeadline(d: PlannedDeadline, deps: ExecuteDeps): Promise<ChoreResult> {
  const base = { kind: 'retention', rule: d.rule, region: d.region, snapshotId: d.snapshotId } as const;
  const setDeadline = deps.driver.setDeadline;
  if (!setDeadline) return { ...base, outcome: 'failed', reason: 'this cloud keeps no deadline' };
  try {
    await callWithRetry(() => setDeadline.call(deps.driver, d.region, d.snapshotId, d.deadlineMs), deps, true);
    return { ...base, outcome: 'done', reason: `deadline ${new Date(d.deadlineMs).toISOString()}` };
  } catch (error) {
    const failed = failureOf(error);
    return { ...base, outcome: failed.outcome === 'failed' ? 'failed' : 'deferred', errorCode: failed.errorCode, reason: failed.reason };
  }
}

/** Deadlines are independent of each other; applyDeadline never throws, so each gets its own result. */
function applyDeadlines(deadlines: readonly PlannedDeadline[], deps: ExecuteDeps): Promise<ChoreResult[]> {
  return pool(deadlines, deps.concurrency ?? DEFAULT_CONCURRENCY, (d) => applyDeadline(d, deps));
}

/** Carries out a plan: copies within the rate limit and time budget, then missing deadlines. */
export async function executePlan(plan: Plan, deps: ExecuteDeps): Promise<CallOutput> {
  const calls = groupIntoCalls(plan.copies, deps.driver.destinationsPerCall);
  const outputs = await pool(calls, deps.concurrency ?? DEFAULT_CONCURRENCY, (group) => runCall(group, deps));
  const chores = [...outputs.flatMap((o) => o.chores), ...(await applyDeadlines(plan.deadlines, deps))];
  return { results: [...plan.decided, ...outputs.flatMap((o) => o.results)], chores };
}
