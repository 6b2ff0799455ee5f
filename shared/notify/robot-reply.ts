/**
 * Whether a robot took the message. The robots answer HTTP 200 even when they refuse, with a code in
 * the body: DingTalk and WeCom {"errcode", "errmsg"}, Lark {"code", "msg"} (older: {"StatusCode"}).
 * Zero means accepted; a body that is not JSON is read as accepted when the status is 2xx.
 */

import { isPlainObject } from '../validation/plain-object';

const MAX_MESSAGE = 120;

function refusedBy(body: Record<string, unknown>, codeKey: string, messageKey: string): string | undefined {
  const code = body[codeKey];
  if (typeof code !== 'number' || code === 0) return undefined;
  const message = typeof body[messageKey] === 'string' ? `: ${(body[messageKey] as string).slice(0, MAX_MESSAGE)}` : '';
  return `${codeKey} ${code}${message}`;
}

/** Why the robot refused the message, or undefined when it took it. */
export function robotRefusal(status: number, bodyText: string): string | undefined {
  let body: unknown;
  try {
    body = JSON.parse(bodyText);
  } catch {
    body = undefined;
  }
  const coded = isPlainObject(body)
    ? (refusedBy(body, 'errcode', 'errmsg') ?? refusedBy(body, 'code', 'msg') ?? refusedBy(body, 'StatusCode', 'StatusMessage'))
    : undefined;
  if (coded !== undefined) return coded;
  return status >= 200 && status < 300 ? undefined : `HTTP ${status}`;
}
