import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { ApiError } from '../api-error';
import type { TencentKey } from '../seed';
import { findKey, type KeySource } from './key-source';

/** TC3 refuses a request whose X-TC-Timestamp is more than 5 minutes from the server's clock. */
const TIMESTAMP_SKEW_S = 300;

export interface Tc3Request {
  method: string;
  path: string;
  query: string;
  /** Lower-cased header names. */
  headers: Record<string, string | undefined>;
  body: string;
}

export interface VerifiedTc3Call {
  action: string;
  version: string;
  region: string | undefined;
  secretId: string;
  params: Record<string, unknown>;
}

const sha256Hex = (data: string): string => createHash('sha256').update(data, 'utf8').digest('hex');
const hmac = (key: Buffer | string, data: string): Buffer => createHmac('sha256', key).update(data, 'utf8').digest();

/** The TC3-HMAC-SHA256 signature for a request, as the SDKs compute it. */
export function tc3Signature(input: {
  method: string;
  path: string;
  query: string;
  canonicalHeaders: string;
  signedHeaders: string;
  body: string;
  timestamp: number;
  service: string;
  secretKey: string;
}): string {
  const date = new Date(input.timestamp * 1000).toISOString().slice(0, 10);
  const canonicalRequest = [
    input.method, input.path, input.query, input.canonicalHeaders, input.signedHeaders, sha256Hex(input.body),
  ].join('\n');
  const scope = `${date}/${input.service}/tc3_request`;
  const stringToSign = ['TC3-HMAC-SHA256', String(input.timestamp), scope, sha256Hex(canonicalRequest)].join('\n');
  const kDate = hmac(`TC3${input.secretKey}`, date);
  const kService = hmac(kDate, input.service);
  const kSigning = hmac(kService, 'tc3_request');
  return createHmac('sha256', kSigning).update(stringToSign, 'utf8').digest('hex');
}

function headerValue(headers: Tc3Request['headers'], name: string): string {
  const value = headers[name] ?? '';
  // The SDKs sign the host without its port.
  return name === 'host' ? value.replace(/:\d+$/, '') : value.trim();
}

function authFailure(code: string, message: string): ApiError {
  return new ApiError(code, message, 200);
}

/** The products whose names a credential scope may carry (besides the endpoint's first label). */
const SCOPE_SERVICES: readonly string[] = ['cbs', 'sts', 'scf'];

/** Checks a TC3 request the way Tencent Cloud API 3.0 does. */
export function verifyTc3(req: Tc3Request, keys: KeySource<TencentKey>, nowMs = Date.now()): VerifiedTc3Call {
  const authorization = req.headers.authorization ?? '';
  const match = /^TC3-HMAC-SHA256 Credential=([^/\s]+)\/(\d{4}-\d{2}-\d{2})\/([^/\s]+)\/tc3_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/.exec(authorization);
  if (!match) throw authFailure('AuthFailure.InvalidAuthorization', 'Authorization header is missing or malformed.');
  const [, secretId = '', date = '', service = '', signedHeaders = '', signature = ''] = match;
  const key = findKey(keys, secretId, (k) => k.secretId);
  if (!key) throw authFailure('AuthFailure.SecretIdNotFound', 'The SecretId is not found, please ensure that your SecretId is correct.');
  const timestamp = Number(req.headers['x-tc-timestamp']);
  if (!Number.isInteger(timestamp)) throw authFailure('AuthFailure.InvalidAuthorization', 'X-TC-Timestamp is missing or malformed.');
  if (Math.abs(nowMs / 1000 - timestamp) > TIMESTAMP_SKEW_S) {
    throw authFailure('AuthFailure.SignatureExpire', 'Signature expired. Timestamp and server time cannot differ by more than 5 minutes.');
  }
  const host = headerValue(req.headers, 'host');
  // The SDK takes the scope's service from the endpoint's first label (`127` for 127.0.0.1).
  const acceptedServices = new Set([...SCOPE_SERVICES, host.split('.')[0] ?? '']);
  const scopeDate = new Date(timestamp * 1000).toISOString().slice(0, 10);
  const names = signedHeaders.split(';');
  if (!names.includes('host') || !names.includes('content-type') || date !== scopeDate || !acceptedServices.has(service)) {
    throw authFailure('AuthFailure.SignatureFailure', 'The provided credentials could not be validated. Please check your signature is correct.');
  }
  const canonicalHeaders = names.map((name) => `${name}:${headerValue(req.headers, name)}\n`).join('');
  const expected = tc3Signature({
    method: req.method, path: req.path, query: req.query, canonicalHeaders, signedHeaders, body: req.body,
    timestamp, service, secretKey: key.secretKey,
  });
  if (!timingSafeEqual(Buffer.from(expected), Buffer.from(signature))) {
    throw authFailure('AuthFailure.SignatureFailure', 'The provided credentials could not be validated. Please check your signature is correct.');
  }
  if (key.sessionToken !== undefined && req.headers['x-tc-token'] !== key.sessionToken) {
    throw authFailure('AuthFailure.TokenFailure', 'Token verification failed.');
  }
  const action = req.headers['x-tc-action'] ?? '';
  const version = req.headers['x-tc-version'] ?? '';
  if (!action) throw authFailure('MissingParameter', 'The X-TC-Action header is missing.');
  let params: unknown;
  try {
    params = req.body === '' ? {} : JSON.parse(req.body);
  } catch {
    throw authFailure('InvalidParameter', 'The request body is not valid JSON.');
  }
  if (params === null || typeof params !== 'object' || Array.isArray(params)) {
    throw authFailure('InvalidParameter', 'The request body must be a JSON object.');
  }
  return { action, version, region: req.headers['x-tc-region'] || undefined, secretId, params: params as Record<string, unknown> };
}

export function tc3SuccessBody(requestId: string, body: Record<string, unknown>): string {
  return JSON.stringify({ Response: { ...body, RequestId: requestId } });
}

export function tc3ErrorBody(requestId: string, error: ApiError): string {
  return JSON.stringify({ Response: { Error: { Code: error.code, Message: error.message }, RequestId: requestId } });
}

export function tc3Throttled(): ApiError {
  return new ApiError('RequestLimitExceeded', 'Your current request times equals to `20` in a second, which exceeds the frequency limit `20` for a second. Please reduce the frequency of calls.', 200);
}

export function tc3ServerError(): ApiError {
  return new ApiError('InternalError', 'An internal error has occurred. Retry your request, but if the problem persists, contact us.', 200);
}
