/** The guard itself: it must catch each kind of leak, pass what redaction leaves, and record a console. */
import { describe, expect, it } from 'vitest';
import { redact } from '../../shared/secrets/redact';
import { findLeaks, LEAK_PATTERNS } from './leaks';
import { recordConsole, recordedLogText } from './log-guard';
import { secretsInSource, seedSecrets } from './seed-secrets';

const LEAKS: Array<[string, string]> = [
  ['Signature value', 'POST body AccessKeyId=AK&Signature=bGVha2VkU2lnbmF0dXJl%3D&Timestamp=1'],
  ['Signature value', '{"Signature":"bGVha2Vk"}'],
  ['TC3 authorization', 'Authorization: TC3-HMAC-SHA256 Credential=AKIDx/2026-11-22/cbs/tc3_request, SignedHeaders=content-type;host, Signature=0123456789abcdef0123456789abcdef'],
  ['SecurityToken value', 'GET /?SecurityToken=CAIS-leaked-token&x=1'],
  ['SecurityToken value', '"securityToken":"CAIS-leaked-token"'],
  ['X-TC-Token value', 'X-TC-Token: leaked-session-token'],
  ['signed URL', 'GET https://ecs.aliyuncs.com/?Action=DescribeSnapshots&Signature=abc'],
];

describe('findLeaks', () => {
  it.each(LEAKS)('catches a %s', (name, text) => {
    expect(findLeaks(text, []).some((leak) => leak.startsWith(name))).toBe(true);
  });

  it.each(LEAKS)('passes the redacted %s', (_name, text) => {
    expect(findLeaks(redact(text), [])).toEqual([]);
  });

  it('names every pattern in at least one sample', () => {
    expect(new Set(LEAKS.map(([name]) => name))).toEqual(new Set(LEAK_PATTERNS.map((p) => p.name)));
  });

  it('finds a literal secret, and ignores values too short to be one', () => {
    expect(findLeaks('the key was fc-role-secret-0123456789 then', ['fc-role-secret-0123456789'])).toHaveLength(1);
    expect(findLeaks('a b c', ['b'])).toEqual([]);
  });

  it('passes the lines handlers log on an ordinary run', () => {
    const line = '{"level":"warn","msg":"invocation failed","error":{"code":"SignatureDoesNotMatch","message":"ecs:DescribeSnapshots SignatureDoesNotMatch: Specified signature is not matched with our calculation."}}';
    expect(findLeaks(line, ['fc-role-secret-0123456789'])).toEqual([]);
  });
});

describe('the secrets it looks for', () => {
  it('reads seed keys from test sources', () => {
    expect(secretsInSource("{ accessKeyId: 'AK', accessKeySecret: 'from-a-seed-1', securityToken: \"tok-2\" }")).toEqual(['from-a-seed-1', 'tok-2']);
  });

  it('holds the harness keys and the example seed', () => {
    const secrets = seedSecrets();
    expect(secrets).toEqual(expect.arrayContaining(['fc-role-secret-0123456789', 'scf-role-token-abcdefghijklmnop', 'local-cloud-example-secret', 'local-cloud-sts-token']));
  });
});

describe('recordConsole', () => {
  it('records what a console prints, still prints it, and restores the console', () => {
    const printed: unknown[][] = [];
    const print = (...args: unknown[]): void => {
      printed.push(args);
    };
    const fake = { log: print, info: print, warn: print, error: print, debug: print };
    const restore = recordConsole(fake);
    fake.warn('value %s', 'guard-probe-42');
    restore();
    fake.log('after restore: guard-probe-43');
    expect(printed).toEqual([['value %s', 'guard-probe-42'], ['after restore: guard-probe-43']]);
    expect(recordedLogText()).toContain('value guard-probe-42');
    expect(recordedLogText()).not.toContain('guard-probe-43');
  });
});
