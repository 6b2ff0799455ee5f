/**
 * FC 3.0 invoking itself asynchronously (the fan-out): InvokeFunction with x-fc-invocation-type Async,
 * at `<account id>.<region>.fc.aliyuncs.com` (ALIYUN_FC_ENDPOINT overrides), through
 * @alicloud/fc20230330. Its client and models weigh 1.1 MB, ten times a function bundle, so the bundles
 * carry it as a file of its own beside index.js, read only by a sweep that fans out (scripts/bundle.ts,
 * "lazy parts").
 */
import type { CallLimits } from '../contracts/driver';
import type { AliyunCredentials } from './credentials';
import { ENDPOINT_VARIABLES, endpointFor } from './endpoints';
import { effectiveTimeout } from './hard-deadline';

type Env = Record<string, string | undefined>;

/** The function as the platform names it. */
export interface SelfTarget {
  functionName: string;
  /** FC: a version or alias; SCF: the version. */
  qualifier?: string;
  /** SCF only. */
  namespace?: string;
  region: string;
  /** FC only: the account its endpoint is named after. */
  accountId?: string;
}

export type InvokeAsync = (payload: string, limits: CallLimits) => Promise<{ requestId?: string }>;

export function fcInvokeSelf(target: SelfTarget, credentials: () => AliyunCredentials, env: Env, timeoutMs: number): InvokeAsync {
  return async (payload, limits) => {
    const { invokeFc3 } = await import('./invoke/fc3');
    const endpoint = (env[ENDPOINT_VARIABLES.fc3]?.trim() ?? '') !== '' ? { endpoint: endpointFor('fc3', '', env) } : {};
    const outcome = await invokeFc3({ ...target, ...endpoint, async: true, payload, timeoutMs: effectiveTimeout(timeoutMs, limits.timeoutMs) }, credentials());
    return outcome.requestId ? { requestId: outcome.requestId } : {};
  };
}
