import type { CloudDriver, CopyCall, CopyCallResult } from '../contracts/driver';
import { BudgetExhausted, CloudError, InputError } from '../contracts/errors';
import { choreOutcome, failureFields, failureOf } from '../contracts/failure';
import type { ChoreResult, ReplicationResult } from '../contracts/results';
import type { TimeBudget } from './budget';
import { callWithRetry, type RetryDeps } from './call-with-retry';
import { confirmCopies } from './confirm-copies';
import type { RequestPacer, Sleep } from './pacer';
import type { Plan, PlannedCopy, PlannedDeadline } from './plan';
import { DEFAULT_CONCURRENCY, pool } from './pool';
import { pairResult, type PairDetails } from './result';
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
function groupIntoCalls(copies: readonly PlannedCopy[], destinationsPerCall: 'one' | 'many'): PlannedCopy[][] {
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

function failureResult(c: PlannedCopy, error: unknown): ReplicationResult {
  const failure = failureOf(error);
  return copyResult(c, { outcome: failure.outcome, ...failureFields(failure) });
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
          // After the wait, the call may take what is left of the budget.
          return await deps.driver.copy(call, { timeoutMs: deps.budget.remainingMs() });
        } finally {
          answered();
        }
      },
      deps,
      deps.driver.capabilities.copyRetrySafe,
    );
  } catch (error) {
    // A call for many destinations refused for good may be refused for one of them (a node that does
    // not exist): each destination is tried on its own, so the others still get their copy. A refusal
    // did nothing, so trying again cannot copy twice.
    if (group.length > 1 && error instanceof CloudError && failureOf(error).outcome === 'failed') {
      const alone = await pool(group, 1, (c) => runCall([c], deps));
      return { results: alone.flatMap((o) => o.results), chores: alone.flatMap((o) => o.chores) };
    }
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
      if (deps.driver.capabilities.retention === 'deadline' && c.destination.retentionDays !== undefined) {
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
  try {
    await callWithRetry((limits) => deps.driver.setDeadline(d.region, d.snapshotId, d.deadlineMs, limits), deps, true);
    return { ...base, outcome: 'done', reason: `deadline ${new Date(d.deadlineMs).toISOString()}` };
  } catch (error) {
    const failure = failureOf(error);
    return { ...base, outcome: choreOutcome(failure), ...failureFields(failure) };
  }
}

/** Deadlines are independent of each other; applyDeadline never throws, so each gets its own result. */
function applyDeadlines(deadlines: readonly PlannedDeadline[], deps: ExecuteDeps): Promise<ChoreResult[]> {
  return pool(deadlines, deps.concurrency ?? DEFAULT_CONCURRENCY, (d) => applyDeadline(d, deps));
}

/** Carries out a plan: copies within the rate limit and time budget, then missing deadlines. */
export async function executePlan(plan: Plan, deps: ExecuteDeps): Promise<CallOutput> {
  const calls = groupIntoCalls(plan.copies, deps.driver.capabilities.destinationsPerCall);
  const outputs = await pool(calls, deps.concurrency ?? DEFAULT_CONCURRENCY, (group) => runCall(group, deps));
  let results = outputs.flatMap((o) => o.results);
  if (deps.driver.capabilities.answersMayNameGoneCopies) {
    // Each call carries one copy here, so calls and their results line up.
    const items = calls.flatMap((group, i) => group.map((copy, j) => ({ copy, result: outputs[i]?.results[j] as ReplicationResult })));
    results = await confirmCopies(items, deps.driver, deps, async (copy) => (await runCall([copy], deps)).results[0] as ReplicationResult);
  }
  const chores = [...outputs.flatMap((o) => o.chores), ...(await applyDeadlines(plan.deadlines, deps))];
  return { results: [...plan.decided, ...results], chores };
}
