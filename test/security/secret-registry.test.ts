/**
 * The secrets registry: every registered secret is masked in each encoding it travels in, and the
 * registry never grows past its bound however often a warm function's STS keys rotate.
 */
import { describe, expect, it } from 'vitest';
import { MAX_SECRETS, redact, redactDeep, registerSecret } from '../../shared/secrets/redact';

const TOKEN = 'CAIS+token/with=odd&chars!*()\'x9';

describe('registerSecret and redact', () => {
  it('masks the secret raw and percent-encoded once and twice', () => {
    registerSecret(TOKEN);
    const once = encodeURIComponent(TOKEN).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
    const forms = [TOKEN, once, encodeURIComponent(once)];
    for (const form of forms) {
      const out = redact(`before ${form} after`);
      expect(out).toBe('before [redacted] after');
    }
  });

  it('ignores a value that is not text, which an untyped context may hold, so answers keep their true and false', () => {
    for (const odd of [true, 12345678, { secret: 'x' }, ['a-long-value']]) registerSecret(odd as unknown as string);
    expect(redact('{"ok":true,"n":12345678,"s":"[object Object]","a":"a-long-value"}')).toBe('{"ok":true,"n":12345678,"s":"[object Object]","a":"a-long-value"}');
    expect(redactDeep({ ok: true })).toEqual({ ok: true });
  });

  it('masks a security token inside an echoed string to sign', () => {
    registerSecret(TOKEN);
    const stringToSign = `POST&%2F&AccessKeyId%3DSTS.abc%26SecurityToken%3D${encodeURIComponent(encodeURIComponent(TOKEN))}%26SignatureMethod%3DHMAC-SHA1`;
    expect(redact(stringToSign)).not.toContain(encodeURIComponent(encodeURIComponent(TOKEN)));
    expect(redact(stringToSign)).not.toMatch(/CAIS/);
  });

  it('keeps the newest MAX_SECRETS, dropping the oldest, however often keys rotate', () => {
    const secret = (i: number): string => `rotating-secret-${i}-${'k'.repeat(20)}`;
    for (let i = 0; i < MAX_SECRETS * 3; i++) registerSecret(secret(i));
    const masked = (i: number): boolean => redact(`x ${secret(i)} y`) === 'x [redacted] y';
    const kept = Array.from({ length: MAX_SECRETS * 3 }, (_, i) => i).filter(masked);
    expect(kept).toEqual(Array.from({ length: MAX_SECRETS }, (_, i) => MAX_SECRETS * 2 + i));
  });

  it('renews a secret registered again, so a key still in use is never the one dropped', () => {
    const secret = (i: number): string => `renewed-secret-${i}-${'k'.repeat(20)}`;
    registerSecret(secret(0));
    for (let i = 1; i < MAX_SECRETS * 2; i++) {
      registerSecret(secret(i));
      registerSecret(secret(0));
    }
    expect(redact(secret(0))).toBe('[redacted]');
    expect(redact(secret(1))).toBe(secret(1));
  });

  it('redacts every string of an answer', () => {
    registerSecret(TOKEN);
    const answer = { ok: false, results: [{ reason: `denied for ${TOKEN}` }], error: { code: 'X', message: `https://ecs.aliyuncs.com/?SecurityToken=${encodeURIComponent(TOKEN)}` } };
    const out = JSON.stringify(redactDeep(answer));
    expect(out).not.toContain('CAIS');
    expect(redactDeep(answer).ok).toBe(false);
  });
});
