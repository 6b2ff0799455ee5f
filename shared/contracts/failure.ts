/**
 * The one place any error becomes what callers report: an outcome for the pair it was about, a
 * chore outcome, the answer's `error`, and (for the command line) what kind of failure it was.
 * Messages are passed on as they are; every output boundary (answers, logs, webhooks, the command's
 * output) redacts.
 */
import { BudgetExhausted, CloudError, InputError, type ErrorClass, type FieldProblem } from './errors';
import type { AnswerError, ChoreOutcome, Outcome } from './results';

/** input: bad input or configuration; cloud: a service refused; budget: out of time; internal: a bug. */
export type FailureKind = 'input' | 'cloud' | 'budget' | 'internal';

export interface Failure {
  kind: FailureKind;
  /** What it means for the pair it was about. */
  outcome: Outcome;
  errorCode: string;
  reason: string;
  /** Another attempt inside the same invocation could succeed (throttling, 5xx, timeouts, more time). */
  retryable: boolean;
  /** Bad input: the first bad field and every problem. */
  field?: string;
  problems?: FieldProblem[];
}

/**
 * What a service's failure means for its pair: conflicts mean a copy is already running; not-ready and
 * retryable failures wait for a later run; auth and permanent failures need a person.
 */
const OUTCOME_OF_CLASS: Readonly<Record<ErrorClass, Outcome>> = {
  conflict: 'in-progress',
  'not-ready': 'deferred',
  throttled: 'deferred',
  transient: 'deferred',
  auth: 'failed',
  permanent: 'failed',
};

const BUDGET_EXHAUSTED_CODE = 'TimeBudgetExhausted';

export function failureOf(error: unknown): Failure {
  if (error instanceof BudgetExhausted) {
    return {
      kind: 'budget', outcome: 'deferred', errorCode: error.lastError?.code ?? BUDGET_EXHAUSTED_CODE,
      reason: 'time budget exhausted; the next run continues', retryable: true,
    };
  }
  if (error instanceof CloudError) {
    return { kind: 'cloud', outcome: OUTCOME_OF_CLASS[error.errorClass], errorCode: error.code, reason: error.message, retryable: error.retryable };
  }
  if (error instanceof InputError) {
    return { kind: 'input', outcome: 'failed', errorCode: error.code, reason: error.message, retryable: false, field: error.field, problems: error.problems };
  }
  return { kind: 'internal', outcome: 'failed', errorCode: 'InternalError', reason: error instanceof Error ? error.message : String(error), retryable: false };
}

/** The fields a failed or deferred pair or chore carries. */
export interface FailureFields {
  errorCode: string;
  reason: string;
  budgetExhausted?: true;
}

export function failureFields(f: Failure): FailureFields {
  return { errorCode: f.errorCode, reason: f.reason, ...(f.kind === 'budget' ? { budgetExhausted: true as const } : {}) };
}

/** A chore either failed for good or waits for the next run. */
export function choreOutcome(f: Failure): Extract<ChoreOutcome, 'failed' | 'deferred'> {
  return f.outcome === 'failed' ? 'failed' : 'deferred';
}

/** The answer's `error` for a failure of the whole invocation. */
export function answerError(f: Failure): AnswerError {
  if (f.kind === 'input') {
    return { code: f.errorCode, message: f.reason, field: f.field ?? '', problems: (f.problems ?? []).map((p) => ({ field: p.field, rule: p.rule })) };
  }
  // A run that ran out of time as a whole says so, whatever its last error was.
  if (f.kind === 'budget') return { code: f.errorCode, message: `time budget exhausted${f.errorCode === BUDGET_EXHAUSTED_CODE ? '' : ` after ${f.errorCode}`}` };
  return { code: f.errorCode, message: f.reason };
}
