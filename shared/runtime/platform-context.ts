/** The parts of FC 3.0 and SCF contexts the handlers read, parsed defensively (any may be missing). */

export interface FcContext {
  requestId?: string;
  credentials?: { accessKeyId?: string; accessKeySecret?: string; securityToken?: string } | null;
  function?: { name?: string; timeout?: number };
  region?: string;
}

export interface ScfContext {
  request_id?: string;
  time_limit_in_ms?: number;
  getRemainingTimeInMillis?: () => number;
  function_name?: string;
}

/** Used when a context says nothing of its timeout (a local run, a test): one minute. */
const DEFAULT_TIMEOUT_MS = 60_000;

function positive(n: unknown): number | undefined {
  return typeof n === 'number' && Number.isFinite(n) && n > 0 ? n : undefined;
}

export function fcBasics(context: FcContext | undefined): { requestId: string; timeoutMs: number } {
  const seconds = positive(context?.function?.timeout);
  return { requestId: context?.requestId ?? '', timeoutMs: seconds ? seconds * 1000 : DEFAULT_TIMEOUT_MS };
}

export function scfBasics(context: ScfContext | undefined): { requestId: string; timeoutMs: number } {
  let remaining: number | undefined;
  try {
    remaining = positive(context?.getRemainingTimeInMillis?.());
  } catch {
    remaining = undefined;
  }
  return { requestId: context?.request_id ?? '', timeoutMs: remaining ?? positive(context?.time_limit_in_ms) ?? DEFAULT_TIMEOUT_MS };
}
