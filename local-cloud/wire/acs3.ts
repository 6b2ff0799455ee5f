/**
 * ACS3-HMAC-SHA256, the signature of Alibaba Cloud's 2023-era OpenAPI SDKs (@alicloud/openapi-core,
 * used by @alicloud/fc20230330), checked the way the service does:
 *   CanonicalRequest = METHOD \n CanonicalURI \n CanonicalQuery \n CanonicalHeaders \n SignedHeaders \n HashedPayload
 *     CanonicalQuery: keys sorted, `key=enc(value)` joined by &, enc = encodeURIComponent plus !'()*
 *     CanonicalHeaders: each signed header `name:trimmed value\n`, names sorted; host and every x-acs-* signed
 *     HashedPayload: hex SHA-256 of the body, also sent as x-acs-content-sha256
 *   StringToSign = "ACS3-HMAC-SHA256\n" + hex SHA-256(CanonicalRequest)
 *   Authorization: ACS3-HMAC-SHA256 Credential=<AccessKeyId>,SignedHeaders=<a;b>,Signature=<hex HMAC-SHA256(secret, StringToSign)>
 * STS keys also carry x-acs-security-token (signed, being x-acs-*).
 * https://www.alibabacloud.com/help/en/sdk/product-overview/v3-request-structure-and-signature
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { ApiError } from '../api-error';
import type { AliyunKey } from '../seed';
import { findKey, type KeySource } from './key-source';

/** ACS3 refuses an x-acs-date more than 15 minutes from the server's clock. */
const DATE_SKEW_MS = 15 * 60_000;

/** A request as the check sees it: lower-cased header names, the raw path and query, the body's bytes. */
export interface Acs3Request {
  method: string;
  /** The path as sent, still percent-encoded. */
  path: string;
  /** The query string as sent, without the `?`. */
  query: string;
  headers: Record<string, string | undefined>;
  body: Buffer;
}

const sha256Hex = (data: Buffer | string): string => createHash('sha256').update(data).digest('hex');

function encode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function canonicalQuery(query: string): string {
  const params = new URLSearchParams(query);
  return [...new Set(params.keys())]
    .sort()
    .map((key) => `${key}=${encode(params.get(key) ?? '')}`)
    .join('&');
}

function canonicalUri(path: string): string {
  return path.replace(/\+/g, '%20').replace(/\*/g, '%2A').replace(/%7E/g, '~');
}

export function acs3Signature(req: Acs3Request, signedHeaders: readonly string[], secret: string): string {
  const canonicalHeaders = signedHeaders.map((name) => `${name}:${(req.headers[name] ?? '').trim()}\n`).join('');
  const canonicalRequest = [req.method, canonicalUri(req.path), canonicalQuery(req.query), canonicalHeaders, signedHeaders.join(';'), sha256Hex(req.body)].join('\n');
  const stringToSign = `ACS3-HMAC-SHA256\n${sha256Hex(canonicalRequest)}`;
  return createHmac('sha256', secret).update(stringToSign).digest('hex');
}

function refuse(code: string, message: string, status = 403): ApiError {
  return new ApiError(code, message, status);
}

/** Answers the key that signed the request, or throws the refusal the gateway would answer. */
export function verifyAcs3(req: Acs3Request, keys: KeySource<AliyunKey>, nowMs = Date.now()): AliyunKey {
  const match = /^ACS3-HMAC-SHA256 Credential=([^,\s]+),\s*SignedHeaders=([a-z0-9;._-]+),\s*Signature=([0-9a-f]{64})$/.exec(req.headers.authorization ?? '');
  if (!match) throw refuse('InvalidAuthorization', 'The Authorization header is missing or is not ACS3-HMAC-SHA256.');
  const [, accessKeyId = '', signedList = '', signature = ''] = match;
  const key = findKey(keys, accessKeyId, (k) => k.accessKeyId);
  if (!key) throw refuse('InvalidAccessKeyId.NotFound', 'Specified access key is not found.');
  const signed = signedList.split(';');
  const unsigned = Object.keys(req.headers).filter((name) => (name.startsWith('x-acs-') || name === 'host') && !signed.includes(name));
  if (unsigned.length > 0) throw refuse('SignatureDoesNotMatch', `Headers must be signed: ${unsigned.join(', ')}.`);
  if ([...signed].sort().join(';') !== signedList) throw refuse('SignatureDoesNotMatch', 'SignedHeaders must be sorted.');
  const payloadHash = sha256Hex(req.body);
  if (req.headers['x-acs-content-sha256'] !== payloadHash) throw refuse('SignatureDoesNotMatch', 'x-acs-content-sha256 does not match the body.');
  const date = Date.parse(req.headers['x-acs-date'] ?? '');
  if (!Number.isFinite(date)) throw refuse('MissingParameter', 'x-acs-date is required.', 400);
  if (Math.abs(nowMs - date) > DATE_SKEW_MS) throw refuse('SignatureExpired', 'x-acs-date is more than 15 minutes from the server time.');
  if (!req.headers['x-acs-signature-nonce']) throw refuse('MissingParameter', 'x-acs-signature-nonce is required.', 400);
  const expected = acs3Signature(req, signed, key.accessKeySecret);
  if (!timingSafeEqual(Buffer.from(expected), Buffer.from(signature))) {
    throw refuse('SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided.');
  }
  if (key.securityToken !== undefined && req.headers['x-acs-security-token'] !== key.securityToken) {
    throw refuse('InvalidSecurityToken.Mismatch', 'The security token does not belong to the access key.');
  }
  return key;
}
