import { readFileSync } from 'node:fs';
import { InputError } from '../shared/contracts/errors';
import { MAX_POLICY_BYTES, parsePolicy } from '../shared/policy/load';
import type { Policy } from '../shared/contracts/policy';
/**
 * A policy file, checked exactly as the functions check REPLICATION_POLICY: every problem is an
 * InputError naming the bad field's path (`rules[0].destinations[1].retentionDays`).
 */
export function readPolicyFile(path: string): Policy {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = error !== null && typeof error === 'object' && 'code' in error ? String(error.code) : 'unreadable';
    throw new InputError('InvalidConfiguration', [{ field: path, rule: `cannot be read (${code})` }]);
  }
  if (text.length > MAX_POLICY_BYTES) throw new InputError('InvalidPolicy', [{ field: '(file)', rule: `must be at most ${MAX_POLICY_BYTES} bytes`, value: text.length }]);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new InputError('InvalidPolicy', [{ field: '(file)', rule: `must be valid JSON: ${error instanceof Error ? error.message : String(error)}` }]);
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
