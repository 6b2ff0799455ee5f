/**
 * Removes credentials, tokens, signatures and signed URLs from text before it is logged or answered.
 * Two layers: patterns that catch any signed request, and the literal secret values in use.
 */

const knownSecrets = new Set<string>();

/** Registers a secret value (key secret, security token) so any literal occurrence is masked. */
export function registerSecret(value: string | undefined): void {
  // Very short values would mask ordinary words; real secrets and tokens are long.
  if (value && value.length >= 8) knownSecrets.add(value);
}

const PATTERNS: Array<[RegExp, string]> = [
  // Signed RPC URLs and form bodies: drop the query string entirely.
  [/(https?:\/\/[^\s"'?]+)\?[^\s"']*/gi, '$1?[redacted]'],
  // Individual sensitive parameters wherever they appear (query, form, JSON, headers).
  [
    /("?(?:Signature|SecurityToken|AccessKeySecret|accessKeySecret|securityToken|SecretKey|secretKey|sessionToken|SessionToken|X-TC-Token|x-acs-security-token|Token)"?\s*[=:]\s*"?)[^&\s",})]+/g,
    '$1[redacted]',
  ],
  // TC3 authorization header: keep the scheme and key id, drop the signature.
  [/(Signature=)[0-9a-f]{16,}/gi, '$1[redacted]'],
];

/** Each pattern needs one of these words; most log lines hold none and skip the replacements. */
const MIGHT_MATCH = /https?:\/\/|signature|token|secret/i;

export function redact(text: string): string {
  let out = text;
  for (const secret of knownSecrets) if (out.includes(secret)) out = out.split(secret).join('[redacted]');
  if (!MIGHT_MATCH.test(out)) return out;
  for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
  return out;
}
