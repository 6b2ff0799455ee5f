/**
 * The stand-in's signature checks must refuse what the platforms refuse, or the invoke tests would
 * prove nothing. The SDKs' own signatures are accepted in invoke.test.ts; here, tampering is refused.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { acs3Signature, verifyAcs3 } from './stand-ins/acs3';
import { fcSignature, verifyFcSignature } from './stand-ins/fc-signature';
import { Refusal, type SignedRequest } from './stand-ins/refusal';

const KEY = { accessKeyId: 'LTAIunit', accessKeySecret: 'unit-secret' };
const NOW = Date.parse('2026-11-22T10:00:00Z');

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof Refusal) return error.code;
    throw error;
  }
  return 'accepted';
}

function acs3Request(over: Partial<SignedRequest> = {}): SignedRequest {
  const body = Buffer.from('{"action":"sweep"}');
  const headers: Record<string, string> = {
    host: '127.0.0.1:9000',
    'content-type': 'application/octet-stream',
    'x-acs-action': 'InvokeFunction',
    'x-acs-version': '2023-03-30',
    'x-acs-date': '2026-11-22T10:00:00Z',
    'x-acs-signature-nonce': 'nonce-1',
    'x-acs-content-sha256': createHash('sha256').update(body).digest('hex'),
    'x-fc-invocation-type': 'Async',
  };
  const req: SignedRequest = { method: 'POST', path: '/2023-03-30/functions/f/invocations', query: 'qualifier=LATEST', headers, body, ...over };
  const signed = ['content-type', 'host', 'x-acs-action', 'x-acs-content-sha256', 'x-acs-date', 'x-acs-signature-nonce', 'x-acs-version'];
  const signature = acs3Signature({ ...req, headers, body }, signed, KEY.accessKeySecret);
  return { ...req, headers: { ...headers, authorization: `ACS3-HMAC-SHA256 Credential=${KEY.accessKeyId},SignedHeaders=${signed.join(';')},Signature=${signature}`, ...over.headers } };
}

describe('ACS3-HMAC-SHA256 check', () => {
  it('accepts an intact request', () => {
    expect(refusal(() => verifyAcs3(acs3Request(), [KEY], NOW))).toBe('accepted');
  });

  it('refuses a wrong secret, a changed body, path, query or signed header', () => {
    const good = acs3Request();
    expect(refusal(() => verifyAcs3(good, [{ ...KEY, accessKeySecret: 'other' }], NOW))).toBe('SignatureDoesNotMatch');
    expect(refusal(() => verifyAcs3({ ...good, body: Buffer.from('{"action":"copy"}') }, [KEY], NOW))).toBe('SignatureDoesNotMatch');
    expect(refusal(() => verifyAcs3({ ...good, path: '/2023-03-30/functions/g/invocations' }, [KEY], NOW))).toBe('SignatureDoesNotMatch');
    expect(refusal(() => verifyAcs3({ ...good, query: 'qualifier=prod' }, [KEY], NOW))).toBe('SignatureDoesNotMatch');
    expect(refusal(() => verifyAcs3({ ...good, headers: { ...good.headers, 'x-acs-action': 'DeleteFunction' } }, [KEY], NOW))).toBe('SignatureDoesNotMatch');
  });

  it('refuses an unsigned x-acs- header, an unknown key and a stale date', () => {
    const good = acs3Request();
    expect(refusal(() => verifyAcs3({ ...good, headers: { ...good.headers, 'x-acs-extra': '1' } }, [KEY], NOW))).toBe('SignatureDoesNotMatch');
    expect(refusal(() => verifyAcs3(good, [{ ...KEY, accessKeyId: 'LTAIother' }], NOW))).toBe('InvalidAccessKeyId.NotFound');
    expect(refusal(() => verifyAcs3(good, [KEY], NOW + 3_600_000))).toBe('SignatureExpired');
  });
});

function fcRequest(over: Partial<SignedRequest> = {}): SignedRequest {
  const body = Buffer.from('{"action":"sweep"}');
  const headers: Record<string, string> = {
    date: new Date(NOW).toUTCString(),
    'content-type': 'application/octet-stream',
    'content-md5': Buffer.from(createHash('md5').update(body).digest('hex')).toString('base64'),
    'x-fc-account-id': '1234',
    'x-fc-invocation-type': 'Sync',
  };
  const req: SignedRequest = { method: 'POST', path: '/2016-08-15/services/s/functions/f/invocations', query: '', headers, body, ...over };
  return { ...req, headers: { ...headers, authorization: `FC ${KEY.accessKeyId}:${fcSignature({ ...req, headers }, KEY.accessKeySecret)}`, ...over.headers } };
}

describe('FC 2.0 signature check', () => {
  it('accepts an intact request', () => {
    expect(refusal(() => verifyFcSignature(fcRequest(), [KEY], NOW))).toBe('accepted');
  });

  it('refuses a wrong secret, a changed x-fc- header, path or body', () => {
    const good = fcRequest();
    expect(refusal(() => verifyFcSignature(good, [{ ...KEY, accessKeySecret: 'other' }], NOW))).toBe('SignatureNotMatch');
    expect(refusal(() => verifyFcSignature({ ...good, headers: { ...good.headers, 'x-fc-invocation-type': 'Async' } }, [KEY], NOW))).toBe('SignatureNotMatch');
    expect(refusal(() => verifyFcSignature({ ...good, path: '/2016-08-15/services/other/functions/f/invocations' }, [KEY], NOW))).toBe('SignatureNotMatch');
    expect(refusal(() => verifyFcSignature({ ...good, body: Buffer.from('{"action":"copy"}') }, [KEY], NOW))).toBe('InvalidArgument');
  });

  it('refuses an unknown key, a stale date, and an STS key without its token', () => {
    const good = fcRequest();
    expect(refusal(() => verifyFcSignature(good, [{ ...KEY, accessKeyId: 'LTAIother' }], NOW))).toBe('InvalidAccessKeyID');
    expect(refusal(() => verifyFcSignature(good, [KEY], NOW + 3_600_000))).toBe('RequestTimeTooSkewed');
    expect(refusal(() => verifyFcSignature(good, [{ ...KEY, securityToken: 'token' }], NOW))).toBe('InvalidSecurityToken');
  });
});
