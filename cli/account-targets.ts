/**
 * The accounts a command works in, as the functions divide a policy between them: a rule without
 * `accounts` is the caller's own account's; a rule with `accounts` is each of those accounts', reached
 * through the account's role. `--account NAME` keeps one account; without it, every account the
 * (chosen) rules name, and the caller's own when a chosen rule is its.
 */
import { accountCloudOf } from '../shared/policy/schema';
import { InputError } from '../shared/contracts/errors';
import type { Account, Policy, Rule } from '../shared/contracts/policy';
import type { CloudKind } from '../shared/contracts/snapshot';

export interface AccountTarget {
  /** The account reached through its role; unset: the caller's own. */
  account?: Account;
  /** The rules the command plans or reports here (after --rule). */
  rules: Rule[];
  /**
   * Every rule of this account, chosen or not: their copy names mark copies, as they do in the
   * functions' run of the account (a copy another rule made is still a copy).
   */
  scopeRules: Rule[];
}

const ownRules = (rules: readonly Rule[]): Rule[] => rules.filter((r) => r.accounts === undefined);
const rulesOf = (rules: readonly Rule[], name: string): Rule[] => rules.filter((r) => r.accounts?.includes(name));

/** Whether the policy divides its rules between accounts: then every output names the account of each line. */
export function hasAccounts(policy: Policy): boolean {
  return policy.accounts !== undefined;
}

/** The accounts the policy's rules replicate, in the policy's order (an account no rule names is never reached). */
function usedAccounts(policy: Policy): Account[] {
  return (policy.accounts ?? []).filter((a) => policy.rules.some((r) => r.accounts?.includes(a.name)));
}

/** The account `--account` names; an input error naming the accounts it could name, before any call. */
function accountNamed(policy: Policy, name: string): Account {
  const used = usedAccounts(policy);
  const account = used.find((a) => a.name === name);
  if (account) return account;
  const known = used.map((a) => a.name).join(', ') || 'none';
  throw new InputError('InvalidInput', [{ field: '--account', rule: `names no account the policy's rules replicate (accounts: ${known})`, value: name }]);
}

/** Where the command works, in order: the caller's own account first, then the policy's accounts. */
export function accountTargets(policy: Policy, opts: { account?: string; rule?: readonly string[] }): AccountTarget[] {
  const chosen = (rules: Rule[]): Rule[] => rules.filter((r) => !opts.rule || opts.rule.includes(r.name));
  if (opts.account !== undefined) {
    const account = accountNamed(policy, opts.account);
    const scopeRules = rulesOf(policy.rules, account.name);
    const rules = chosen(scopeRules);
    // A --rule that is not this account's would plan nothing and say nothing.
    const strangers = (opts.rule ?? []).filter((n) => !scopeRules.some((r) => r.name === n));
    if (strangers.length > 0) {
      throw new InputError(
        'InvalidInput',
        strangers.map((n) => ({ field: '--rule', rule: `is not a rule of account ${account.name} (its rules: ${scopeRules.map((r) => r.name).join(', ')})`, value: n })),
      );
    }
    return [{ account, rules, scopeRules }];
  }
  const targets: AccountTarget[] = [];
  const own = ownRules(policy.rules);
  if (chosen(own).length > 0) targets.push({ rules: chosen(own), scopeRules: own });
  for (const account of usedAccounts(policy)) {
    const scopeRules = rulesOf(policy.rules, account.name);
    if (chosen(scopeRules).length > 0) targets.push({ account, rules: chosen(scopeRules), scopeRules });
  }
  return targets;
}


/** The account a manual copy acts in (`copy --account`): one the policy's rules replicate, of the snapshot's cloud. */
export function copyTarget(policy: Policy, name: string, cloud: CloudKind): AccountTarget {
  const account = accountNamed(policy, name);
  if (account.cloud !== accountCloudOf(cloud)) {
    throw new InputError('InvalidInput', [{ field: '--account', rule: `is ${account.cloud === 'aliyun' ? 'an' : 'a'} ${account.cloud} account: ${cloud} snapshots live in ${accountCloudOf(cloud)} accounts`, value: name }]);
  }
  const scopeRules = rulesOf(policy.rules, account.name);
  return { account, rules: scopeRules, scopeRules };
}

/** A manual copy in the caller's own account: its rules mark copies, as in the functions. */
export function ownCopyTarget(policy: Policy): AccountTarget {
  const own = ownRules(policy.rules);
  return { rules: own, scopeRules: own };
}

/** How text output names a target. */
export function targetTitle(target: AccountTarget): string {
  return target.account ? `Account ${target.account.name} (${target.account.roleArn})` : 'Your own account';
}
