import { CloudError, type CloudService } from '../contracts/errors';
import { cloudError } from './cloud-error';
import { classifyCode, type ErrorClassTable } from './error-classes';
import { unreachable } from './unreachable';

/** What the Tencent SDK throws (TencentCloudSDKHttpException), read defensively. */
interface TencentSdkError {
  code?: unknown;
  requestId?: unknown;
  httpCode?: unknown;
  message?: unknown;
  name?: unknown;
}

/** One place that turns whatever tencentcloud-sdk-nodejs throws into a CloudError. */
export function tencentCloudError(raw: unknown, service: CloudService, action: string, table: ErrorClassTable): CloudError {
  const err = (raw ?? {}) as TencentSdkError;
  const message = typeof err.message === 'string' ? err.message : String(raw);
  const requestId = typeof err.requestId === 'string' && err.requestId !== '' ? err.requestId : undefined;
  const httpStatus = typeof err.httpCode === 'number' ? err.httpCode : undefined;
  if (typeof err.code === 'string' && err.code !== '') {
    return cloudError({ service, action, code: err.code, message, requestId, httpStatus, errorClass: classifyCode(err.code, httpStatus, table) });
  }
  const down = unreachable(raw, message);
  if (down) return cloudError({ service, action, ...down, requestId, errorClass: 'transient' });
  if (/timeout|timed out|aborted/i.test(message) || /timeout|abort/i.test(String(err.name ?? ''))) {
    return cloudError({ service, action, code: 'Timeout', message, requestId, errorClass: 'transient' });
  }
  if (httpStatus !== undefined && httpStatus < 500 && httpStatus !== 429) {
    return cloudError({ service, action, code: `HTTP${httpStatus}`, message, requestId, httpStatus, errorClass: 'permanent' });
  }
  return cloudError({ service, action, code: 'NetworkError', message, requestId, httpStatus, errorClass: 'transient' });
}
