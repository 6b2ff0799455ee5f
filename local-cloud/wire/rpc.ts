import { createHmac, timingSafeEqual } from 'node:crypto';
import { ApiError } from '../api-error';
import type { AliyunKey } from '../seed';
import { findKey, type KeySource } from './key-source';

/** Parameters every RPC request carries that are not the API's own. */
const COMMON_PARAMS = new Set([
  'Action', 'Version', 'Format', 'AccessKeyId', 'SignatureMethod', 'SignatureVersion', 'SignatureNonce',
  'Signature', 'Timestamp', 'SecurityToken',
]);

/** How far a request's Timestamp may be from the server's clock (the services allow 15 minutes). */
const TIMESTAMP_SKEW_MS = 15 * 60 * 1000;

/** RFC 3986 encoding as Alibaba's RPC signature defines it: encodeURIComponent plus !'()*. */
function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** docs/api-facts.md § "Signature: Alibaba RPC": every parameter but Signature, sorted, encoded, then encoded again. */
function stringToSign(method: string, params: Record<string, string>): string {
  const canonical = Object.keys(params)
    .filter((k) => k !== 'Signature')
    .sort()
    .map((k) => `${percentEncode(k)}=${percentEncode(params[k] ?? '')}`)
    .join('&');
  return `${method.toUpperCase()}&${percentEncode('/')}&${percentEncode(canonical)}`;
}

function rpcSignature(text: string, secret: string): string {
  return createHmac('sha1', `${secret}&`).update(text).digest('base64');
}

export interface RpcRequest {
  method: string;
  /** Query and form parameters merged, decoded. */
  params: Record<string, string>;
}

export interface VerifiedRpcCall {
  action: string;
  version: string;
  accessKeyId: string;
  /** The API's own parameters (common ones removed). */
  apiParams: Record<string, string>;
}

/** Remembers recent nonces so a replayed request is refused, as the real services do. */
export class NonceWindow {
  private seen = new Map<string, number>();

  claim(nonce: string, nowMs: number): boolean {
    if (this.seen.size > 50_000) {
      for (const [key, at] of this.seen) if (nowMs - at > TIMESTAMP_SKEW_MS) this.seen.delete(key);
    }
    if (this.seen.has(nonce)) return false;
    this.seen.set(nonce, nowMs);
    return true;
  }

  clear(): void {
    this.seen.clear();
  }
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Checks an RPC request the way ECS, ENS and STS do: known key, STS token, fresh timestamp,
 * unused nonce, and the HMAC-SHA1 signature over every parameter.
 */
export function verifyRpc(req: RpcRequest, keys: KeySource<AliyunKey>, nonces: NonceWindow, nowMs = Date.now()): VerifiedRpcCall {
  const p = req.params;
  for (const name of ['Action', 'Version', 'AccessKeyId', 'Signature', 'SignatureNonce', 'Timestamp']) {
    if (!p[name]) throw new ApiError(`MissingParameter`, `The input parameter "${name}" that is mandatory for processing this request is not supplied.`, 400);
  }
  const accessKeyId = p.AccessKeyId as string;
  const key = findKey(keys, accessKeyId, (k) => k.accessKeyId);
  if (!key) throw new ApiError('InvalidAccessKeyId.NotFound', 'Specified access key is not found.', 404);
  if (p.SignatureMethod !== 'HMAC-SHA1') throw new ApiError('InvalidSignatureMethod', 'Specified signature method is not supported.', 400);
  if (p.SignatureVersion !== undefined && p.SignatureVersion !== '1.0') {
    throw new ApiError('InvalidSignatureVersion', 'Specified signature version is not supported.', 400);
  }
  const signed = stringToSign(req.method, p);
  if (!safeEqual(rpcSignature(signed, key.accessKeySecret), p.Signature as string)) {
    // The services echo the string they signed, so a client can compare it with its own. It holds
    // every parameter encoded twice, a SecurityToken among them: clients must redact it in that form too.
    throw new ApiError('SignatureDoesNotMatch', `Specified signature is not matched with our calculation. server string to sign is:${signed}`, 400);
  }
  if (key.securityToken !== undefined) {
    if (!p.SecurityToken) throw new ApiError('InvalidSecurityToken.Malformed', 'Specified SecurityToken is malformed.', 400);
    if (!safeEqual(p.SecurityToken, key.securityToken)) {
      throw new ApiError('InvalidSecurityToken.MismatchWithAccessKey', 'Specified SecurityToken mismatch with the AccessKey.', 400);
    }
  }
  const timestamp = Date.parse(p.Timestamp as string);
  if (!Number.isFinite(timestamp)) throw new ApiError('InvalidTimeStamp.Format', 'Specified time stamp or date value is not well formatted.', 400);
  if (Math.abs(nowMs - timestamp) > TIMESTAMP_SKEW_MS) {
    throw new ApiError('InvalidTimeStamp.Expired', 'Specified time stamp or date value is expired.', 400);
  }
  if (!nonces.claim(`${accessKeyId}:${p.SignatureNonce}`, nowMs)) {
    throw new ApiError('SignatureNonceUsed', 'Specified signature nonce was used already.', 400);
  }
  const apiParams: Record<string, string> = {};
  for (const [k, v] of Object.entries(p)) if (!COMMON_PARAMS.has(k)) apiParams[k] = v;
  return { action: p.Action as string, version: p.Version as string, accessKeyId, apiParams };
}

export function rpcSuccessBody(requestId: string, body: Record<string, unknown>): string {
  return JSON.stringify({ RequestId: requestId, ...body });
}

export function rpcErrorBody(requestId: string, error: ApiError, host: string): string {
  return JSON.stringify({
    RequestId: requestId,
    HostId: host,
    Code: error.code,
    Message: error.message,
    Recommend: `https://api.aliyun.com/troubleshoot?q=${encodeURIComponent(error.code)}`,
  });
}

/** The throttling answer of ECS and ENS. */
export function rpcThrottled(): ApiError {
  return new ApiError('Throttling.User', 'Request was denied due to user flow control.', 400);
}

export function rpcServerError(code: 'InternalError' | 'ServiceUnavailable'): ApiError {
  return code === 'InternalError'
    ? new ApiError('InternalError', 'The request processing has failed due to some unknown error, exception or failure.', 500)
    : new ApiError('ServiceUnavailable', 'The request has failed due to a temporary failure of the server.', 503);
}
