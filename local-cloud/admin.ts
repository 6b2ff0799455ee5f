import type { CloudState } from './cloud-state';
import type { FaultChanges } from './faults';
import type { RateLimitTable } from './rate-limits';
import type { Seed } from './seed';

export interface AdminAnswer {
  status: number;
  body: unknown;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function bad(message: string): AdminAnswer {
  return { status: 400, body: { error: message } };
}

const INVOCATION_STATUSES: ReadonlySet<string> = new Set(['queued', 'running', 'done', 'failed']);

/** The admin endpoints README.md documents under "The local cloud" (plus `GET /_admin/faults` and `POST /_admin/rate-limits`). */
export function handleAdmin(state: CloudState, method: string, path: string, query: URLSearchParams, body: unknown): AdminAnswer {
  const route = `${method} ${path}`;
  try {
    switch (route) {
      case 'POST /_admin/reset':
        if (!isObject(body)) return bad('the seed must be a JSON object');
        state.reset(body as Seed);
        return { status: 200, body: { ok: true } };
      case 'GET /_admin/state':
        return { status: 200, body: state.view() };
      case 'GET /_admin/calls': {
        const since = Number(query.get('since') ?? 0);
        const account = query.get('account');
        const calls = state.calls.slice(Number.isInteger(since) && since > 0 ? since : 0);
        return { status: 200, body: account === null ? calls : calls.filter((c) => c.accountId === account) };
      }
      case 'GET /_admin/invocations': {
        const status = query.get('status');
        if (status !== null && !INVOCATION_STATUSES.has(status)) return bad(`status must be one of ${[...INVOCATION_STATUSES].join(', ')}`);
        const list = state.functions.list();
        return { status: 200, body: status === null ? list : list.filter((i) => i.status === status) };
      }
      case 'DELETE /_admin/calls':
        state.calls.length = 0;
        return { status: 200, body: { ok: true } };
      case 'GET /_admin/faults':
        return { status: 200, body: state.faults.current() };
      case 'POST /_admin/faults':
        if (!isObject(body)) return bad('faults must be a JSON object');
        return { status: 200, body: state.faults.configure(body as FaultChanges) };
      case 'GET /_admin/rate-limits':
        return { status: 200, body: state.limiter.current() };
      case 'POST /_admin/rate-limits':
        if (!isObject(body)) return bad('rate limits must be a JSON object keyed service.Action');
        return { status: 200, body: state.limiter.configure(body as RateLimitTable) };
      case 'GET /_admin/latency':
        return { status: 200, body: { ms: state.latencyMs } };
      case 'POST /_admin/latency': {
        const ms = isObject(body) ? body.ms : undefined;
        if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) return bad('latency needs { "ms": N }, N 0 or more');
        state.latencyMs = ms;
        return { status: 200, body: { ms } };
      }
      case 'POST /_admin/advance': {
        const seconds = isObject(body) ? body.seconds : undefined;
        if (typeof seconds !== 'number') return bad('advance needs { "seconds": N }');
        state.clock.advance(seconds);
        return { status: 200, body: { now: state.clock.iso() } };
      }
      default:
        return { status: 404, body: { error: `no admin endpoint ${route}` } };
    }
  } catch (error) {
    return bad(error instanceof Error ? error.message : String(error));
  }
}
