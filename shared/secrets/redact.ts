/**
 * Removes credentials, tokens, signatures and signed URLs from text before it leaves the process
 * (log lines, answers, webhook messages, the command's output). Two layers: patterns that catch any
 * signed request, and the literal secret values in use, in every encoding they travel in.
 */

/** Secrets kept at once: a warm function whose STS keys rotate registers new ones; the oldest go. */
export const MAX_SECRETS = 32;

/** Very short values would mask ordinary words; real secrets and tokens are long. */
const MIN_SECRET_LENGTH = 8;

/** Percent-encoding as the Alibaba RPC signature applies it (RFC 3986: encodeURIComponent plus !'()*). */
function rpcEncode(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * Each registered secret with the forms it travels in: as it is, and percent-encoded once (a signed
 * query) or twice (an echoed string to sign, which encodes the query again). Insertion-ordered, so the
 * first entry is the one registered (or renewed) longest ago.
 */
const registry = new Map<string, string[]>();

/** Registers a secret value (key secret, security token, a webhook's token) so it is masked in any of its forms. */
export function registerSecret(value: string | undefined): void {
  // Values come from untyped contexts too: `true` registered as a secret would mask every `true` of every answer.
  if (typeof value !== 'string' || value.length < MIN_SECRET_LENGTH) return;
  const once = rpcEncode(value);
  registry.delete(value);
  registry.set(value, [rpcEncode(once), once, value]);
  if (registry.size > MAX_SECRETS) registry.delete(registry.keys().next().value as string);
}

const PATTERNS: Array<[RegExp, string]> = [
  // Signed RPC URLs and form bodies: drop the query string entirely.
  [/(https?:\/\/[^\s"'?]+)\?[^\s"']*/gi, '$1?[redacted]'],
  // Sensitive parameters wherever they appear (query, form, JSON, headers), in any case, with the `=`
  // also percent-encoded (a string to sign holds `SecurityToken%3D...`): Signature, AccessKeySecret,
  // SecretKey, SecurityToken, SessionToken, X-TC-Token, x-acs-security-token and the like.
  [/("?(?:Signature|Secret(?:Key)?|Token)"?\s*(?:[=:]|%3D|%253D)\s*"?)[^&\s",})]+/gi, '$1[redacted]'],
  // TC3 authorization header: keep the scheme and key id, drop the signature.
  [/(Signature=)[0-9a-f]{16,}/gi, '$1[redacted]'],
];

/** Each pattern needs one of these words; most log lines hold none and skip the replacements. */
const MIGHT_MATCH = /https?:\/\/|signature|token|secret/i;

export function redact(text: string): string {
  let out = text;
  for (const forms of registry.values()) {
    for (const form of forms) if (out.includes(form)) out = out.split(form).join('[redacted]');
  }
  if (!MIGHT_MATCH.test(out)) return out;
  for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

/**
 * A JSON value (an answer) with every string redacted. The patterns never cross a quote, and a secret's
 * forms hold no JSON-escaped characters, so the text stays JSON.
 */
export function redactDeep<T>(value: T): T {
  return JSON.parse(redact(JSON.stringify(value))) as T;
}
