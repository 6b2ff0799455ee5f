/**
 * A command's work done in each account it covers: the caller's own with the caller's credentials,
 * every other through its role. Accounts run side by side (each account's API limits are its own),
 * at most DEFAULT_CONCURRENCY at once: that also keeps the keys in use at once well within what the
 * redaction registry holds (MAX_SECRETS), so every key in use stays masked.
 *
 * When the policy names accounts, a cloud failure (a role that cannot be assumed, a service that
 * refuses, the time limit) costs only the account it happened in: the others are still reported, and
 * the command ends with that failure's exit code (3). Bad input or configuration ends the command,
 * whichever account meets it first: it would be the same for every account.
 */
import type { CloudDriver } from '../shared/contracts/driver';
import { answerError, failureOf, type Failure } from '../shared/contracts/failure';
import type { AnswerError } from '../shared/contracts/results';
import type { CloudKind } from '../shared/contracts/snapshot';
import type { TimeBudget } from '../shared/engine/budget';
import { realSleep } from '../shared/engine/pacer';
import { DEFAULT_CONCURRENCY, pool } from '../shared/engine/pool';
import { accountRoles } from './account-drivers';
import type { AccountTarget } from './account-targets';
import { cloudDrivers, type Drivers } from './drivers';
import { EXIT, EXIT_FOR_FAILURE, type ExitCode } from './exit-codes';
import { noteAboveProgress } from './progress';
import { retryReporter } from './retry-report';
import type { CommandLimits } from './time-limit';

type Env = Record<string, string | undefined>;

export interface AccountWork {
  target: AccountTarget;
  driverFor(cloud: CloudKind): CloudDriver;
  /** The command's time limit (shared by every account), and retries reported naming the account. */
  limits: CommandLimits;
}

export interface AccountRun<T> {
  target: AccountTarget;
  /** What the work answered; unset when the account failed. */
  value?: T;
  failure?: Failure;
  /** Where the credentials used came from, one line each (no secret). */
  credentialNotes: string[];
  /** STS requests it took to reach the account. */
  stsCalls: number;
}

export interface AcrossAccountsOptions {
  env: Env;
  budget: TimeBudget;
  /** Report a cloud failure in its account and go on (the policy names accounts), or end the command with it. */
  isolate: boolean;
  /** Sees every driver once, as it is made (the command's progress and listing records). */
  wrap?: (target: AccountTarget, driver: CloudDriver) => CloudDriver;
}

function notes(target: AccountTarget, drivers: Drivers): string[] {
  const sources = [...new Set(Object.values(drivers.credentialSources))];
  return sources.map((s) => (target.account ? `account ${target.account.name}: ${s}` : `credentials: ${s}`));
}

export async function acrossAccounts<T>(targets: readonly AccountTarget[], options: AcrossAccountsOptions, work: (w: AccountWork) => Promise<T>): Promise<AccountRun<T>[]> {
  const roles = accountRoles(options.env);
  return pool(targets, DEFAULT_CONCURRENCY, async (target): Promise<AccountRun<T>> => {
    const name = target.account?.name;
    // A retry line says which account it was in; the caller's own lines read as they always did.
    const onRetry = retryReporter(name === undefined ? {} : { write: (line) => noteAboveProgress(`account ${name}: ${line}`) });
    const limits: CommandLimits = { budget: options.budget, onRetry };
    const wrap = (driver: CloudDriver): CloudDriver => (options.wrap ? options.wrap(target, driver) : driver);
    let drivers: Drivers | undefined;
    let stsCalls = 0;
    try {
      if (target.account) {
        const reached = await roles.reach(target.account, { budget: options.budget, sleep: realSleep, random: Math.random, onRetry }, wrap);
        drivers = reached.drivers;
        stsCalls = reached.calls;
      } else {
        drivers = cloudDrivers(options.env, wrap);
      }
      const value = await work({ target, driverFor: drivers.driverFor, limits });
      return { target, value, credentialNotes: notes(target, drivers), stsCalls };
    } catch (error) {
      const failure = failureOf(error);
      if (!options.isolate || (failure.kind !== 'cloud' && failure.kind !== 'budget')) throw error;
      return { target, failure, credentialNotes: drivers ? notes(target, drivers) : [], stsCalls };
    }
  });
}

/** A failed account's error, as the functions answer a failed run. */
export function runError(run: AccountRun<unknown>): AnswerError | undefined {
  return run.failure ? answerError(run.failure) : undefined;
}

/** The exit code: a failed account's (3), else 1 when the work found problems, else 0. */
export function exitForRuns(runs: ReadonlyArray<AccountRun<unknown>>, problems: boolean): ExitCode {
  const failed = runs.find((r) => r.failure !== undefined)?.failure;
  if (failed) return EXIT_FOR_FAILURE[failed.kind];
  return problems ? EXIT.problems : EXIT.ok;
}

/**
 * One account's part of a JSON answer: `account` (and its role) for another account, none for the
 * caller's own, as the functions' answers name an account's run and leave the own run unnamed. `ok`
 * is false for a failed account; `fields` may hold the `ok` of one that was reached.
 */
export function accountJson(run: AccountRun<unknown>, fields: Record<string, unknown>): Record<string, unknown> {
  const error = runError(run);
  const account = run.target.account;
  return { ...(account ? { account: account.name, roleArn: account.roleArn } : {}), ok: error === undefined, ...fields, ...(error ? { ok: false, error } : {}) };
}

/** An entry of the output, labelled with its account (unlabelled: the caller's own). */
export function labelled<T extends object>(target: AccountTarget, entry: T): T & { account?: string } {
  return target.account ? { account: target.account.name, ...entry } : entry;
}

/** The text line of a failed account. */
export function failedText(run: AccountRun<unknown>): string {
  const error = runError(run);
  return error ? `failed with ${error.code}: ${error.message}` : '';
}
