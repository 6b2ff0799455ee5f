/**
 * Network failures that say an endpoint cannot be reached at all (nothing listens, the host name does
 * not resolve, no route), told apart from the other network errors. They stay transient for the
 * functions (a DNS blip passes), but a person at a terminal wants to hear of them at once: the command
 * line gives up on them after a few seconds.
 */

/** The codes these failures get, each a kind of NetworkError. */
export const UNREACHABLE_CODES = ['NetworkError.ConnectionRefused', 'NetworkError.UnknownHost', 'NetworkError.HostUnreachable'] as const;
export type UnreachableCode = (typeof UNREACHABLE_CODES)[number];

export function isUnreachableCode(code: string): code is UnreachableCode {
  return (UNREACHABLE_CODES as readonly string[]).includes(code);
}

/** Node's system error codes (errno names) for each kind; see https://nodejs.org/api/errors.html#common-system-errors */
const KINDS: ReadonlyArray<{ errno: readonly string[]; code: UnreachableCode; says: string }> = [
  { errno: ['ECONNREFUSED'], code: 'NetworkError.ConnectionRefused', says: 'connection refused' },
  { errno: ['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME'], code: 'NetworkError.UnknownHost', says: 'unknown host' },
  { errno: ['EHOSTUNREACH', 'ENETUNREACH'], code: 'NetworkError.HostUnreachable', says: 'no route to host' },
];

function field(raw: unknown, key: string): string | undefined {
  const value = raw !== null && typeof raw === 'object' && key in raw ? (raw as Record<string, unknown>)[key] : undefined;
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}

/**
 * The code and a plain message for an error that means the endpoint cannot be reached, read from the
 * error's `code` (pop-core passes Node's error on) or from its message (the Tencent SDK keeps only the
 * text, "request to http://… failed, reason: connect ECONNREFUSED 127.0.0.1:1"); undefined otherwise.
 */
export function unreachable(raw: unknown, message: string): { code: UnreachableCode; message: string } | undefined {
  const errno = field(raw, 'code');
  for (const kind of KINDS) {
    const named = kind.errno.find((e) => e === errno || new RegExp(`\\b${e}\\b`).test(message));
    if (named === undefined) continue;
    const host = field(raw, 'hostname');
    const address = field(raw, 'address');
    const port = field(raw, 'port');
    const where = host ?? (address !== undefined ? (port !== undefined ? `${address}:${port}` : address) : new RegExp(`\\b${named}\\s+(\\S+)`).exec(message)?.[1]);
    return { code: kind.code, message: `${kind.says}${where ? ` (${where})` : ''}: ${named}` };
  }
  return undefined;
}
