import type { CloudDriver } from '../contracts/driver';
import { CloudError, InputError } from '../contracts/errors';
import { failureOf } from '../contracts/failure';
import type { Logger } from '../contracts/logger';
import type { Policy } from '../contracts/policy';
import type { SweepRequest, Trigger } from '../contracts/requests';
import type { Answer, Dispatch, RunReport } from '../contracts/results';
import type { CloudKind } from '../contracts/snapshot';
import { TimeBudget } from '../engine/budget';
import { realSleep } from '../engine/pacer';
import { runEvents, runManualCopy, runSweep, type RunDeps } from '../engine/replicate';
import type { SweepChores } from '../engine/sweep-chores';
import { failureNotifier, type Notify } from '../notify/notifier';
import { loadPolicy } from '../policy/load';
import { policySource } from '../policy/policy-source';
import type { AccountAccess } from './account-access';
import { accountScope, childSweep, type AccountScope } from './account-scope';
import { answerFromError, answerFromReport } from './answer';
import { withFields } from './logger';
import { fanOut, type InvokeSelf } from './fan-out';
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
  /** Other accounts of the policy, through their roles. */
  accounts: AccountAccess;
  /** This very function, invoked asynchronously (the fan-out); throws InvalidConfiguration when it cannot tell where it runs. */
  invokeSelf(env: Env): InvokeSelf;
}

/** Thrown after the answer is logged, so the platform's async retry runs (copies are idempotent). */
class RetryableFailure extends Error {
  override readonly name = 'RetryableFailure';
}

function onlyThisCloud(policy: Policy, cloud: CloudKind): Policy {
  const rules = policy.rules.filter((r) => r.cloud === cloud);
  return { rules, ...(policy.accounts ? { accounts: policy.accounts } : {}) };
}

/** The sweep a trigger asks for, if it asks for one. */
function sweepOf(trigger: Trigger): SweepRequest | undefined {
  if (trigger.kind === 'timer') return trigger.request;
  if (trigger.kind === 'manual' && trigger.request.action === 'sweep') return trigger.request;
  return undefined;
}

/** What is left of a credential's life must outlast the whole run (the platform's timeout) with a minute to spare. */
const validFor = (timeoutMs: number): number => timeoutMs + 60_000;

/**
 * The run, in the function's own account or through an account's role. Kept credentials that the
 * cloud refuses (expired by its clock, which may run ahead of ours; a session revoked) are assumed
 * afresh once and the run repeated: nothing it did is lost or doubled, as with any repeated run.
 */
async function runInScope(trigger: Trigger, scope: AccountScope, deps: Omit<RunDeps, 'driverFor'>, inv: Invocation, accountCalls: { n: number }): Promise<RunReport> {
  const { account } = scope;
  let kept = false;
  const attempt = async (): Promise<RunReport> => {
    let driver: CloudDriver;
    if (account) {
      const reached = await inv.accounts.driver(account, inv.env, validFor(inv.timeoutMs));
      accountCalls.n += reached.calls;
      kept = reached.calls === 0;
      driver = reached.driver;
    } else {
      driver = inv.driver(inv.env);
    }
    const driverFor = (cloud: CloudKind): CloudDriver => {
      if (cloud !== inv.cloud) throw new InputError('InvalidInput', [{ field: 'cloud', rule: `must be ${inv.cloud} for this function`, value: cloud }]);
      return driver;
    };
    return run(trigger, { ...deps, driverFor }, inv.cloud);
  };
  if (!account) return attempt();
  try {
    return await attempt();
  } catch (error) {
    if (!(kept && error instanceof CloudError && error.errorClass === 'auth')) throw error;
    inv.accounts.forget(account);
    return attempt();
  }
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

/** One line per hand-over to another account, an error when the platform did not take it. */
function logDispatches(logger: Logger, answer: Answer, requestId: string): void {
  for (const d of answer.dispatched ?? []) logger.log(d.outcome === 'dispatched' ? 'info' : 'error', { msg: 'dispatched', requestId, ...d });
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
  // Every line of a run in another account names it.
  let account: string | undefined;
  let logger = inv.logger;
  // The hand-overs to the other accounts, kept in the answer whatever becomes of this account's own run.
  let dispatched: Dispatch[] | undefined;
  try {
    // Read first, so a failure of everything after it can still be reported.
    notify = failureNotifier({ env: inv.env, logger: inv.logger, cloud: inv.cloud });
    trigger = inv.parse(event);
    if (trigger.kind === 'timer' && trigger.ignoredText) logger.log('info', { msg: 'timer text ignored', requestId: inv.requestId, detail: trigger.ignoredText });
    // REPLICATION_POLICY, REPLICATION_POLICY_FILE or policy.json beside the bundle: exactly one.
    const source = policySource(inv.env);
    const policy = onlyThisCloud(loadPolicy(source.text, source.field), inv.cloud);
    const scope = accountScope(trigger, policy);
    if (scope.account) {
      account = scope.account.name;
      logger = withFields(inv.logger, { account });
    }
    // Only timer ticks fall on the grid that makes each alert told once; other runs report but do not
    // alert. A fan-out's child sweeps for its parent's tick.
    const sweep = sweepOf(trigger);
    const tickAt = trigger.kind === 'timer' ? started : sweep?.tick !== undefined ? Date.parse(sweep.tick) : undefined;
    const watch = tickAt !== undefined ? { watch: { ...watchConfig(inv.env, inv.cloud), tickAt } } : {};
    const budget = TimeBudget.fromTimeout(inv.timeoutMs);
    const deps = { policy: { ...policy, rules: scope.rules }, budget, now: Date.now, sleep: realSleep, random: Math.random, sweepChores: inv.sweepChores, ...watch };
    // The hand-overs run beside this account's own sweep: a platform slow to take them costs the own
    // rules no time, and the children start while this one runs. fanOut answers every account, never throws.
    let dispatching: Promise<Dispatch[]> | undefined;
    if (sweep && scope.fanOut.length > 0) {
      const invokeSelf = inv.invokeSelf(inv.env);
      const tick = trigger.kind === 'timer' ? new Date(started).toISOString() : sweep.tick;
      dispatching = fanOut(scope.fanOut, (a) => childSweep(a, sweep, tick), invokeSelf, { budget, sleep: realSleep, random: Math.random });
    }
    const accountCalls = { n: 0 };
    let report: RunReport;
    try {
      report = await runInScope(trigger, scope, deps, inv, accountCalls);
    } finally {
      dispatched = await dispatching;
    }
    answer = answerFromReport(trigger.kind, { ...report, apiCalls: report.apiCalls + accountCalls.n }, Date.now() - started);
    if (account) answer.account = account;
    if (dispatched) answer.dispatched = dispatched;
  } catch (error) {
    answer = answerFromError(error, trigger?.kind);
    if (account) answer.account = account;
    if (dispatched) answer.dispatched = dispatched;
    const level = error instanceof InputError ? 'warn' : 'error';
    logger.log(level, { msg: 'invocation failed', requestId: inv.requestId, trigger: trigger?.kind, error: answer.error });
    logDispatches(logger, answer, inv.requestId);
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
    if (r.outcome !== 'already-copied') logger.log(r.outcome === 'failed' ? 'error' : 'info', { msg: 'result', requestId: inv.requestId, ...r });
  }
  for (const c of answer.chores ?? []) logger.log(c.outcome === 'failed' ? 'error' : 'info', { msg: 'chore', requestId: inv.requestId, ...c });
  // Every sweep logs every breach and stuck copy, so a log alarm can count them; the webhook hears each once.
  for (const c of answer.coverage ?? []) if (c.breached) logger.log('warn', { msg: 'rpo-breach', requestId: inv.requestId, ...c });
  for (const s of answer.stuckCopies ?? []) logger.log('warn', { msg: 'stuck-copy', requestId: inv.requestId, ...s });
  logDispatches(logger, answer, inv.requestId);
  // A batch says how many events it carried, so a summary with deferred pairs reads as "the sweep finishes these".
  const events = trigger?.kind === 'event' ? { events: trigger.events.length } : {};
  logger.log('info', { msg: 'summary', requestId: inv.requestId, trigger: answer.trigger, ...events, ...answer.summary });
  // Before a retry is asked for; never throws (a webhook that is down costs a warning).
  await notify?.(answer, inv.requestId);
  if (trigger && worthRetrying(trigger, answer)) {
    throw new RetryableFailure('some copies were deferred by transient failures: the platform will retry this event');
  }
  return answer;
}
