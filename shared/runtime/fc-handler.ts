/** FC 3.0 wiring: the payload (a Buffer), the role's credentials from the context, the function's timeout. */
import { apiTimeoutMs } from '../clouds/api-timeout';
import { assumeAliyunRole } from '../clouds/aliyun-sts';
import { AssumedRoles, ROLE_SESSION_SECONDS } from '../clouds/assumed-role';
import { aliyunCredentials, type AliyunCredentials } from '../clouds/credentials';
import { ENDPOINT_VARIABLES } from '../clouds/endpoints';
import { fcInvokeSelf } from '../clouds/fc-self-invoke';
import type { DriverFactory } from '../clouds/driver-factory';
import type { Answer } from '../contracts/results';
import type { CloudKind } from '../contracts/snapshot';
import type { SweepChores } from '../engine/sweep-chores';
import { parseFcEvent } from '../triggers/fc';
import { invoke } from './invoke';
import { jsonLogger } from './logger';
import { accountAccess, ROLE_SESSION_NAME } from './account-access';
import { fcBasics, fcSelf, type FcContext } from './platform-context';
import { selfTarget } from './self-target';

/** An invoke API call answers in well under this; the SDKs' own defaults are far longer. */
const INVOKE_TIMEOUT_MS = 10_000;

export interface FcFunction {
  cloud: Extract<CloudKind, 'aliyun-ecs' | 'aliyun-ens'>;
  drivers: DriverFactory<AliyunCredentials>;
  /** Upkeep this cloud's sweeps do beside the copies, if any. */
  sweepChores?: SweepChores;
}

export type FcHandler = (event: unknown, context?: FcContext) => Promise<Answer>;

export function fcHandler(fn: FcFunction): FcHandler {
  // Kept for the life of the instance: a warm instance sweeping an account again asks STS nothing.
  const roles = new AssumedRoles<AliyunCredentials>((caller, roleArn, limits) =>
    assumeAliyunRole(caller, { roleArn, sessionName: ROLE_SESSION_NAME, durationSeconds: ROLE_SESSION_SECONDS }, process.env, limits));
  return (event, context) =>
    invoke(event, {
      cloud: fn.cloud,
      parse: (event) => parseFcEvent(event, context?.region || process.env.FC_REGION),
      driver: (env) => fn.drivers(aliyunCredentials(context, env), env),
      ...fcBasics(context),
      env: process.env,
      logger: jsonLogger(),
      sweepChores: fn.sweepChores,
      accounts: accountAccess(roles, (env) => aliyunCredentials(context, env), fn.drivers),
      invokeSelf: (env) => {
        // The endpoint is named after the account, unless ALIYUN_FC_ENDPOINT says where it is.
        const endpointSet = (env[ENDPOINT_VARIABLES.fc3] ?? '').trim() !== '';
        const target = selfTarget(fcSelf(context, env), { name: 'FC_FUNCTION_NAME', region: 'FC_REGION', ...(endpointSet ? {} : { accountId: 'FC_ACCOUNT_ID' }) });
        return fcInvokeSelf(target, () => aliyunCredentials(context, env), env, apiTimeoutMs(env) ?? INVOKE_TIMEOUT_MS);
      },
    });
}
