/**
 * The clouds of another account: its role, assumed with the caller's own credentials (STS AssumeRole
 * of the account's cloud, as the functions assume it), and the same driver factories made with the
 * role's temporary credentials. The role's answer passes through AssumedRoles, which registers its
 * secret parts with the redaction registry before anything can print them.
 *
 * Endpoints: ALIYUN_STS_ENDPOINT and TENCENT_STS_ENDPOINT as for the functions. Tencent STS needs a
 * region (X-TC-Region): TENCENTCLOUD_REGION, else ap-guangzhou, as the SCF function does; any region's
 * answer reaches every account.
 */
import { assumeAliyunRole } from '../shared/clouds/aliyun-sts';
import { apiTimeoutMs } from '../shared/clouds/api-timeout';
import { AssumedRoles, ROLE_SESSION_SECONDS, type AssumeRoleRequest } from '../shared/clouds/assumed-role';
import { cbsDriverFactory } from '../shared/clouds/cbs-factory';
import type { AliyunCredentials, TencentCredentials } from '../shared/clouds/credentials';
import { ecsDriverFactory } from '../shared/clouds/ecs-factory';
import { ensDriverFactory } from '../shared/clouds/ens-factory';
import { assumeTencentRole } from '../shared/clouds/tencent-sts';
import type { CloudDriver } from '../shared/contracts/driver';
import type { Account } from '../shared/contracts/policy';
import type { CloudKind } from '../shared/contracts/snapshot';
import { callWithRetry, type RetryDeps } from '../shared/engine/call-with-retry';
import { ROLE_SESSION_NAME } from '../shared/runtime/account-access';
import { accountCloudOf } from '../shared/policy/schema';
import { callerAliyunCredentials, callerTencentCredentials } from './credentials';
import type { Drivers } from './drivers';

type Env = Record<string, string | undefined>;

/** Tencent STS is regional; the SCF function falls back to the same region. */
const FALLBACK_STS_REGION = 'ap-guangzhou';

export interface AccountDrivers {
  drivers: Drivers;
  /** The STS requests it took. */
  calls: number;
}

export interface AccountRoles {
  /**
   * Drivers acting in `account`, through its role. `wrap` sees every driver once, as it is made. The
   * AssumeRole call is retried as any call of the command is (throttling, 5xx, timeouts): it changes nothing.
   */
  reach(account: Account, retry: RetryDeps, wrap: (driver: CloudDriver) => CloudDriver): Promise<AccountDrivers>;
}

function makeDrivers(account: Account, make: (cloud: CloudKind) => CloudDriver, source: string, wrap: (driver: CloudDriver) => CloudDriver): Drivers {
  const made = new Map<CloudKind, CloudDriver>();
  const credentialSources: Partial<Record<CloudKind, string>> = {};
  return {
    credentialSources,
    driverFor(cloud) {
      // The policy's check keeps each rule to accounts of its own cloud: this is a bug, not bad input.
      if (accountCloudOf(cloud) !== account.cloud) throw new Error(`account ${account.name} (${account.cloud}) has no ${cloud}`);
      let driver = made.get(cloud);
      if (!driver) {
        driver = wrap(make(cloud));
        made.set(cloud, driver);
        credentialSources[cloud] = source;
      }
      return driver;
    },
  };
}

export function accountRoles(env: Env): AccountRoles {
  const timeoutMs = apiTimeoutMs(env);
  const request = (roleArn: string): AssumeRoleRequest => ({
    roleArn, sessionName: ROLE_SESSION_NAME, durationSeconds: ROLE_SESSION_SECONDS, ...(timeoutMs !== undefined ? { timeoutMs } : {}),
  });
  const stsRegion = env.TENCENTCLOUD_REGION?.trim() || FALLBACK_STS_REGION;
  const aliyun = new AssumedRoles<AliyunCredentials>((caller, roleArn, limits) => assumeAliyunRole(caller, request(roleArn), env, limits));
  const tencent = new AssumedRoles<TencentCredentials>((caller, roleArn, limits) => assumeTencentRole(caller, { ...request(roleArn), region: stsRegion }, env, limits));
  return {
    async reach(account, retry, wrap) {
      // Kept credentials must last the rest of the command; each account is reached once, so this
      // only matters when a command reaches one account for two services (ECS and ENS).
      const validFor = (): number => retry.budget.remainingMs();
      if (account.cloud === 'aliyun') {
        const caller = callerAliyunCredentials(env);
        const { credentials, calls } = await callWithRetry((limits) => aliyun.credentialsFor(caller.credentials, account.roleArn, validFor(), limits), retry, true);
        const ecs = ecsDriverFactory();
        const ens = ensDriverFactory();
        const make = (cloud: CloudKind): CloudDriver => (cloud === 'aliyun-ens' ? ens(credentials, env) : ecs(credentials, env));
        return { drivers: makeDrivers(account, make, `role ${account.roleArn}, assumed with ${caller.source}`, wrap), calls };
      }
      const caller = callerTencentCredentials(env);
      const { credentials, calls } = await callWithRetry((limits) => tencent.credentialsFor(caller.credentials, account.roleArn, validFor(), limits), retry, true);
      const cbs = cbsDriverFactory();
      return { drivers: makeDrivers(account, () => cbs(credentials, env), `role ${account.roleArn}, assumed with ${caller.source}`, wrap), calls };
    },
  };
}
