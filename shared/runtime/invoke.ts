import type { CloudDriver } from '../contracts/driver';
import { InputError } from '../contracts/errors';
import { failureOf } from '../contracts/failure';
import type { Logger } from '../contracts/logger';
import type { Policy } from '../contracts/policy';
import type { Trigger } from '../contracts/requests';
import type { Answer, RunReport } from '../contracts/results';
import type { CloudKind } from '../contracts/snapshot';
import { TimeBudget } from '../engine/budget';
import { realSleep } from '../engine/pacer';
import { runEvents, runManualCopy, runSweep, type RunDeps } from '../engine/replicate';
import type { SweepChores } from '../engine/sweep-chores';
import { failureNotifier, type Notify } from '../notify/notifier';
import { loadPolicy } from '../policy/load';
import { policySource } from '../policy/policy-source';
import { answerFromError, answerFromReport } from './answer';
import { watchConfig } from './watch-config';
type Env = Record<string, string | undefined>;

/** What a platform's handler hands over: how to read its events, and the clouds it may call. */
export interface Invocation {
  /** The one cloud this function serves. */
  cloud: CloudKind;
  parse(event: unknown): Trigger;
  /** Built only after the input is known to be good, so bad input never needs credentials. */
  driver(env: Env): CloudDriver;
  requestId: string;
  /** The platform's function timeout; the work stops early enough to answer. */
  timeoutMs: number;
  env: Env;
  logger: Logger;
  /** Upkeep this cloud's sweeps do beside the copies (ENS), if any. */
  sweepChores?: SweepChores;
}

/** Thrown after the answer is logged, so the platform's async retry runs (copies are idempotent). */
class RetryableFailure extends Error {
  override readonly name = 'RetryableFailure';
}

function onlyThisCloud(policy: Policy, cloud: CloudKind): Policy {
  return { rules: policy.rules.filter((r) => r.cloud === cloud) };
}

function run(trigger: Trigger, deps: RunDeps, cloud: CloudKind): Promise<RunReport> {
  switch (trigger.kind) {
    case 'event':
      return runEvents(trigger.events, deps, trigger.regionsToSweep);
    case 'timer':
      return runSweep(trigger.request, deps);
    case 'manual':
      if (trigger.request.action === 'sweep') return runSweep(trigger.request, deps);
      if (trigger.request.cloud !== cloud) {
        throw new InputError('InvalidInput', [{ field: 'cloud', rule: `must be ${cloud} for this function`, value: trigger.request.cloud }]);
      }
      return runManualCopy(trigger.request, deps);
  }
}

/** Whether an event run left work that a platform retry could finish. */
function worthRetrying(trigger: Trigger, answer: Answer): boolean {
  return trigger.kind === 'event' && answer.results.some((r) => r.outcome === 'deferred' && r.errorCode !== undefined);
}

/**
 * The whole life of one invocation: parse -> policy -> plan and execute -> answer -> log.
 * Bad input and bad policy are answered (ok: false) and never thrown: a retry cannot fix them.
 */
export async function invoke(event: unknown, inv: Invocation): Promise<Answer> {
  const started = Date.now();
  let trigger: Trigger | undefined;
  let answer: Answer;
  let notify: Notify | undefined;
  try {
    // Read first, so a failure of everything after it can still be reported.
    notify = failureNotifier({ env: inv.env, logger: inv.logger, cloud: inv.cloud });
    trigger = inv.parse(event);
    if (trigger.kind === 'timer' && trigger.ignoredText) inv.logger.log('info', { msg: 'timer text ignored', requestId: inv.requestId, detail: trigger.ignoredText });
    // REPLICATION_POLICY, REPLICATION_POLICY_FILE or policy.json beside the bundle: exactly one.
    const source = policySource(inv.env);
    const policy = onlyThisCloud(loadPolicy(source.text, source.field), inv.cloud);
    // Only timer ticks fall on the grid that makes each alert told once; other runs report but do not alert.
    const watch = trigger.kind === 'timer' ? { watch: watchConfig(inv.env, inv.cloud) } : {};
    const driver = inv.driver(inv.env);
    const deps: RunDeps = {
      policy,
      driverFor: (cloud) => {
        if (cloud !== inv.cloud) throw new InputError('InvalidInput', [{ field: 'cloud', rule: `must be ${inv.cloud} for this function`, value: cloud }]);
        return driver;
      },
      budget: TimeBudget.fromTimeout(inv.timeoutMs),
      now: Date.now,
      sleep: realSleep,
      random: Math.random,
      sweepChores: inv.sweepChores,
      ...watch,
    };
    answer = answerFromReport(trigger.kind, await run(trigger, deps, inv.cloud), Date.now() - started);
  } catch (error) {
    answer = answerFromError(error, trigger?.kind);
    const level = error instanceof InputError ? 'warn' : 'error';
    inv.logger.log(level, { msg: 'invocation failed', requestId: inv.requestId, trigger: trigger?.kind, error: answer.error });
    const failure = failureOf(error);
    if (trigger?.kind === 'event' && failure.retryable) {
      throw new RetryableFailure(`${answer.error?.code ?? 'transient failure'}: the platform will retry this event`);
    }
    // A bad event or payload is the caller's to see in the answer; a bad policy, bad configuration or a
    // cloud that refuses a timer run would otherwise fail in silence.
    const callersInput = error instanceof InputError && error.code === 'InvalidInput';
    if (!callersInput) await notify?.(answer, inv.requestId);
    return answer;
  }
  // Pairs already copied are only counted in the summary: a sweep over a settled account would
  // otherwise log every pair it holds on every tick.
  for (const r of answer.results) {
    if (r.outcome !== 'already-copied') inv.logger.log(r.outcome === 'failed' ? 'error' : 'info', { msg: 'result', requestId: inv.requestId, ...r });
  }
  for (const c of answer.chores ?? []) inv.logger.log(c.outcome === 'failed' ? 'error' : 'info', { msg: 'chore', requestId: inv.requestId, ...c });
  // Every sweep logs every breach and stuck copy, so a log alarm can count them; the webhook hears each once.
  for (const c of answer.coverage ?? []) if (c.breached) inv.logger.log('warn', { msg: 'rpo-breach', requestId: inv.requestId, ...c });
  for (const s of answer.stuckCopies ?? []) inv.logger.log('warn', { msg: 'stuck-copy', requestId: inv.requestId, ...s });
  // A batch says how many events it carried, so a summary with deferred pairs reads as "the sweep finishes these".
  const events = trigger?.kind === 'event' ? { events: trigger.events.length } : {};
  inv.logger.log('info', { msg: 'summary', requestId: inv.requestId, trigger: answer.trigger, ...events, ...answer.summary });
  // Before a retry is asked for; never throws (a webhook that is down costs a warning).
  await notify?.(answer, inv.requestId);
  if (trigger && worthRetrying(trigger, answer)) {
    throw new RetryableFailure('some copies were deferred by transient failures: the platform will retry this event');
  }
  return answer;
}
