/**
 * The policy from the REPLICATION_POLICY environment variable (JSON text) or from a parsed value.
 * Any problem is an InputError('InvalidPolicy') listing every bad field by its path.
 */
import * as v from 'valibot';
import { type FieldProblem, InputError } from '../contracts/errors';
import { unsafeInputProblems } from '../validation/unsafe-input';
import { issuesToProblems } from './issues';
import { policySchema } from './schema';
import type { Policy } from '../contracts/policy';
export const POLICY_VARIABLE = 'REPLICATION_POLICY';

/** Far above any sensible policy (100 rules); refuses megabytes of JSON before parsing them. */
export const MAX_POLICY_BYTES = 256 * 1024;

function invalid(problems: FieldProblem[]): InputError {
  return new InputError('InvalidPolicy', problems);
}

export function parsePolicy(input: unknown): Policy {
  const unsafe = unsafeInputProblems(input);
  if (unsafe.length > 0) throw invalid(unsafe);
  const result = v.safeParse(policySchema, input);
  if (!result.success) throw invalid(issuesToProblems(result.issues));
  return result.output;
}

/**
 * The last text loaded and its policy: a warm function reads the same REPLICATION_POLICY on every
 * invocation, and checking it again (every template against its worst-case values) would give the same.
 */
let lastLoaded: { text: string; policy: Policy } | undefined;

/** `field` names where the text came from (the variable, or the policy file) in every problem. */
export function loadPolicy(text: string | undefined, field = POLICY_VARIABLE): Policy {
  if (lastLoaded !== undefined && text === lastLoaded.text) return lastLoaded.policy;
  if (text === undefined || text.trim() === '') throw invalid([{ field, rule: 'must be set to the policy as JSON' }]);
  if (text.length > MAX_POLICY_BYTES) throw invalid([{ field, rule: `must be at most ${MAX_POLICY_BYTES} bytes`, value: text.length }]);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? `: ${error.message}` : '';
    throw invalid([{ field, rule: `must be valid JSON${detail}` }]);
  }
  const policy = parsePolicy(parsed);
  lastLoaded = { text, policy };
  return policy;
}
