import { CloudError, InputError } from '../contracts/errors';
import { cloudError } from './cloud-error';

/**
 * A lazy part (scripts/bundle.ts, "lazy parts") is a bundle of its own with its own copy of the error
 * classes, so what it throws is no `instanceof CloudError` in the bundle that loaded it: read there, a
 * refusal would lose its code and class (an AccessDenied answered as InternalError, a throttling never
 * retried). Rebuilt as this bundle's own; anything else passes through.
 */
export function fromLazyPart(error: unknown): unknown {
  if (!(error instanceof Error) || error instanceof CloudError || error instanceof InputError) return error;
  if (error.name === 'CloudError') {
    const e = error as CloudError;
    const prefix = `${e.service}:${e.action} ${e.code}: `;
    const message = e.message.startsWith(prefix) ? e.message.slice(prefix.length) : e.message;
    return cloudError({ service: e.service, action: e.action, code: e.code, message, httpStatus: e.httpStatus, requestId: e.requestId, errorClass: e.errorClass });
  }
  if (error.name === 'InputError') {
    const e = error as InputError;
    return new InputError(e.code, e.problems);
  }
  return error;
}
