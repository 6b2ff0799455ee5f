/** SCF wiring: the event (an object), the role's credentials from the environment, the time left. */
import { apiTimeoutMs } from '../clouds/api-timeout';
import { AssumedRoles, ROLE_SESSION_SECONDS } from '../clouds/assumed-role';
import { tencentCredentials, type TencentCredentials } from '../clouds/credentials';
import { scfInvokeSelf } from '../clouds/scf-self-invoke';
import { assumeTencentRole } from '../clouds/tencent-sts';
import type { DriverFactory } from '../clouds/driver-factory';
import type { Answer } from '../contracts/results';
import type { SweepChores } from '../engine/sweep-chores';
import { parseScfEvent } from '../triggers/scf';
import { invoke } from './invoke';
import { jsonLogger } from './logger';
import { accountAccess, ROLE_SESSION_NAME } from './account-access';
import { scfBasics, scfSelf, type ScfContext } from './platform-context';
import { selfTarget } from './self-target';

/** An invoke API call answers in well under this; the SDKs' own defaults are far longer. */
const INVOKE_TIMEOUT_MS = 10_000;
/** Tencent STS needs a region (X-TC-Region); any region's answer reaches every account. */
const FALLBACK_STS_REGION = 'ap-guangzhou';

export interface ScfFunction {
  cloud: 'tencent-cbs';
  drivers: DriverFactory<TencentCredentials>;
  /** Upkeep this cloud's sweeps do beside the copies. */
  sweepChores?: SweepChores;
}

export type ScfHandler = (event: unknown, context?: ScfContext) => Promise<Answer>;

export function scfHandler(fn: ScfFunction): ScfHandler {
  // Kept for the life of the instance: a warm instance sweeping an account again asks STS nothing.
  const roles = new AssumedRoles<TencentCredentials>((caller, roleArn, limits) =>
    assumeTencentRole(caller, { roleArn, sessionName: ROLE_SESSION_NAME, durationSeconds: ROLE_SESSION_SECONDS, region: process.env.TENCENTCLOUD_REGION || FALLBACK_STS_REGION }, process.env, limits));
  return (event, context) =>
    invoke(event, {
      cloud: fn.cloud,
      parse: parseScfEvent,
      driver: (env) => fn.drivers(tencentCredentials(env), env),
      ...scfBasics(context),
      env: process.env,
      logger: jsonLogger(),
      sweepChores: fn.sweepChores,
      accounts: accountAccess(roles, tencentCredentials, fn.drivers),
      invokeSelf: (env) => {
        const target = selfTarget(scfSelf(context, env), { name: 'SCF_FUNCTIONNAME', region: 'TENCENTCLOUD_REGION' });
        return scfInvokeSelf(target, () => tencentCredentials(env), env, apiTimeoutMs(env) ?? INVOKE_TIMEOUT_MS);
      },
    });
}
