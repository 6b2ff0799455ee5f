import type { SyncOutcome } from './functions-model';

/**
 * FC 3.0 InvokeFunction answers (2023-03-30, https://www.alibabacloud.com/help/en/functioncompute/fc-3-0/developer-reference/api-fc-2023-03-30-invokefunction):
 * an asynchronous invocation is accepted with 202 and x-fc-request-id and no body; a synchronous one
 * answers 200 with the function's answer as the body, and x-fc-error-type when the function failed.
 */

/** The HTTP reply of an FC action: FC answers in status, headers and a raw body, not a JSON envelope. */
export interface FcReply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

function isReply(value: Record<string, unknown>): value is Record<string, unknown> & FcReply {
  return typeof value.status === 'number' && typeof value.body === 'string' && value.headers !== null && typeof value.headers === 'object';
}

/** The reply a handler's answer holds (the protocol layer writes it as it is). */
export function fcReplyOf(answer: Record<string, unknown>): FcReply {
  if (!isReply(answer)) throw new TypeError('an FC answer must be { status, headers, body }');
  return { status: answer.status, headers: { ...answer.headers }, body: answer.body };
}

export class FcRenderer {
  accepted(requestId: string): Record<string, unknown> & FcReply {
    return { status: 202, headers: { 'x-fc-request-id': requestId }, body: '' };
  }

  answered(requestId: string, outcome: SyncOutcome): Record<string, unknown> & FcReply {
    if (outcome.ok) {
      const body = typeof outcome.answer === 'string' ? outcome.answer : JSON.stringify(outcome.answer ?? null);
      return { status: 200, headers: { 'x-fc-request-id': requestId, 'content-type': 'application/json' }, body };
    }
    return {
      status: 200,
      headers: { 'x-fc-request-id': requestId, 'x-fc-error-type': 'UnhandledInvocationError', 'content-type': 'application/json' },
      body: JSON.stringify({ errorMessage: outcome.error, errorType: 'Error' }),
    };
  }
}
