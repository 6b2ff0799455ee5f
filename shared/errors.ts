/**
 * Errors raised before any API call: bad input, bad policy, missing configuration.
 * They are answered as `ok: false` and never thrown to the platform, because a retry cannot fix them.
 */

/** Longest value echoed back in an error message, so huge inputs never flood an answer or a log line. */
const MAX_ECHO = 64;

export function echoValue(value: unknown): string {
  let text: string;
  if (typeof value === 'string') text = JSON.stringify(value);
  else if (value === undefined) text = 'undefined';
  else {
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch {
      text = Object.prototype.toString.call(value);
    }
  }
  return text.length > MAX_ECHO ? `${text.slice(0, MAX_ECHO)}…(${text.length} chars)` : text;
}

export type InputErrorCode = 'InvalidInput' | 'InvalidPolicy' | 'InvalidConfiguration';

/** One problem with one field: which field, which rule, and the offending value (truncated). */
export interface FieldProblem {
  field: string;
  rule: string;
  value?: unknown;
}

export class InputError extends Error {
  override readonly name = 'InputError';
  readonly code: InputErrorCode;
  readonly field: string;
  readonly problems: FieldProblem[];

  constructor(code: InputErrorCode, problems: FieldProblem[]) {
    const first = problems[0] ?? { field: '', rule: 'is invalid' };
    super(InputError.describe(first) + (problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''));
    this.code = code;
    this.field = first.field;
    this.problems = problems;
  }

  static describe(p: FieldProblem): string {
    const where = p.field === '' ? 'input' : p.field;
    return 'value' in p ? `${where} ${p.rule} (got ${echoValue(p.value)})` : `${where} ${p.rule}`;
  }
}

export function invalidInput(field: string, rule: string, value?: unknown): InputError {
  return new InputError('InvalidInput', [arguments.length > 2 ? { field, rule, value } : { field, rule }]);
}
