/**
 * Primitive checks, each written once and reused by the API validators and the policy schema.
 * A check returns the violated rule as text ("must be 2-128 characters") or null when the value passes.
 */

export type Check<T> = (value: T) => string | null;

/** The first rule the value breaks, in the order given (so the most basic problem is the one reported). */
export function firstViolation<T>(value: T, checks: ReadonlyArray<Check<T>>): string | null {
  for (const check of checks) {
    const violation = check(value);
    if (violation !== null) return violation;
  }
  return null;
}

/** Length in Unicode code points: the API documents count a Chinese character as one character. */
export function codePointLength(value: string): number {
  let count = 0;
  for (const _ of value) count++;
  return count;
}

const utf8 = new TextEncoder();

export function utf8ByteLength(value: string): number {
  return utf8.encode(value).length;
}

export function lengthBetween(min: number, max: number): Check<string> {
  const rule = `must be ${min}-${max} characters`;
  return (value) => {
    const length = codePointLength(value);
    return length < min || length > max ? rule : null;
  };
}

export function atMostCharacters(max: number): Check<string> {
  return (value) => (codePointLength(value) > max ? `must be at most ${max} characters` : null);
}

export function bytesBetween(min: number, max: number): Check<string> {
  return (value) => {
    const bytes = utf8ByteLength(value);
    return bytes < min || bytes > max ? `must be ${min}-${max} bytes (UTF-8)` : null;
  };
}

/**
 * A lone UTF-16 surrogate (half of a pair, as JSON's `\ud800` escape can write) is not a character:
 * encodeURIComponent throws on it ("URI malformed"), so a request holding one can never be signed or
 * sent. With the `u` flag a proper pair is one code point and never matches; only a lone half does.
 * (String.prototype.isWellFormed is newer than Node 18, the bundles' target.)
 */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

export function isWellFormed(value: string): boolean {
  return !LONE_SURROGATE.test(value);
}

export const WELL_FORMED_RULE = 'must be well-formed Unicode text (it holds a lone UTF-16 surrogate, which no request can encode)';

export const wellFormedText: Check<string> = (value) => (isWellFormed(value) ? null : WELL_FORMED_RULE);

export const notEmpty: Check<string> = (value) => (value === '' ? 'must not be empty' : null);

export const notStartingWithHttp: Check<string> = (value) =>
  /^https?:\/\//i.test(value) ? 'must not start with http:// or https://' : null;

export const notContainingHttp: Check<string> = (value) =>
  /https?:\/\//i.test(value) ? 'must not contain http:// or https://' : null;

export function notStartingWith(prefixes: readonly string[]): Check<string> {
  const rule = `must not start with ${prefixes.join(' or ')}`;
  return (value) => (prefixes.some((prefix) => value.startsWith(prefix)) ? rule : null);
}

/** `start` tests the first character only; `rule` says what is expected in words. */
export function startsWith(start: RegExp, rule: string): Check<string> {
  return (value) => {
    const first = value.codePointAt(0);
    return first !== undefined && start.test(String.fromCodePoint(first)) ? null : rule;
  };
}

/** Every character must pass `allowed` (a one-character test); the rule names the first offender. */
export function onlyCharacters(allowed: RegExp, rule: string): Check<string> {
  return (value) => {
    for (const char of value) if (!allowed.test(char)) return `${rule} (found ${JSON.stringify(char)})`;
    return null;
  };
}

export const asciiOnly: Check<string> = (value) =>
  // eslint-disable-next-line no-control-regex -- the ASCII range is exactly what the rule is about
  /^[\x00-\x7f]*$/.test(value) ? null : 'must contain only ASCII characters';

export function integerBetween(min: number, max: number): Check<number> {
  const rule = `must be an integer from ${min} to ${max}`;
  return (value) => (Number.isInteger(value) && value >= min && value <= max ? null : rule);
}

export const positiveNumber: Check<number> = (value) =>
  Number.isFinite(value) && value > 0 ? null : 'must be a number greater than 0';

export function matchesPattern(pattern: RegExp, rule: string): Check<string> {
  return (value) => (pattern.test(value) ? null : rule);
}
