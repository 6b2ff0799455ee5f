/**
 * The three kinds of failure every layer agrees on:
 * - InputError: bad input, policy or configuration, found before any API call. Answered as
 *   `ok: false` and never thrown to the platform, because a retry cannot fix it.
 * - CloudError: a service refused or could not be reached; classified so callers know whether to
 *   retry, wait, or give up.
 * - BudgetExhausted: the invocation ran out of time; the work left is deferred to the next run.
 * What each one means for a pair, an answer or an exit code is decided in ./failure.ts.
 */

/** Longest value echoed back in an error message, so huge inputs never flood an answer or a log line. */
const MAX_ECHO = 64;

function echoValue(value: unknown): string {
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

/**
 * Each error class brands its instances with a registered symbol, and `instanceof` asks for the brand:
 * a lazily read part of a bundle (scripts/bundle.ts, "lazy parts") is a bundle of its own with its own
 * copy of these classes, and what it throws must still be recognised, with its code and class.
 */
function hasBrand(value: unknown, brand: symbol): boolean {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[brand] === true;
}
const INPUT_ERROR = Symbol.for('snapshot-replicator.InputError');
const CLOUD_ERROR = Symbol.for('snapshot-replicator.CloudError');
const BUDGET_EXHAUSTED = Symbol.for('snapshot-replicator.BudgetExhausted');

export type InputErrorCode = 'InvalidInput' | 'InvalidPolicy' | 'InvalidConfiguration';

/** One problem with one field: which field, which rule, and the offending value (truncated). */
export interface FieldProblem {
  field: string;
  rule: string;
  value?: unknown;
}

export class InputError extends Error {
  static override [Symbol.hasInstance](value: unknown): boolean {
    return hasBrand(value, INPUT_ERROR);
  }

  readonly [INPUT_ERROR] = true;
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

/** The snapshot APIs the functions call. */
export type SnapshotService = 'ecs' | 'ens' | 'cbs';

/** The platform APIs a deployment over many accounts calls: each cloud's STS, and its own function's invoke. */
export type PlatformService = 'aliyun-sts' | 'tencent-sts' | 'fc3' | 'scf';

/** Every API the project calls: the snapshot APIs, the platform APIs, and FC 2.0's invoke (the command line). */
export type CloudService = SnapshotService | PlatformService | 'fc2';

/**
 * What a failure means for the caller:
 * - throttled: the service asked us to slow down; retry after a backoff.
 * - transient: 5xx, timeouts, network errors; retry after a backoff.
 * - conflict: the same work is already under way (a copy in flight); report in-progress, do not retry now.
 * - not-ready: the source is not finished yet; defer to a later run.
 * - auth: credentials or permissions are wrong; retrying will not help.
 * - permanent: the request itself cannot succeed.
 */
export type ErrorClass = 'throttled' | 'transient' | 'conflict' | 'not-ready' | 'auth' | 'permanent';

export interface CloudErrorInit {
  service: CloudService;
  action: string;
  code: string;
  /** Already free of secrets: the adapters build it from the service's message, never from a signed request. */
  message: string;
  httpStatus?: number;
  requestId?: string;
  errorClass: ErrorClass;
}

/** The one error type every adapter throws: the service's code, status and request id, classified. */
export class CloudError extends Error {
  static override [Symbol.hasInstance](value: unknown): boolean {
    return hasBrand(value, CLOUD_ERROR);
  }

  readonly [CLOUD_ERROR] = true;
  override readonly name = 'CloudError';
  readonly service: CloudService;
  readonly action: string;
  readonly code: string;
  readonly httpStatus: number | undefined;
  readonly requestId: string | undefined;
  readonly errorClass: ErrorClass;

  constructor(init: CloudErrorInit) {
    super(`${init.service}:${init.action} ${init.code}: ${init.message}`);
    this.service = init.service;
    this.action = init.action;
    this.code = init.code;
    this.httpStatus = init.httpStatus;
    this.requestId = init.requestId;
    this.errorClass = init.errorClass;
    // No `cause`: SDK errors carry signed URLs and request entries.
  }

  /** Worth trying again after a pause, within the same invocation. */
  get retryable(): boolean {
    return this.errorClass === 'throttled' || this.errorClass === 'transient';
  }
}

/** Thrown when the time budget cannot afford another attempt; the pair is deferred to a later run. */
export class BudgetExhausted extends Error {
  static override [Symbol.hasInstance](value: unknown): boolean {
    return hasBrand(value, BUDGET_EXHAUSTED);
  }

  readonly [BUDGET_EXHAUSTED] = true;
  override readonly name = 'BudgetExhausted';
  constructor(readonly lastError?: CloudError) {
    super(lastError ? `time budget exhausted after ${lastError.code}` : 'time budget exhausted');
  }
}
