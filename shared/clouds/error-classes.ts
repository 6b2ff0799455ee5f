/**
 * Which error codes belong to which class, per service: the services' documented codes, and the
 * ones every Alibaba and Tencent API shares. Facts of the clouds, kept beside the adapters.
 */
import type { ErrorClass } from '../contracts/errors';

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
