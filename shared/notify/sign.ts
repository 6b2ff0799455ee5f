/**
 * Signed requests for robots whose security setting is signing (node:crypto only: this ships in every
 * function bundle).
 *
 * DingTalk (docs/api-facts.md § "Webhook: DingTalk"): `timestamp` in ms and
 * `sign = Base64(HMAC-SHA256(key = secret, message = timestamp + "\n" + secret))`, both in the query.
 * Lark (docs/api-facts.md § "Webhook: Lark"): `timestamp` in seconds and
 * `sign = Base64(HMAC-SHA256(key = timestamp + "\n" + secret, message = ""))`, both in the JSON body.
 * Both robots refuse a timestamp more than an hour from their clock, so each message is signed as it is sent.
 */
import { createHmac } from 'node:crypto';

export type SigningRobot = 'dingtalk' | 'lark';

export interface SignedRequest {
  url: URL;
  body: object;
  /** The signature, to be masked like the secret it is made from. */
  sign: string;
}

const hmacBase64 = (key: string, message: string): string => createHmac('sha256', key).update(message, 'utf8').digest('base64');

export function signRequest(robot: SigningRobot, secret: string, url: URL, body: object, nowMs: number): SignedRequest {
  if (robot === 'dingtalk') {
    const timestamp = String(Math.floor(nowMs));
    const sign = hmacBase64(secret, `${timestamp}\n${secret}`);
    const signed = new URL(url.href);
    // URLSearchParams percent-encodes Base64's `+`, `/` and `=`, the urlEncode the robot expects.
    signed.searchParams.set('timestamp', timestamp);
    signed.searchParams.set('sign', sign);
    return { url: signed, body, sign };
  }
  const timestamp = String(Math.floor(nowMs / 1000));
  const sign = hmacBase64(`${timestamp}\n${secret}`, '');
  return { url, body: { ...body, timestamp, sign }, sign };
}
