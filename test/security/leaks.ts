/**
 * What must never reach a log line or an answer: the literal secrets the tests sign with, and the
 * shapes of signed requests whatever their keys (a signature, a token, a signed URL). A redacted value
 * (`[redacted]`) is clean; only a value that survived redaction is a leak.
 */

export interface LeakPattern {
  name: string;
  pattern: RegExp;
}

/** The value after `=` or `:` that redaction would have replaced. */
const LIVE_VALUE = String.raw`\s*[=:]\s*"?(?!\[redacted\])[^\s"&,}\]]+`;

export const LEAK_PATTERNS: readonly LeakPattern[] = [
  // RPC signatures (base64) and TC3 signatures (hex), in a query, a form body, a header or JSON.
  { name: 'Signature value', pattern: new RegExp(String.raw`\bSignature"?${LIVE_VALUE}`) },
  { name: 'TC3 authorization', pattern: /TC3-HMAC-SHA256\s+Credential=[^\s,]+,\s*SignedHeaders=[^\s,]+,\s*Signature=[0-9a-f]{16,}/i },
  { name: 'SecurityToken value', pattern: new RegExp(String.raw`\bSecurityToken"?${LIVE_VALUE}`, 'i') },
  { name: 'X-TC-Token value', pattern: new RegExp(String.raw`\bX-TC-Token"?${LIVE_VALUE}`, 'i') },
  // A URL whose query still carries a signature: redaction drops the whole query of any URL.
  { name: 'signed URL', pattern: /https?:\/\/[^\s"'?]+\?[^\s"']*\bSignature=/i },
];

/** Secrets shorter than this are not looked for: they would match ordinary words (redaction agrees). */
const MIN_SECRET_LENGTH = 8;

/** Every leak in `text`: which secret or pattern, with a little context (the secret itself masked). */
export function findLeaks(text: string, secrets: Iterable<string>): string[] {
  const leaks: string[] = [];
  for (const secret of secrets) {
    if (secret.length < MIN_SECRET_LENGTH) continue;
    const at = text.indexOf(secret);
    if (at >= 0) leaks.push(`secret ${secret.slice(0, 3)}… at offset ${at}`);
  }
  for (const { name, pattern } of LEAK_PATTERNS) {
    const match = pattern.exec(text);
    if (match) leaks.push(`${name}: ${match[0].slice(0, 40)}…`);
  }
  return leaks;
}
