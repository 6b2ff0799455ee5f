/**
 * The FC 2.0 API's own scheme, as @alicloud/fc2 signs (lib/client.js getSignature, lib/helper.js):
 *   StringToSign = METHOD \n Content-MD5 \n Content-Type \n Date \n CanonicalFcHeaders Path
 *     CanonicalFcHeaders: every x-fc-* header, lower-cased and sorted, as `name:value\n`
 *     Path: /2016-08-15/... without the query (queries are signed only under /proxy/)
 *   Authorization: FC <AccessKeyId>:<base64 HMAC-SHA256(secret, StringToSign)>
 * Content-MD5 is base64 of the body's hex MD5 digest (as the SDK computes it). STS keys send
 * x-fc-security-token, which the canonical headers then cover.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { AliyunKey } from '../../../local-cloud/seed';
import { Refusal, type SignedRequest } from './refusal';

/** FC refuses a Date more than 15 minutes from the server's clock. */
const DATE_SKEW_MS = 15 * 60_000;

export function fcStringToSign(req: SignedRequest): string {
  const fcHeaders = Object.keys(req.headers)
    .filter((name) => name.startsWith('x-fc-'))
    .sort()
    .map((name) => `${name}:${req.headers[name] ?? ''}\n`)
    .join('');
  return `${req.method}\n${req.headers['content-md5'] ?? ''}\n${req.headers['content-type'] ?? ''}\n${req.headers.date ?? ''}\n${fcHeaders}${req.path}`;
}

export function fcSignature(req: SignedRequest, secret: string): string {
  return createHmac('sha256', secret).update(fcStringToSign(req), 'utf8').digest('base64');
}

export function verifyFcSignature(req: SignedRequest, keys: readonly AliyunKey[], nowMs = Date.now()): AliyunKey {
  const match = /^FC ([^:\s]+):([A-Za-z0-9+/=]+)$/.exec(req.headers.authorization ?? '');
  if (!match) throw new Refusal(403, 'InvalidAuthorization', 'The Authorization header is missing or malformed.');
  const [, accessKeyId = '', signature = ''] = match;
  const key = keys.find((k) => k.accessKeyId === accessKeyId);
  if (!key) throw new Refusal(403, 'InvalidAccessKeyID', `AccessKeyID ${accessKeyId} does not exist.`);
  const date = Date.parse(req.headers.date ?? '');
  if (!Number.isFinite(date) || Math.abs(nowMs - date) > DATE_SKEW_MS) throw new Refusal(403, 'RequestTimeTooSkewed', 'The Date header is missing or too far from the server time.');
  if (req.body.length > 0) {
    const md5 = Buffer.from(createHash('md5').update(req.body).digest('hex'), 'utf8').toString('base64');
    if (req.headers['content-md5'] !== md5) throw new Refusal(400, 'InvalidArgument', 'Content-MD5 does not match the body.');
  }
  const expected = Buffer.from(fcSignature(req, key.accessKeySecret));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    throw new Refusal(403, 'SignatureNotMatch', 'The request signature we calculated does not match the signature you provided.');
  }
  if (key.securityToken !== undefined && req.headers['x-fc-security-token'] !== key.securityToken) {
    throw new Refusal(403, 'InvalidSecurityToken', 'The security token does not belong to the access key.');
  }
  return key;
}
