/**
 * Which account a run acts in, and which accounts a sweep fans out to. A rule without `accounts`
 * replicates the function's own account; one with `accounts` replicates each of those, each in an
 * invocation of its own (the fan-out), through the account's role:
 * - events are the function's own account's (its snapshots, its event bus): its own rules;
 * - a sweep without `account` (a timer tick, a manual sweep) runs the own rules here and dispatches one
 *   sweep per account the rules name; a sweep with `account` runs that account's rules;
 * - a manual copy acts in its `account`, or in the function's own.
 */
import { invalidInput } from '../contracts/errors';
import type { Account, Policy, Rule } from '../contracts/policy';
import type { SweepRequest, Trigger } from '../contracts/requests';

export interface AccountScope {
  /** The account to act in through its role; unset: the function's own. */
  account?: Account;
  /** The rules this run acts on. */
  rules: Rule[];
  /** The accounts to dispatch a sweep of each to. */
  fanOut: Account[];
}

const ownRules = (rules: readonly Rule[]): Rule[] => rules.filter((r) => r.accounts === undefined);

function accountNamed(policy: Policy, name: string): Account {
  const account = policy.accounts?.find((a) => a.name === name && policy.rules.some((r) => r.accounts?.includes(name)));
  if (!account) {
    const known = [...new Set(policy.rules.flatMap((r) => r.accounts ?? []))];
    throw invalidInput('account', `must name an account this function's rules replicate (${known.join(', ') || 'none'})`, name);
  }
  return account;
}

function sweepScope(request: SweepRequest, policy: Policy): AccountScope {
  const asked = policy.rules.filter((r) => !request.rules || request.rules.includes(r.name));
  if (request.account !== undefined) {
    const account = accountNamed(policy, request.account);
    return { account, rules: asked.filter((r) => r.accounts?.includes(account.name)), fanOut: [] };
  }
  const names = new Set(asked.flatMap((r) => r.accounts ?? []));
  return { rules: ownRules(asked), fanOut: (policy.accounts ?? []).filter((a) => names.has(a.name)) };
}

/** `policy` holds this function's cloud's rules only. */
export function accountScope(trigger: Trigger, policy: Policy): AccountScope {
  switch (trigger.kind) {
    case 'event':
      return { rules: ownRules(policy.rules), fanOut: [] };
    case 'timer':
      return sweepScope(trigger.request, policy);
    case 'manual': {
      const request = trigger.request;
      if (request.action === 'sweep') return sweepScope(request, policy);
      if (request.account === undefined) return { rules: ownRules(policy.rules), fanOut: [] };
      const account = accountNamed(policy, request.account);
      return { account, rules: policy.rules.filter((r) => r.accounts?.includes(account.name)), fanOut: [] };
    }
  }
}

/** The payload of one account's sweep, as the fan-out sends it: the parent's rules and dry run, and its tick. */
export function childSweep(account: Account, request: SweepRequest, tick: string | undefined): SweepRequest {
  return {
    action: 'sweep',
    account: account.name,
    ...(request.rules ? { rules: request.rules } : {}),
    ...(request.dryRun ? { dryRun: true } : {}),
    ...(tick ? { tick } : {}),
  };
}
