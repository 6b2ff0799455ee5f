import { InputError } from '../shared/contracts/errors';
import { MAX_POLICY_BYTES, parsePolicy } from '../shared/policy/load';
import type { Policy } from '../shared/contracts/policy';
import { parseJsonText, readTextFile, TextInputError } from './text-input';

/**
 * A policy file, checked exactly as the functions check REPLICATION_POLICY: every problem is an
 * InputError naming the bad field's path (`rules[0].destinations[1].retentionDays`). The file may be
 * UTF-8 with or without a byte order mark, or UTF-16 with one.
 */
export function readPolicyFile(path: string): Policy {
  let parsed: unknown;
  try {
    parsed = parseJsonText(readTextFile(path, MAX_POLICY_BYTES));
  } catch (error) {
    if (!(error instanceof TextInputError)) throw error;
    if (error.kind === 'unreadable') throw new InputError('InvalidConfiguration', [{ field: path, rule: error.rule }]);
    throw new InputError('InvalidPolicy', [{ field: '(file)', rule: error.rule }]);
  }
  return parsePolicy(parsed);
}

/** The named rules must exist: a typo in --rule would otherwise plan nothing and say nothing. */
export function checkRuleNames(policy: Policy, names: readonly string[] | undefined): void {
  const known = new Set(policy.rules.map((r) => r.name));
  const unknown = (names ?? []).filter((n) => !known.has(n));
  if (unknown.length === 0) return;
  throw new InputError(
    'InvalidInput',
    unknown.map((n) => ({ field: '--rule', rule: `names no rule of the policy (rules: ${[...known].join(', ') || 'none'})`, value: n })),
  );
}
