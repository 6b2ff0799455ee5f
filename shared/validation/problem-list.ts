import type { FieldProblem } from '../contracts/errors';
/** Collects the problems of one request: every broken rule is reported, not just the first. */
export class ProblemList {
  readonly problems: FieldProblem[] = [];

  /** Records `rule` against `field` when a check returned one (null means the value passed). */
  check(field: string, rule: string | null, value: unknown): void {
    if (rule !== null) this.problems.push({ field, rule, value });
  }

  add(...problems: FieldProblem[]): void {
    this.problems.push(...problems);
  }
}
