/**
 * SCF invoking itself asynchronously (the fan-out): Invoke with InvocationType Event
 * (TENCENT_SCF_ENDPOINT overrides), through the SDK's common client the bundle already holds.
 */
import type { TencentCredentials } from './credentials';
import { endpointFor } from './endpoints';
import type { InvokeAsync, SelfTarget } from './fc-self-invoke';
import { effectiveTimeout } from './hard-deadline';
import { invokeScf } from './invoke/scf';

type Env = Record<string, string | undefined>;

export function scfInvokeSelf(target: SelfTarget, credentials: () => TencentCredentials, env: Env, timeoutMs: number): InvokeAsync {
  return async (payload, limits) => {
    const outcome = await invokeScf({ ...target, endpoint: endpointFor('scf', target.region, env), async: true, payload, timeoutMs: effectiveTimeout(timeoutMs, limits.timeoutMs) }, credentials());
    return outcome.requestId ? { requestId: outcome.requestId } : {};
  };
}
