import { CloudError } from '../../contracts/errors';
import { cloudError } from '../cloud-error';
import { classifyCode } from '../error-classes';
import { unreachable } from '../unreachable';
export type InvokePlatform = 'fc3' | 'fc2' | 'scf';

/** Invoke codes beyond the common ones need no class of their own: throttling, 5xx and auth are common. */
const INVOKE_ERRORS = { exact: {} };

function field(raw: unknown, key: string): unknown {
  return raw !== null && typeof raw === 'object' && key in raw ? (raw as Record<string, unknown>)[key] : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' && value !== 'undefined' ? value : typeof value === 'number' ? String(value) : undefined;
}

/**
 * Whatever an invoke SDK threw (the three keep code, status and request id in different places), as
 * the project's one CloudError. The invoke API refusing is an error; the function failing is an answer.
 * A request that got no answer (refused, reset, unknown host, timed out: the SDKs then give Node's
 * errno or their own timeout name as the code) is a network failure, worth another try.
 */
export function invokeCloudError(platform: InvokePlatform, action: string, raw: unknown): CloudError {
  if (raw instanceof CloudError) return raw;
  const data = field(raw, 'data');
  const name = text(field(raw, 'name'));
  const rawCode = text(field(raw, 'code'));
  const message = text(field(raw, 'message')) ?? String(raw);
  const status = field(raw, 'statusCode') ?? field(data, 'statusCode');
  const httpStatus = typeof status === 'number' ? status : undefined;
  const requestId = text(field(raw, 'requestId')) ?? text(field(data, 'RequestId'));
  if (httpStatus === undefined) {
    const down = unreachable(raw, message);
    if (down) return cloudError({ service: platform, action, ...down, errorClass: 'transient' });
    if (/timeout/i.test(`${rawCode ?? ''} ${name ?? ''}`)) return cloudError({ service: platform, action, code: 'Timeout', message, errorClass: 'transient' });
    if (rawCode === undefined || /^E[A-Z0-9_]+$/.test(rawCode)) return cloudError({ service: platform, action, code: 'NetworkError', message, errorClass: 'transient' });
  }
  const code = rawCode ?? text(field(data, 'Code')) ?? text(field(data, 'ErrorCode')) ?? (name && !/^(Type)?Error$/.test(name) ? name : undefined) ?? 'NetworkError';
  const errorClass = code === 'NetworkError' ? 'transient' : classifyCode(code, httpStatus, INVOKE_ERRORS);
  return cloudError({ service: platform, action, code, message, httpStatus, requestId, errorClass });
}
