/**
 * valibot issues -> FieldProblems whose field is the path of the bad field (`rules[0].destinations[1].region`).
 * Every message in the schemas is a rule text, so the issue message is the problem's rule as is.
 */
import type * as v from 'valibot';
import type { FieldProblem } from '../contracts/errors';
import { joinPath } from '../validation/field-path';

/** The field to report is gone or unknown: there is no value to echo beyond the key in the path. */
const KEY_RULES = new Set(['is required', 'is not a known field']);

export function issuesToProblems(issues: ReadonlyArray<v.BaseIssue<unknown>>, base = ''): FieldProblem[] {
  return issues.map((issue) => {
    let field = base;
    for (const item of issue.path ?? []) {
      if (typeof item.key === 'string' || typeof item.key === 'number') field = joinPath(field, item.key);
    }
    const where = field === '' ? 'input' : field;
    return KEY_RULES.has(issue.message) ? { field: where, rule: issue.message } : { field: where, rule: issue.message, value: issue.input };
  });
}
