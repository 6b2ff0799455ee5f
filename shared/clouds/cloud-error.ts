import { redact } from './redact';

/** The snapshot APIs the functions call. */
export type SnapshotService = 'ecs' | 'ens' | 'cbs';

/** Every API the project calls: the snapshot APIs, and the invoke APIs the command line uses. */
export type CloudService = SnapshotService | 'fc3' | 'fc2' | 'scf';

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

/** Per-service facts: which error codes belong to which class (exact codes, then prefixes). */
export interface ErrorClassTable {
  exact: Readonly<Record<string, ErrorClass>>;
  prefixes?: ReadonlyArray<readonly [string, ErrorClass]>;
}

/** Codes that mean the same thing on every service we call. */
const COMMON: ErrorClassTable = {
  exact: {
    Throttling: 'throttled',
    'Throttling.User': 'throttled',
    'Throttling.Api': 'throttled',
    RequestLimitExceeded: 'throttled',
    'RequestLimitExceeded.UinLimitExceeded': 'throttled',
    ServiceUnavailable: 'transient',
    InternalError: 'transient',
    'InternalError.ComponentError': 'transient',
    RequestTimeout: 'transient',
    NetworkError: 'transient',
    Timeout: 'transient',
    SignatureDoesNotMatch: 'auth',
    'InvalidAccessKeyId.NotFound': 'auth',
    'InvalidAccessKeyId.Inactive': 'auth',
    'InvalidSecurityToken.Expired': 'auth',
    'InvalidSecurityToken.Malformed': 'auth',
    'InvalidSecurityToken.MismatchWithAccessKey': 'auth',
    'SignatureNonceUsed': 'transient',
    Forbidden: 'auth',
    'Forbidden.RAM': 'auth',
    NoPermission: 'auth',
    UnauthorizedOperation: 'auth',
  },
  prefixes: [
    ['AuthFailure', 'auth'],
    ['Throttling', 'throttled'],
    ['RequestLimitExceeded', 'throttled'],
    ['InternalError', 'transient'],
  ],
};

export function classifyCode(code: string, httpStatus: number | undefined, table: ErrorClassTable): ErrorClass {
  const exact = table.exact[code] ?? COMMON.exact[code];
  if (exact) return exact;
  for (const [prefix, cls] of [...(table.prefixes ?? []), ...(COMMON.prefixes ?? [])]) {
    if (code.startsWith(prefix)) return cls;
  }
  if (httpStatus !== undefined && httpStatus >= 500) return 'transient';
  return 'permanent';
}

export interface CloudErrorInit {
  service: CloudService;
  action: string;
  code: string;
  message: string;
  httpStatus?: number;
  requestId?: string;
  errorClass: ErrorClass;
  cause?: unknown;
}

/** The one error type every adapter throws: the service's code, status and request id, classified and redacted. */
export class CloudError extends Error {
  override readonly name = 'CloudError';
  readonly service: CloudService;
  readonly action: string;
  readonly code: string;
  readonly httpStatus: number | undefined;
  readonly requestId: string | undefined;
  readonly errorClass: ErrorClass;

  constructor(init: CloudErrorInit) {
    super(redact(`${init.service}:${init.action} ${init.code}: ${init.message}`));
    this.service = init.service;
    this.action = init.action;
    this.code = init.code;
    this.httpStatus = init.httpStatus;
    this.requestId = init.requestId;
    this.errorClass = init.errorClass;
    // The cause is kept out of `cause` on purpose: SDK errors carry signed URLs and request entries.
  }

  /** Worth trying again after a pause, within the same invocation. */
  get retryable(): boolean {
    return this.errorClass === 'throttled' || this.errorClass === 'transient';
  }

  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      service: this.service,
      action: this.action,
      code: this.code,
      httpStatus: this.httpStatus,
      requestId: this.requestId,
      errorClass: this.errorClass,
      message: this.message,
    };
  }
}
