/** The parts of FC 3.0 and SCF contexts the handlers read, parsed defensively (any may be missing). */

export interface FcContext {
  requestId?: string;
  credentials?: { accessKeyId?: string; accessKeySecret?: string; securityToken?: string } | null;
  /** `qualifier` here in the contexts of FC 3.0's newer runtimes (https://alibabacloud.com/help/en/functioncompute/context-1). */
  function?: { name?: string; timeout?: number; qualifier?: string };
  /** The version or alias the function was invoked through, in the Node.js context (https://www.alibabacloud.com/help/en/functioncompute/user-guide/context). */
  service?: { qualifier?: string };
  region?: string;
  accountId?: string;
}

export interface ScfContext {
  request_id?: string;
  time_limit_in_ms?: number;
  getRemainingTimeInMillis?: () => number;
  function_name?: string;
  function_version?: string;
  namespace?: string;
  tencentcloud_region?: string;
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

type Env = Record<string, string | undefined>;

const textOf = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value : undefined);

/** Where this FC function runs, for invoking itself: the context first, then FC's built-in variables. */
export function fcSelf(context: FcContext | undefined, env: Env): { functionName?: string; qualifier?: string; region?: string; accountId?: string } {
  const functionName = textOf(context?.function?.name) ?? textOf(env.FC_FUNCTION_NAME);
  const qualifier = textOf(context?.service?.qualifier) ?? textOf(context?.function?.qualifier);
  const region = textOf(context?.region) ?? textOf(env.FC_REGION);
  const accountId = textOf(context?.accountId) ?? textOf(env.FC_ACCOUNT_ID);
  return { ...(functionName ? { functionName } : {}), ...(qualifier && qualifier !== 'LATEST' ? { qualifier } : {}), ...(region ? { region } : {}), ...(accountId ? { accountId } : {}) };
}

/** Where this SCF function runs, for invoking itself and for Tencent STS (docs/api-facts.md § "Platform: SCF"). */
export function scfSelf(context: ScfContext | undefined, env: Env): { functionName?: string; qualifier?: string; namespace?: string; region?: string } {
  const functionName = textOf(context?.function_name) ?? textOf(env.SCF_FUNCTIONNAME);
  const qualifier = textOf(context?.function_version) ?? textOf(env.SCF_FUNCTIONVERSION);
  const namespace = textOf(context?.namespace) ?? textOf(env.SCF_NAMESPACE);
  const region = textOf(context?.tencentcloud_region) ?? textOf(env.TENCENTCLOUD_REGION);
  return { ...(functionName ? { functionName } : {}), ...(qualifier && qualifier !== '$LATEST' ? { qualifier } : {}), ...(namespace ? { namespace } : {}), ...(region ? { region } : {}) };
}
