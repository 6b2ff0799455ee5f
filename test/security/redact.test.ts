import { describe, expect, it } from 'vitest';
import { redact, registerSecret } from '../../shared/secrets/redact';
describe('redact', () => {
  it('leaves a line with nothing secret in it as it is', () => {
    const line = '{"level":"info","msg":"result","sourceSnapshotId":"s-web1","outcome":"copied","copySnapshotId":"s-copy1"}';
    expect(redact(line)).toBe(line);
  });

  it('masks a registered secret even where no pattern would find it', () => {
    registerSecret('plain-looking-secret-value-42');
    expect(redact('the key plain-looking-secret-value-42 was plain-looking-secret-value-42')).toBe('the key [redacted] was [redacted]');
  });

  it.each([
    ['a signed URL', 'GET http://127.0.0.1:9000/?Action=CopySnapshot&Signature=abc', 'GET http://127.0.0.1:9000/?[redacted]'],
    ['a session token in JSON', '{"msg":"x","sessionToken":"CAIS-abc"}', '{"msg":"x","sessionToken":"[redacted]"}'],
    ['a TC3 signature', 'Credential=AKIDx/cbs/tc3_request, SIGNATURE=0123456789abcdef0123', 'Credential=AKIDx/cbs/tc3_request, SIGNATURE=[redacted]'],
  ])('masks %s', (_what, text, expected) => {
    expect(redact(text)).toBe(expected);
  });
});
